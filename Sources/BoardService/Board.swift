import BoardModel
import BoardStore
import Foundation
import Logging
import Render

/// One board: takes scans, commits what they change, and shows the new grid.
///
/// A scan's path is: `scan` -> `ScanSession` decides -> `BoardJournal.commit` makes it durable ->
/// the new frame is rendered and left with the sink -> the feedback is returned (the
/// acknowledgement). The board's sink is a `PanelPresenter`, which refreshes the panel on a thread
/// of its own, so the answer never waits for the panel, and a panel that fails never fails a scan.
///
/// The actor is the only writer of the grid it shows: sync applies a pull to the journal and then
/// tells the actor (`synced`), which reads the journal again, so a scan committed while a pull was
/// applied is never hidden by a grid computed before it.
///
/// On start the panel can show a boot screen instead (`showBoot`): it gives way to the grid at the
/// first sync report that reaches the hub, the first scan, or after a while; scans work throughout.
public actor Board {
    /// The whole conference: scans are checked against it.
    public nonisolated let layout: ConferenceLayout
    /// The rooms and slots the panel draws: the whole layout, or the part this board is set up for.
    public nonisolated let shown: ConferenceLayout
    public nonisolated let journal: BoardJournal
    private let renderer: PanelRenderer
    private let bootRenderer: BootScreenRenderer
    private let sink: any FrameSink
    private let clock: BoardClock
    private let logger: Logger
    private let signals: FeedbackSignals?
    private var session: ScanSession
    public private(set) var grid: Grid
    private var pendingCards: Set<CardID> = []
    private var pendingCount = 0
    private var lastFeedback: Feedback?
    private var shownFrame: Bitmap?
    /// What the status line says about the hub.
    private var connection = "no hub"
    /// Called after each committed change, so sync can push it soon.
    private var afterCommit: (@Sendable () -> Void)?
    /// The boot screen while it is up, and when it gives way to the grid at the latest.
    private var boot: (screen: BootScreen, until: Date)?
    /// Reads the machine's addresses again while the boot screen is up (the network may come later).
    private var bootAddresses: (@Sendable () -> [String])?

    public init(
        layout: ConferenceLayout, journal: BoardJournal, codes: ScanCodeFormat, badges: BadgeVerifier?,
        renderer: PanelRenderer, sink: any FrameSink, clock: BoardClock, timing: ScanSession.Timing = .init(),
        signals: FeedbackSignals? = nil, shown: ConferenceLayout? = nil,
        logger: Logger = Logger(label: "openspace.board")
    ) throws {
        self.layout = layout
        self.shown = shown ?? layout
        self.journal = journal
        self.renderer = renderer
        self.bootRenderer = BootScreenRenderer(width: renderer.width, height: renderer.height, text: renderer.text)
        self.sink = sink
        self.clock = clock
        self.logger = logger
        self.signals = signals
        self.session = ScanSession(layout: layout, codes: codes, badges: badges, timing: timing)
        self.grid = try journal.grid()
        try Self.countPending(journal, into: &pendingCards, count: &pendingCount)
    }

    /// Handles one scanned text; returns only after any change it made is on disk.
    public func scan(_ text: String) throws -> Feedback {
        let now = clock.now()
        // Whoever scans is at the board and wants the grid, with the scan's result on it.
        let leavingBoot = boot != nil
        boot = nil
        var step = session.scan(text, at: now, grid: grid)
        if let mutation = step.mutation {
            do {
                grid = try journal.commit(mutation, context: .init(layout: layout, now: now, actor: step.actor)).grid
                try Self.countPending(journal, into: &pendingCards, count: &pendingCount)
                afterCommit?()
            } catch BoardJournal.Failure.refused(let refusal) {
                step.feedback = Feedback(.refused, refusal.description)
            } catch {
                logger.error("scan not saved", metadata: ["scan": "\(text)", "error": "\(error)"])
                step.feedback = Feedback(.refused, "Not saved (storage error): nothing changed, call staff")
            }
        }
        logger.info(
            "scan", metadata: ["tone": "\(step.feedback.tone.rawValue)", "message": "\(step.feedback.message)"])
        lastFeedback = step.feedback
        signals?.signal(step.feedback.tone)
        refresh(force: step.forceFullRefresh || leavingBoot)
        return step.feedback
    }

    /// Shows a note about the board's own devices on the status line (the scanner unplugged, a
    /// scan that could not be read), with the reject tone for a problem; the grid is untouched.
    public func announce(_ feedback: Feedback) {
        lastFeedback = feedback
        if feedback.tone == .refused { signals?.signal(.refused) }
        refresh(force: false)
    }

    /// Registers a new card (printed here, or one of a batch of blank cards).
    public func register(_ card: Card) throws {
        grid = try journal.commit(.registerCard(card), context: .init(layout: layout, now: clock.now(), actor: .host))
            .grid
        try Self.countPending(journal, into: &pendingCards, count: &pendingCount)
        afterCommit?()
    }

    /// Links the board to a hub: `afterCommit` runs after every committed change, and the status
    /// line says whether the hub is reachable.
    public func link(afterCommit: @escaping @Sendable () -> Void) {
        self.afterCommit = afterCommit
        connection = "connecting"
    }

    /// Takes a round of sync's outcome: whether the hub is reachable, notes for the status line
    /// (cards the hub parked), and why the hub was not reached (shown on the boot screen while it
    /// is up). The grid and the pending marks are read from the journal, which a pull has just
    /// changed, so they hold every scan committed before this call.
    /// `untrusted`: the hub's certificate was refused, which the status line says instead of
    /// "offline", since waiting will not mend it.
    public func synced(online: Bool, notes: [Feedback], problem: String? = nil, untrusted: Bool = false) {
        reloadFromJournal()
        connection = online ? "online" : untrusted ? "hub NOT TRUSTED" : "offline"
        if let last = notes.last {
            lastFeedback = last
            signals?.signal(last.tone)
        }
        var leavingBoot = false
        if let shownBoot = boot {
            if online {
                boot = nil
                leavingBoot = true
            } else {
                boot?.screen.hub = shownBoot.screen.hub.reported(online: false, problem: problem)
            }
        }
        refresh(force: leavingBoot)
    }

    /// Shows the boot screen with a full refresh. It stays until a sync report says the hub is
    /// online, the first scan, or `maximum` seconds (checked by `tick`); `addresses`, when given,
    /// is asked again on each tick so an address that arrives late is shown.
    public func showBoot(
        _ screen: BootScreen, for maximum: TimeInterval = 60, addresses: (@Sendable () -> [String])? = nil
    ) {
        boot = (screen, clock.now().addingTimeInterval(maximum))
        bootAddresses = addresses
        refresh(force: true)
    }

    /// The boot screen as the panel shows it now, nil once the grid has taken over.
    public var bootScreen: BootScreen? {
        guard let boot else { return nil }
        let now = clock.now()
        var screen = boot.screen
        screen.clock = "\(shown.localDate(of: now)) \(shown.clockTime(at: now))"
        screen.note = lastFeedback?.statusLine
        return screen
    }

    /// Lets time pass: ends timed-out pairs and staff mode, and keeps the clock on the panel right.
    public func tick() -> [Feedback] {
        let now = clock.now()
        let notes = session.tick(at: now)
        if let last = notes.last {
            lastFeedback = last
            signals?.signal(last.tone)
        }
        var leavingBoot = false
        if let shownBoot = boot {
            if now >= shownBoot.until {
                boot = nil
                leavingBoot = true
            } else if let bootAddresses {
                boot?.screen.addresses = bootAddresses()
            }
        }
        refresh(force: leavingBoot)
        return notes
    }

    /// Renders the current state and leaves it with the sink if it differs from the last frame
    /// the sink took. A sink that refuses the frame is logged and asked again at the next change.
    @discardableResult
    public func refresh(force: Bool) -> Bool {
        let frame = bootScreen.map(bootRenderer.render) ?? renderer.render(state)
        guard force || frame != shownFrame else { return false }
        do {
            try sink.show(frame, fullRefresh: force)
        } catch {
            logger.error("the panel did not take the frame", metadata: ["error": "\(error)"])
            shownFrame = nil
            return false
        }
        shownFrame = frame
        return true
    }

    /// The grid as the panel shows it now (or will, once the boot screen gives way).
    public var state: PanelState {
        let now = clock.now()
        return PanelState(
            layout: shown, grid: grid, day: PanelState.dayToShow(shown, at: now), now: now,
            pendingCards: pendingCards,
            status: .init(connection: connection, pendingCount: pendingCount, lastFeedback: lastFeedback))
    }

    /// Reads the grid and the pending marks from the journal, the one record of both.
    private func reloadFromJournal() {
        do {
            grid = try journal.grid()
            try Self.countPending(journal, into: &pendingCards, count: &pendingCount)
        } catch {
            logger.error(
                "the journal could not be read; the panel keeps the last grid", metadata: ["error": "\(error)"])
        }
    }

    private static func countPending(_ journal: BoardJournal, into cards: inout Set<CardID>, count: inout Int) throws {
        let entries = try journal.outbox()
        count = entries.count
        cards = Set(
            entries.compactMap { entry in
                switch entry.mutation {
                case .place(let id, _), .move(let id, _), .placeOver(let id, _): id
                default: nil
                }
            })
    }
}
