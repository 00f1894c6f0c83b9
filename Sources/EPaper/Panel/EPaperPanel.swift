import Foundation
import Render
import Synchronization

/// The board's e-paper panel: shows each new frame with the least refreshing the planner allows,
/// remembers what the glass shows, and recovers from a panel that stops answering.
///
/// Every refresh starts from a reset and an init for its waveform and ends in deep sleep, because
/// Waveshare's precautions warn that a panel left powered between refreshes stays under high
/// voltage, which damages it for good. Full refreshes that exist to clear ghosting (first frame,
/// forced, partial limit, schedule, recovery) use the standard waveform (`initFull`); a full
/// refresh chosen only because a change is large uses the vendor's quicker one (`initFast`).
///
/// On a BUSY timeout the panel reports and counts it, resets and re-inits the controller (every
/// init starts with the reset pulse) and sends the frame again as a standard full refresh, once;
/// a second timeout is reported, counted and thrown.
///
/// Thread safety: `Mutex`es rather than an actor. A refresh is blocking I/O lasting seconds, which
/// on an actor would hold a thread of the cooperative pool for that long; here `show` blocks its
/// caller and concurrent calls take turns. The counters sit behind a lock of their own, so reading
/// them never waits for a refresh.
public final class EPaperPanel: Sendable {
    /// The rules for choosing between nothing, partial and full refreshes.
    public let planner: RefreshPlanner

    private let driver: WaveshareV2Driver
    private let now: @Sendable () -> Date
    private let report: @Sendable (String) -> Void
    private let session = Mutex(Session())
    private let counters = Mutex(Counters())

    /// What the panel holds and the refresh history the planner needs.
    private struct Session {
        /// What the glass shows; nil when unknown (before the first frame, or after a failure
        /// that may have left a refresh half done).
        var held: Bitmap?
        var partialsSinceFull = 0
        var lastFullRefresh: Date?
        var supplyOn = false
    }

    private struct Counters {
        var busyTimeouts = 0
        var fullRefreshes = 0
        var partialRefreshes = 0
    }

    /// - Parameters:
    ///   - now: the clock for the planner's schedule; the board passes its own so simulated days
    ///     schedule full refreshes like real ones.
    ///   - report: receives one line per BUSY timeout, for the board's log.
    public init(
        driver: WaveshareV2Driver, planner: RefreshPlanner = RefreshPlanner(),
        now: @escaping @Sendable () -> Date = { Date() }, report: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.driver = driver
        self.planner = planner
        self.now = now
        self.report = report
    }

    /// BUSY timeouts seen, including those during recovery.
    public var busyTimeouts: Int { counters.withLock { $0.busyTimeouts } }
    /// Full refreshes that completed.
    public var fullRefreshes: Int { counters.withLock { $0.fullRefreshes } }
    /// Partial refreshes that completed.
    public var partialRefreshes: Int { counters.withLock { $0.partialRefreshes } }
    /// Every byte sent to the panel over SPI so far (commands, parameters and image data).
    public var bytesSent: Int { driver.bytesSent }

    /// Shows `frame` (panel-sized, set bit = black) and returns what was done: the planner's
    /// decision, or `.full(.busyTimeoutRecovery)` when the panel had to be reset on the way.
    /// The first call switches the panel's supply on.
    @discardableResult
    public func show(_ frame: Bitmap, force: Bool = false) throws -> RefreshPlanner.Decision {
        guard frame.width == WaveshareV2Driver.width, frame.height == WaveshareV2Driver.height else {
            throw PanelError.frameSize(
                width: frame.width, height: frame.height,
                expectedWidth: WaveshareV2Driver.width, expectedHeight: WaveshareV2Driver.height)
        }
        return try session.withLock { session in
            let decision = planner.decide(
                held: session.held, next: frame, partialsSinceFull: session.partialsSinceFull,
                lastFullRefresh: session.lastFullRefresh, now: now(), force: force)
            do {
                try carryOut(decision, showing: frame, in: &session)
                return decision
            } catch let error as PanelError {
                guard case .busyTimeout = error else { throw error }
                return try recover(from: error, showing: frame, in: &session)
            }
        }
    }

    private func carryOut(_ decision: RefreshPlanner.Decision, showing frame: Bitmap, in session: inout Session) throws
    {
        switch decision {
        case .nothing:
            return
        case .partial(let windows):
            guard let previous = session.held else {
                preconditionFailure("The planner only plans partial refreshes over a known frame")
            }
            try supplyPower(in: &session)
            session.held = nil
            try driver.initPartial()
            // Windows never overlap, so each one's old plane is still what the glass shows there.
            for window in windows { try driver.displayPartial(frame, window: window, previous: previous) }
            session.held = frame
            session.partialsSinceFull += 1
            counters.withLock { $0.partialRefreshes += 1 }
            try driver.sleep()
        case .full(let reason):
            try supplyPower(in: &session)
            try refreshFully(frame, fast: reason == .areaTooLarge, in: &session)
        }
    }

    private func refreshFully(_ frame: Bitmap, fast: Bool, in session: inout Session) throws {
        session.held = nil
        if fast { try driver.initFast() } else { try driver.initFull() }
        try driver.displayFull(frame)
        session.held = frame
        session.partialsSinceFull = 0
        session.lastFullRefresh = now()
        counters.withLock { $0.fullRefreshes += 1 }
        try driver.sleep()
    }

    private func recover(from timeout: PanelError, showing frame: Bitmap, in session: inout Session) throws
        -> RefreshPlanner.Decision
    {
        countTimeout()
        report("\(timeout) Resetting the panel and sending the frame again as a full refresh.")
        do {
            try refreshFully(frame, fast: false, in: &session)
        } catch let error as PanelError {
            if case .busyTimeout = error {
                countTimeout()
                report("\(error) The reset did not help; this frame is not shown.")
            }
            throw error
        }
        return .full(.busyTimeoutRecovery)
    }

    private func supplyPower(in session: inout Session) throws {
        guard !session.supplyOn else { return }
        try driver.powerOn()
        session.supplyOn = true
    }

    private func countTimeout() {
        counters.withLock { $0.busyTimeouts += 1 }
    }
}
