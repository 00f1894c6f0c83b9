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
            With --simulate, scans come from standard input (or --input, a file or FIFO), one per line,
            and each new panel frame is written as a PNG into --frames. Every scan's result is printed
            as 'accepted: …', 'refused: …' or 'prompt: …' after any change is on disk.
            """)

    @OptionGroup var options: BoardOptions

    @Flag(help: "Use the simulated panel (PNG frames) and read scans from a line source.")
    var simulate = false

    @Option(help: "Where the simulated panel writes its frames.")
    var frames = "out/board/frames"

    @Option(help: "Read scans from this file or FIFO instead of standard input.")
    var input: String?

    @Option(help: "Start the board's clock at this local time (YYYY-MM-DDTHH:MM, the event's time zone).")
    var start: String?

    func validate() throws {
        guard simulate else {
            throw ValidationError(
                "this build drives only the simulated panel: add --simulate (the e-paper driver is configured separately)"
            )
        }
        if let input, !FileManager.default.fileExists(atPath: input) {
            throw ValidationError("--input \(input) does not exist: create it (mkfifo \(input)) or pick another path")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let layout = try options.loadLayout()
        try options.prepareJournalFolder()
        let clock = try start.map { BoardClock.starting(at: try parseLocalTime($0, in: layout)) } ?? .system
        let sink = try PNGFrameSink(directory: frames)
        let board = try Board(
            layout: layout, journal: try BoardJournal(path: options.journal), codes: options.codes,
            badges: try options.badgeVerifier(), renderer: PanelRenderer(text: try TextRenderer()), sink: sink,
            clock: clock)
        try await board.refresh(force: true)
        Console.line("board ready: frames in \(sink.directory) (latest.png); scan one code per line")
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
