import BoardModel
import BoardStore
import Daemon
import EPaper
import Foundation
import Logging
import Printer
import Render
import ServiceLifecycle
import Settings
import Sync
import SyncWire
import Synchronization

/// One board, assembled from its settings and run as services: the one assembly that
/// `openspace board`, `openspace demo --live`, the bench and the tests all use.
///
/// `init` opens the journal and the panel (real, or the controller emulator) and builds the
/// `Board` actor with a `PanelPresenter` as its sink. `run` shows the boot screen, enrols with the
/// hub when it has to, and runs the services in a swift-service-lifecycle `ServiceGroup`:
///
/// ```
/// PanelService   the presenter's thread: refreshes the panel beside the scan path
/// SyncService    push, pull and pokes with the hub (when one is configured)
/// PrintService   the print spooler's thread (when a printer is configured)
/// BoardTicker    the main loop: clock, timeouts, systemd's watchdog
/// ScanReader     scans in, answers out
/// ```
///
/// SIGTERM or SIGINT (or `stop()`, or the end of the scan lines) stops them in the reverse
/// order: no more scans, then the refresh in progress finishes with the panel asleep, then the
/// journal is closed; all within 10 s.
public final class BoardRuntime: Sendable {
    /// Where scans come from.
    public enum ScanInput: Sendable, Equatable {
        /// The barcode scanner the settings name.
        case scanner(ScannerSelection)
        /// One scan per line, from a file or FIFO, or from standard input when `path` is nil.
        case lines(path: String?)
        /// Nowhere: a board that only shows the grid until it is stopped.
        case none
    }

    public let settings: BoardConfig
    public let layout: ConferenceLayout
    public let board: Board
    /// Shows the board's frames on the panel from a thread of its own.
    public let presenter: PanelPresenter
    /// The panel behind the presenter, for its counters.
    public let panel: EPaperPanel
    /// The controller emulator, when the panel is simulated.
    public let emulator: UC8179Emulator?
    /// Every frame the panel showed, as PNG files, when `panel.frames` is set.
    public let frames: PNGFrameSink?
    private let notifier: ServiceNotifier
    private let logger: Logger
    private let say: @Sendable (String) -> Void
    private let group = Mutex<(group: ServiceGroup?, stopAsked: Bool)>((nil, false))

    /// The longest the board's stop may take, and the share of it the panel's refresh may use.
    static let shutdownLimit = Duration.seconds(10)
    static let panelShutdownLimit = Duration.seconds(8)

    /// Opens the journal and the panel the settings name and builds the board.
    /// - Parameters:
    ///   - clock: the board's time; a simulated board may live in a conference day.
    ///   - panelRetry: how soon a failing panel is tried again.
    ///   - say: the board's output: one line per answer and per event (standard output for the
    ///     service, which journald keeps).
    public init(
        settings: BoardConfig, layout: ConferenceLayout, clock: BoardClock = .system,
        notifier: ServiceNotifier = ServiceNotifier(), logger: Logger = Logger(label: "openspace.board"),
        panelRetry: PanelPresenter.Retry = .init(), say: @escaping @Sendable (String) -> Void
    ) throws {
        self.settings = settings
        self.layout = layout
        self.notifier = notifier
        self.logger = logger
        self.say = say
        try settings.prepareJournalFolder()
        let frames = try settings.panel.frames.map { try PNGFrameSink(directory: $0) }
        // The panel and the feedback lines share one GPIO chip, opened once.
        let chip = settings.panel.model == .simulated ? nil : try settings.openChip()
        let (sink, emulator) = try settings.openPanel(chip: chip, clock: clock, record: frames, logger: logger)
        let healthFile = PanelHealthFile(journalPath: settings.journalPath)
        try healthFile.write(problem: nil)
        presenter = PanelPresenter(panel: sink, retry: panelRetry, logger: Logger(label: "openspace.panel")) { health in
            let line = health.problem ?? "panel working again"
            say(line)
            notifier.status(line)
            do {
                try healthFile.write(problem: health.problem)
            } catch {
                logger.warning("the panel's state could not be written for doctor", metadata: ["error": "\(error)"])
            }
        }
        self.frames = frames
        self.emulator = emulator
        self.panel = sink.panel
        board = try Board(
            layout: layout, journal: try BoardJournal(path: settings.journalPath), codes: settings.codes,
            badges: settings.badgeVerifier(), renderer: PanelRenderer(text: try TextRenderer()), sink: presenter,
            clock: clock, signals: try chip.flatMap { try settings.signals(on: $0) },
            shown: settings.shownLayout(of: layout), logger: logger)
    }

    /// Runs the board until SIGTERM or SIGINT, `stop()`, or the end of the scan lines.
    /// - Parameters:
    ///   - bootScreen: show the boot screen until the first sync, the first scan or a minute.
    ///   - enrolAgain: enrol with `hub.enrol` even when a token is kept (given on the command line).
    public func run(input: ScanInput, bootScreen: Bool = true, enrolAgain: Bool = false) async throws {
        let kept = HubToken.read(settings.tokenPath)
        if bootScreen {
            await board.showBoot(settings.bootScreen(layout: layout, token: kept), addresses: { BootInfo.addresses() })
        }
        let token = try await settings.enrolIfNeeded(again: enrolAgain, say: say)
        if bootScreen, token != kept {
            await board.showBoot(settings.bootScreen(layout: layout, token: token), addresses: { BootInfo.addresses() })
        }
        let spooler = try makeSpooler()
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: PanelService(presenter: presenter, limit: Self.panelShutdownLimit, logger: logger))
        ]
        let transport = settings.hub.map { HubTransport(trust: $0.trust) }
        if let client = await makeSync(token: token, spooler: spooler, transport: transport) {
            services.append(.init(service: SyncService(client: client)))
        }
        if let spooler { services.append(.init(service: PrintService(spooler: spooler, board: board, say: say))) }
        let scanLogger = Logger(label: "openspace.scanner")
        let scanInput: ScanReader.Input =
            switch input {
            case .scanner(let selection): .scanner(selection.source(rules: settings.scanRules, logger: scanLogger))
            case .lines(let path): .lines(path: path)
            case .none: .none
            }
        services.append(
            .init(
                service: BoardTicker(
                    board: board, threads: watchedThreads(scanner: scanInput, spooler: spooler),
                    ping: { [notifier] in notifier.watchdog() }, logger: logger, say: say)))
        services.append(
            .init(
                service: ScanReader(input: scanInput, board: board, say: say, logger: scanLogger),
                successTerminationBehavior: .gracefullyShutdownGroup))
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = Self.shutdownLimit
        let serviceGroup = ServiceGroup(configuration: configuration)
        let stopAsked = group.withLock { state in
            state.group = serviceGroup
            return state.stopAsked
        }
        if stopAsked { await serviceGroup.triggerGracefulShutdown() }
        let shownAt = frames.map { "frames in \($0.directory) (latest.png)" } ?? "panel ready"
        say("board ready: \(shownAt); scan one code per line")
        notifier.ready(status: settings.hub.map { "syncing with \($0.url)" } ?? "working on its own (no hub)")
        defer { notifier.stopping() }
        let ran = await Result(awaiting: { try await serviceGroup.run() })
        await transport?.shutdown()
        try ran.get()
        try board.journal.close()
        // Every refresh that completes ends with the panel in deep sleep; a panel that failed or
        // was still refreshing when time ran out is left as it is.
        let asleep = emulator?.isAsleep ?? (presenter.hasStopped && presenter.health == .working)
        say("board stopped: \(asleep ? "panel asleep" : "panel not answering, left as it is"), journal closed")
    }

    /// Stops the board as SIGTERM does.
    public func stop() async {
        let running = group.withLock { state in
            state.stopAsked = true
            return state.group
        }
        await running?.triggerGracefulShutdown()
    }

    /// The device threads the watchdog waits for, each with how long one call may last before
    /// the watchdog stops being pinged.
    private func watchedThreads(scanner: ScanReader.Input, spooler: PrintSpooler?) -> [BoardTicker.DeviceThread] {
        let presenter = presenter
        // A refresh whose every BUSY wait (power on, three windows, power off, then the
        // recovery's three) runs to its timeout, and a margin.
        let panelBound = Duration.milliseconds(Int(settings.panel.busyTimeout * 1000)) * 8 + .seconds(10)
        var threads = [BoardTicker.DeviceThread(name: "panel") { presenter.isResponsive(longest: panelBound) }]
        if case .scanner(let source) = scanner {
            // The reading thread checks in every 100 ms; opening a device takes well under a second.
            threads.append(.init(name: "scanner") { source.isResponsive(longest: Self.scannerBound) })
        }
        if let spooler {
            threads.append(.init(name: "printer") { spooler.isResponsive(longest: Self.printerBound) })
        }
        return threads
    }

    /// How long the scanner's thread may go without checking in.
    static let scannerBound = Duration.seconds(30)
    /// How long one printer step may last: a status query and a card's transfers, each bounded
    /// by timeouts of a few seconds, on the slowest printer.
    static let printerBound = Duration.seconds(120)

    /// Prints the journal's queued cards on their own thread, when a printer is configured.
    private func makeSpooler() throws -> PrintSpooler? {
        guard let selection = settings.printer else { return nil }
        let jobs = PrintJobRenderer(profile: settings.paper, renderer: try TextRenderer(), codes: settings.codes)
        let pause = Duration.milliseconds(Int(settings.printerRetry * 1000))
        say("printer: \(selection), \(jobs.profile)")
        return PrintSpooler(
            jobs: QueuedPrintJobs(try PrintQueue(path: settings.journalPath)), openTransport: { try selection.open() },
            render: { try jobs.bytes(for: $0) }, settings: .init(retryInterval: pause, idleCheckInterval: pause),
            logger: Logger(label: "openspace.printer"))
    }

    /// The sync client, linked to the board so each commit asks for a push; nil without a hub.
    private func makeSync(token: HubToken?, spooler: PrintSpooler?, transport: HubTransport?) async -> SyncClient? {
        guard let hub = settings.hub, let token, let transport else { return nil }
        let board = board
        let say = say
        let presenter = presenter
        let client = SyncClient(
            connection: HubConnection(
                base: hub.url, token: token.token, boardID: token.boardID, transport: transport),
            journal: board.journal, layout: layout,
            settings: .init(pullInterval: .milliseconds(Int(hub.pullInterval * 1000))),
            logger: Logger(label: "openspace.sync"), panelProblem: { presenter.health.problem },
            onReport: { report in
                let notes = report.settled.map(StatusNotes.settled)
                for note in notes { say("sync: \(note.message)") }
                say(StatusNotes.syncLine(report))
                await board.synced(
                    online: report.online, notes: notes, problem: report.problem, untrusted: report.untrusted)
                if report.queuedPrints > 0 { spooler?.wake() }
            })
        await board.link { client.nudge() }
        say("syncing with \(hub.url)")
        return client
    }
}
