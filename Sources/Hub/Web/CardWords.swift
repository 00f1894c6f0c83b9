import BoardModel

/// The words of a card as a form sends them, checked against what fits on a printed card.
struct CardWords {
    static let maxTitle = 80
    static let maxHost = 80
    static let maxContact = 80
    static let maxDescription = 200

    let title: String
    let host: String
    let contact: String
    let description: String

    /// The fields as sent by the card form and the staff page's create form.
    struct Form: Decodable {
        var title: String?
        var host: String?
        var contact: String?
        var description: String?
        var csrf: String?
    }

    init(form: Form) {
        title = FormText.trimmed(form.title)
        host = FormText.trimmed(form.host)
        contact = FormText.trimmed(form.contact)
        description = FormText.trimmed(form.description)
    }

    init(card: Card) {
        title = card.title
        host = card.host
        contact = card.contact
        description = card.summary
    }

    /// What is wrong with the words, one sentence each; empty when they can be saved.
    var problems: [String] {
        [
            FormText.problem(title, field: "The title", required: true, maxLength: Self.maxTitle),
            FormText.problem(host, field: "The host", maxLength: Self.maxHost),
            FormText.problem(contact, field: "The contact", maxLength: Self.maxContact),
            FormText.problem(description, field: "The description", maxLength: Self.maxDescription, singleLine: false),
        ].compactMap { $0 }
    }

    func card(id: CardID) -> Card {
        Card(id: id, title: title, host: host, contact: contact, summary: description)
    }
}
