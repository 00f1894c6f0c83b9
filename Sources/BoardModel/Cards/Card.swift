/// A topic card as its host filled it in: what the session is about and who runs it.
public struct Card: Hashable, Sendable, Codable {
    public var id: CardID
    /// Empty for a blank card whose topic is written by hand.
    public var title: String
    public var host: String
    /// How to reach the host: a handle, an e-mail address, a chat name.
    public var contact: String
    public var summary: String

    public init(id: CardID, title: String, host: String = "", contact: String = "", summary: String = "") {
        self.id = id
        self.title = title
        self.host = host
        self.contact = contact
        self.summary = summary
    }

    /// The title to show: blank cards show their id, so a passer-by can still find them.
    public var displayTitle: String { title.isEmpty ? "Card \(id.text)" : title }
}
