import ArgumentParser
import BoardModel
import BoardService
import BoardStore
import Foundation
import Logging
import Render

/// `openspace board`: the board service.
struct BoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Run a board: read scans, keep the journal, show the grid.",
        discussion: """
            Scans come from standard input (or --input, a file or FIFO), one per line. The panel is the
            Waveshare 7.5" V2 on the Pi's GPIO and SPI, or with --simulate the controller emulator,
            driven by the same driver; each frame it shows is written as a PNG into --frames. Every
            scan's result is printed as 'accepted: …', 'refused: …' or 'prompt: …' after any change
            is on disk.
            """)

    @OptionGroup var options: BoardOptions

    @Flag(help: "Drive a simulated panel (the UC8179 controller emulator) instead of the Pi's GPIO and SPI.")
    var simulate = false

    @Option(
        help: "Write each frame the panel shows as a PNG into this folder (default with --simulate: out/board/frames).")
    var frames: String?

    @Option(help: "Read scans from this file or FIFO instead of standard input.")
    var input: String?

    @Option(help: "Start the board's clock at this local time (YYYY-MM-DDTHH:MM, the event's time zone).")
    var start: String?

    @OptionGroup var panel: PanelOptions

    func validate() throws {
        if let input, !FileManager.default.fileExists(atPath: input) {
            throw ValidationError("--input \(input) does not exist: create it (mkfifo \(input)) or pick another path")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "openspace.board")
        let layout = try options.loadLayout()
        try options.prepareJournalFolder()
        let clock = try start.map { BoardClock.starting(at: try parseLocalTime($0, in: layout)) } ?? .system
        let record = try (frames ?? (simulate ? "out/board/frames" : nil)).map { try PNGFrameSink(directory: $0) }
        let sink = try panel.sink(simulate: simulate, clock: clock, record: record, logger: logger)
        let board = try Board(
            layout: layout, journal: try BoardJournal(path: options.journal), codes: options.codes,
            badges: try options.badgeVerifier(), renderer: PanelRenderer(text: try TextRenderer()), sink: sink,
            clock: clock, signals: try panel.signals(simulate: simulate), logger: logger)
        try await board.refresh(force: true)
        let where_ = record.map { "frames in \($0.directory) (latest.png)" } ?? "panel ready"
        Console.line("board ready: \(where_); scan one code per line")
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                for note in (try? await board.tick()) ?? [] { Console.line(note.description) }
            }
        }
        defer { ticker.cancel() }
        for await line in ScanLines.stream(path: input) {
            let feedback = try await board.scan(line)
            Console.line(feedback.description)
        }
    }
}

/// Line output that reaches a pipe at once: an acknowledgement must not sit in a buffer.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
