import ArgumentParser
import BoardService
import Daemon
import Foundation
import Logging
import Settings

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
        let settings = try settings()
        let layout = try settings.loadLayout()
        try settings.checkShown(against: layout, file: options.config)
        if check {
            Console.line(settings.summary(layout: layout))
            return
        }
        let clock = try start.map { BoardClock.starting(at: try parseLocalTime($0, in: layout)) } ?? .system
        let runtime = try BoardRuntime(
            settings: settings, layout: layout, clock: clock, notifier: ServiceNotifier(logger: logger),
            logger: logger, say: Console.line)
        let scans: BoardRuntime.ScanInput =
            if let selection = settings.scanner {
                .scanner(selection)
            } else if input == nil, ScanLines.standardInputIsNull {
                .none
            } else {
                .lines(path: input)
            }
        try await runtime.run(input: scans, enrolAgain: sync.enrol != nil)
    }
}

/// Line output that reaches a pipe at once: an acknowledgement must not sit in a buffer.
enum Console {
    @Sendable static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
