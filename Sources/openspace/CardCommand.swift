import ArgumentParser
import BoardModel
import BoardStore
import Foundation
import Settings

/// `openspace card`: register and list topic cards in a board's journal.
struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card", abstract: "Register or list topic cards.", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a topic card and print the code its QR carries.")

        @OptionGroup var options: BoardOptions

        @OptionGroup var fields: CardFields

        func run() throws {
            let settings = try options.resolved()
            let layout = try settings.loadLayout()
            try settings.prepareJournalFolder()
            let journal = try BoardJournal(path: settings.journalPath)
            let card = fields.card(id: .random())
            try journal.commit(.registerCard(card), context: .init(layout: layout, now: Date(), actor: .host))
            print("\(card.id.text)  \(settings.codes.code(for: card.id))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cards a board knows, with where they are.")

        @OptionGroup var options: BoardOptions

        func run() throws {
            let settings = try options.resolved()
            let layout = try settings.loadLayout()
            let grid = try BoardJournal(path: settings.journalPath).grid()
            for card in grid.cards.values.sorted(by: { $0.id < $1.id }) {
                let place =
                    grid.placements[card.id].map { layout.describe($0) }
                    ?? (grid.parked.contains(card.id) ? "needs a slot" : "not placed")
                print("\(settings.codes.code(for: card.id))  \(card.displayTitle)  [\(place)]")
            }
        }
    }
}

/// What a topic card says, as options.
struct CardFields: ParsableArguments {
    @Option(help: "The session's topic; leave it out for a blank card written by hand.")
    var title = ""

    @Option(help: "The host's name.")
    var host = ""

    @Option(help: "How to reach the host (a handle, an e-mail address).")
    var contact = ""

    @Option(help: "A short description of the session.")
    var summary = ""

    var isEmpty: Bool { (title + host + contact + summary).isEmpty }

    func card(id: CardID) -> Card {
        Card(id: id, title: title, host: host, contact: contact, summary: summary)
    }
}
