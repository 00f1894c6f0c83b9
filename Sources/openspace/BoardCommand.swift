import ArgumentParser
import BoardModel
import BoardService
import BoardStore
import Daemon
import Foundation
import Logging
import Printer
import Render
import Scanner
import Settings
import Sync

/// `openspace board`: the board service.
struct BoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Run a board: read scans, keep the journal, show the grid.",
        discussion: """
            Scans come from the barcode scanner named by --scanner, or else from standard input (or
            --input, a file or FIFO), one per line. With --printer, cards queued in the journal (by
            `openspace print … --queue`) are printed in the background. The panel is the
            Waveshare 7.5" V2 on the Pi's GPIO and SPI, or with --simulate the controller emulator,
            driven by the same driver; each frame it shows is written as a PNG into --frames. Every
            scan's result is printed as 'accepted: …', 'refused: …' or 'prompt: …' after any change
            is on disk.
            """)

    @OptionGroup var options: BoardOptions

    @Flag(help: "Drive a simulated panel (the UC8179 controller emulator) instead of the Pi's GPIO and SPI.")
    var simulate = false

    @Option(
        help:
            "Write each frame the panel shows as a PNG into this folder (panel.frames; default with --simulate: out/board/frames)."
    )
    var frames: String?

    @Option(help: "Read scans from this file or FIFO instead of standard input.")
    var input: String?

    @Option(help: "Start the board's clock at this local time (YYYY-MM-DDTHH:MM, the event's time zone).")
    var start: String?

    @Flag(help: "Check the settings (file, environment, options) and the layout, print them, and exit.")
    var check = false

    @OptionGroup var panel: PanelOptions

    @OptionGroup var scanner: ScannerOptions

    @OptionGroup var printer: PrinterOptions

    @Option(
        help:
            "Seconds between tries while the printer is missing or not ready, and between looks at an empty queue (printer.retry)."
    )
    var printerRetry: Double?

    @OptionGroup var sync: SyncOptions

    func validate() throws {
        if let input, !FileManager.default.fileExists(atPath: input) {
            throw ValidationError("--input \(input) does not exist: create it (mkfifo \(input)) or pick another path")
        }
        if input != nil, scanner.scanner != nil {
            throw ValidationError("--input and --scanner both name where scans come from: pick one")
        }
    }

    /// The board's settings with every command-line override applied.
    func settings() throws -> BoardConfig {
        var extra = panel.overrides + scanner.overrides + printer.overrides + sync.overrides
        extra.append(("printer.retry", printerRetry.map { "\($0)" }, "--printer-retry"))
        extra.append(("panel.model", simulate ? "simulated" : nil, "--simulate"))
        extra.append(("panel.frames", frames, "--frames"))
        if input != nil { extra.append(("scanner.device", "none", "--input")) }
        var settings = try options.resolved(extra)
        if settings.panel.model == .simulated, settings.panel.frames == nil {
            settings.panel.frames = "out/board/frames"
        }
        return settings
    }

    func run() async throws {
        try ServiceLogging.bootstrap()
        let logger = Logger(label: "openspace.board")
        let systemd = ServiceNotifier(logger: logger)
        let settings = try settings()
        let layout = try settings.loadLayout()
        try settings.checkShown(against: layout, file: options.config)
        if check {
            Console.line(settings.summary(layout: layout))
            return
        }
        try settings.prepareJournalFolder()
        let clock = try start.map { BoardClock.starting(at: try parseLocalTime($0, in: layout)) } ?? .system
        let record = try settings.panel.frames.map { try PNGFrameSink(directory: $0) }
        let sink = try settings.sink(clock: clock, record: record, logger: logger)
        let board = try Board(
            layout: layout, journal: try BoardJournal(path: settings.journalPath), codes: settings.codes,
            badges: settings.badgeVerifier(), renderer: PanelRenderer(text: try TextRenderer()), sink: sink,
            clock: clock, signals: try settings.signals(), shown: settings.shownLayout(of: layout), logger: logger)
        // The boot screen until the first sync (or scan): who this board is, where to find it, and the hub.
        let kept = HubToken.read(settings.tokenPath)
        try await board.showBoot(settings.bootScreen(layout: layout, token: kept), addresses: { BootInfo.addresses() })
        let token = try await settings.enrolIfNeeded(again: sync.enrol != nil)
        if token != kept {
            try await board.showBoot(
                settings.bootScreen(layout: layout, token: token), addresses: { BootInfo.addresses() })
        }
        let syncing = await settings.startSync(token: token, journal: board.journal, layout: layout, board: board)
        defer { syncing?.cancel() }
        let shownAt = record.map { "frames in \($0.directory) (latest.png)" } ?? "panel ready"
        Console.line("board ready: \(shownAt); scan one code per line")
        systemd.ready(status: settings.hub.map { "syncing with \($0.url)" } ?? "working on its own (no hub)")
        // The main loop: each second the board's clock and timeouts move on; systemd's watchdog
        // is pinged only after the board answered, so a board stuck in a device call is restarted.
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                for note in (try? await board.tick()) ?? [] { Console.line(note.description) }
                systemd.watchdog()
            }
        }
        defer { ticker.cancel() }
        let spooler = try startSpooler(settings, board: board, logger: Logger(label: "openspace.printer"))
        defer { spooler?.cancel() }
        if let selection = settings.scanner {
            try await readScanner(
                selection, rules: settings.scanRules, into: board, logger: Logger(label: "openspace.scanner"))
        } else if input == nil, ScanLines.standardInputIsNull {
            // No scanner and nothing to read (a service with `scanner.device: none`): a board that
            // only shows the grid, kept in step by sync, until it is stopped.
            Console.line("no scanner: this board shows the grid only")
            while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
        } else {
            for await line in ScanLines.stream(path: input) {
                Console.line(try await board.scan(line).description)
            }
        }
    }

    /// Reads the scanner until the service stops; the source finds it again after a replug.
    private func readScanner(_ selection: ScannerSelection, rules: ScanRules, into board: Board, logger: Logger)
        async throws
    {
        let source = selection.source(rules: rules, logger: logger)
        defer { source.stop() }
        var missing = false
        for await event in source.events() {
            switch event {
            case .scan(let text):
                Console.line(try await board.scan(text).description)
            case .dropped(let reason):
                Console.line("scanner dropped: \(reason)")
                try await board.announce(Feedback(.refused, "Scan not read: scan the code again"))
            case .connected(let device):
                Console.line("scanner connected: \(device)")
                if missing { try await board.announce(Feedback(.prompt, "Scanner ready")) }
                missing = false
            case .disconnected(let reason):
                Console.line("scanner disconnected: \(reason)")
                try await board.announce(Feedback(.refused, "Scanner not connected: plug it in (staff: see the log)"))
                missing = true
            }
        }
    }

    /// Prints the journal's queued cards on their own thread, when a printer is configured, and
    /// says on the status line when the queue waits for the printer and when it is back.
    private func startSpooler(_ settings: BoardConfig, board: Board, logger: Logger) throws -> Task<Void, Never>? {
        guard let selection = settings.printer else { return nil }
        let jobs = PrintJobRenderer(profile: settings.paper, renderer: try TextRenderer(), codes: settings.codes)
        let pause = Duration.milliseconds(Int(settings.printerRetry * 1000))
        let spooler = PrintSpooler(
            jobs: QueuedPrintJobs(try PrintQueue(path: settings.journalPath)), openTransport: { try selection.open() },
            render: { try jobs.bytes(for: $0) },
            settings: .init(retryInterval: pause, idleCheckInterval: pause), logger: logger)
        Console.line("printer: \(selection), \(jobs.profile)")
        return Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await spooler.run() }
                group.addTask { await Self.watch(spooler, board: board) }
            }
        }
    }

    /// Announces the spooler's changes between waiting and working, once each.
    private static func watch(_ spooler: PrintSpooler, board: Board) async {
        var waiting = false
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            switch spooler.state {
            case .waiting(let reason) where !waiting:
                waiting = true
                Console.line("printer waiting: \(reason)")
                let why = reason.hasPrefix("no printer") ? "not connected" : "not ready"
                try? await board.announce(Feedback(.refused, "Printer \(why): cards wait in the queue"))
            case .idle, .printing:
                if waiting {
                    Console.line("printer ready")
                    try? await board.announce(Feedback(.prompt, "Printer ready"))
                }
                waiting = false
            case .waiting:
                break
            }
        }
    }
}

/// Line output that reaches a pipe at once: an acknowledgement must not sit in a buffer.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
