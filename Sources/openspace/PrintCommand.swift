import ArgumentParser
import BoardModel
import BoardService
import BoardStore
import Foundation
import Printer
import Render
import Settings

/// `openspace print`: topic cards and blank cards for the receipt printer, slot labels for an
/// office printer.
struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print", abstract: "Print topic cards, blank cards or the board's slot labels.",
        subcommands: [Card_.self, Blank.self, Slots.self, Jobs.self, Cancel.self, TestCode.self])

    /// `openspace print card`
    struct Card_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "card",
            abstract: "Register a topic card (or take one the board knows) and print it.",
            discussion: """
                Prints 'CARDID  URL' for the card, the URL being exactly what its QR code holds. Send it
                to a printer now (--printer), write it to files (--output: the raster as printed, as a
                PNG, and the raw ESC/POS bytes), or queue it for the running board's printer (--queue).
                """)

        @OptionGroup var options: BoardOptions
        @OptionGroup var destination: CardDestination

        @Option(help: "Print this card the board already knows (its id or the code on it) instead of a new one.")
        var card: String?

        @OptionGroup var fields: CardFields

        func validate() throws {
            if card != nil, !fields.isEmpty {
                throw ValidationError("--card prints a card as the board knows it: leave out --title, --host, …")
            }
            if card == nil, fields.title.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("a topic card needs --title (for cards written by hand: openspace print blank)")
            }
        }

        func run() throws {
            let settings = try options.resolved()
            let journal = try destination.openJournal(settings)
            let printed: Card
            if let card {
                let text = card.uppercased().split(separator: "/").last.map(String.init) ?? ""
                guard let id = try? CardID(validating: text) else {
                    throw ValidationError("--card '\(card)' is neither a card id nor a card's code")
                }
                guard let known = try journal.grid().cards[id] else {
                    throw ValidationError("card \(id.text) is not in the journal \(settings.journalPath)")
                }
                printed = known
            } else {
                printed = fields.card(id: .random())
                try register(printed, in: journal, settings)
            }
            let kind: PrintJobTicket.Kind = printed.title.isEmpty ? .blankCard : .card
            try destination.deliver([PrintJobTicket(id: 0, kind: kind, card: printed)], settings)
        }
    }

    /// `openspace print blank`
    struct Blank: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register and print blank cards: a QR code and lines to write the topic on.",
            discussion: "Prints 'CARDID  URL' for each card.")

        @OptionGroup var options: BoardOptions
        @OptionGroup var destination: CardDestination

        @Option(help: "How many blank cards (1 to 500).")
        var count = 1

        func validate() throws {
            guard (1...500).contains(count) else { throw ValidationError("--count must be between 1 and 500") }
        }

        func run() throws {
            let settings = try options.resolved()
            let journal = try destination.openJournal(settings)
            var tickets: [PrintJobTicket] = []
            for _ in 0..<count {
                let card = Card(id: .random(), title: "", host: "", contact: "", summary: "")
                try register(card, in: journal, settings)
                tickets.append(PrintJobTicket(id: 0, kind: .blankCard, card: card))
            }
            try destination.deliver(tickets, settings)
        }
    }

    /// `openspace print slots`
    struct Slots: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the board's slot labels as A4 PNG pages (3 x 7 labels) for an office printer.",
            discussion: "Print the pages at 100% scale; one label per room and slot of every day.")

        @Option(help: "The conference layout file (YAML).")
        var layout = "deploy/examples/conference.yaml"

        @Option(help: "The hub's address; printed codes start with it.")
        var hub = "https://os.example.org"

        @Option(help: "The folder the pages go into.")
        var output = "out/print"

        @Option(help: "Page resolution in dots per inch (100 to 600).")
        var dpi = 200

        func validate() throws {
            guard (100...600).contains(dpi) else { throw ValidationError("--dpi must be between 100 and 600") }
        }

        func run() throws {
            let conference = try BoardOptions.parse(["--layout", layout]).resolved().loadLayout()
            let sheet = SlotLabelSheet(
                conference: conference, codes: ScanCodeFormat(hub: hub), renderer: try TextRenderer(),
                dotsPerInch: dpi)
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let pages = try sheet.pngPages()
            for (number, page) in pages.enumerated() {
                let path = "\(output)/slot-labels-\(String(format: "%02d", number + 1)).png"
                try Data(page).write(to: URL(fileURLWithPath: path))
                print(path)
            }
            print("\(sheet.cells.count) labels on \(pages.count) pages at \(dpi) dpi")
        }
    }
}

extension PrintCommand {
    /// `openspace print jobs`
    struct Jobs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the journal's print jobs: waiting ones, or all with --all.")

        @OptionGroup var options: BoardOptions

        @Flag(help: "Include printed and cancelled jobs.")
        var all = false

        func run() throws {
            let settings = try options.resolved()
            let queue = try PrintQueue(path: settings.journalPath)
            let states: Set<PrintQueue.State> = all ? Set(PrintQueue.State.allCases) : [.pending, .printing]
            let jobs = try queue.jobs(in: states)
            for job in jobs {
                let title = job.card.title.isEmpty ? "(blank card)" : "\"\(job.card.title)\""
                let tries = job.attempts > 0 ? ", \(job.attempts) failed tries" : ""
                let note = job.lastError.map { ": \($0)" } ?? ""
                print("job \(job.id)  \(job.state.rawValue)  \(job.card.id.text) \(title)\(tries)\(note)")
            }
            if jobs.isEmpty { print(all ? "no print jobs" : "no print jobs waiting") }
        }
    }

    /// `openspace print cancel`
    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a print job that has not started printing.")

        @OptionGroup var options: BoardOptions

        @Argument(help: "The job's number, as `openspace print jobs` lists it.")
        var job: Int64

        func run() throws {
            let settings = try options.resolved()
            let queue = try PrintQueue(path: settings.journalPath)
            guard let found = try queue.job(job) else {
                throw ValidationError("there is no print job \(job) in \(settings.journalPath)")
            }
            guard try queue.cancel(job, reason: "cancelled by hand") else {
                throw PrintRefused(
                    message: "job \(job) is \(found.state.rawValue): only a job still waiting to print can be cancelled"
                )
            }
            print("job \(job) cancelled; card \(found.card.id.text) will not print")
        }
    }
}

/// Puts a new card in the board's journal, so the board knows it when its code is scanned.
private func register(_ card: Card, in journal: BoardJournal, _ settings: BoardConfig) throws {
    let layout = try settings.loadLayout()
    try journal.commit(.registerCard(card), context: .init(layout: layout, now: Date(), actor: .host))
}

/// Where printed cards go: a printer now, files, or the board's print queue.
struct CardDestination: ParsableArguments {
    @OptionGroup var printer: PrinterOptions

    @Option(help: "Write each card into this folder: card-ID.png (the raster as printed) and card-ID.escpos.")
    var output: String?

    @Flag(help: "Queue the cards in the journal; the board running with --printer prints them.")
    var queue = false

    func validate() throws {
        let chosen = [printer.printer != nil, output != nil, queue].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("say where the cards go: exactly one of --printer, --output or --queue")
        }
    }

    func openJournal(_ settings: BoardConfig) throws -> BoardJournal {
        try settings.prepareJournalFolder()
        return try BoardJournal(path: settings.journalPath)
    }

    func deliver(_ tickets: [PrintJobTicket], _ settings: BoardConfig) throws {
        if queue {
            let printQueue = try PrintQueue(path: settings.journalPath)
            for ticket in tickets {
                let kind: PrintQueue.Kind = ticket.kind == .card ? .card : .blankCard
                let job = try printQueue.enqueue(kind, card: ticket.card)
                print("\(ticket.card.id.text)  \(settings.codes.code(for: ticket.card.id))  queued as job \(job)")
            }
            return
        }
        let renderer = PrintJobRenderer(
            profile: try printer.profile(), renderer: try TextRenderer(), codes: settings.codes)
        let documents = try tickets.map { ($0, try renderer.bytes(for: $0)) }
        if let output {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for (ticket, bytes) in documents {
                let base = "\(output)/card-\(ticket.card.id.text)"
                try Data(bytes).write(to: URL(fileURLWithPath: base + ".escpos"))
                guard let raster = try ESCPOSRaster.decode(bytes) else {
                    throw ValidationError("card \(ticket.card.id.text) has no raster image to write as PNG")
                }
                try Data(try PNG.encode(raster)).write(to: URL(fileURLWithPath: base + ".png"))
                print("\(ticket.card.id.text)  \(settings.codes.code(for: ticket.card.id))  \(base).png")
            }
            return
        }
        guard let selection = try printer.selection() else { return }
        let transport = try selection.open()
        for (ticket, bytes) in documents {
            let status = try PrinterStatus.query(transport, timeout: .milliseconds(500))
            guard status.isReady else {
                throw PrintRefused(
                    message: "\(transport.name) is not ready: \(status); card \(ticket.card.id.text) "
                        + "not printed (queue it with --queue and the board prints it when the printer is back)")
            }
            try transport.write(bytes)
            print("\(ticket.card.id.text)  \(settings.codes.code(for: ticket.card.id))  printed on \(transport.name)")
        }
    }
}

/// A printer that answered but cannot print now.
struct PrintRefused: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
