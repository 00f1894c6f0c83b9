import Foundation
import Logging
import Metrics
import Render
import Synchronization

/// Shows the board's frames on the panel from a thread of its own, so that a refresh lasting
/// seconds never holds up a scan, a sync report or the clock.
///
/// `show` only leaves the frame and returns. The thread takes the newest frame when the panel is
/// free: frames that arrive during a refresh replace one another, so after the refresh in progress
/// the panel shows the newest state in one more refresh, never a backlog. A full refresh asked for
/// by any replaced frame is kept.
///
/// A refresh that fails (a BUSY timeout the panel could not recover from, an SPI or GPIO error) is
/// logged, counted and reported through `health`, and the newest frame is tried again as a full
/// refresh after a backoff (`Retry`), for as long as it takes; nothing here ever throws at the
/// board. The panel driver resets and re-inits the controller at the start of every refresh, so a
/// retry is a reset, an init and a full resend.
public final class PanelPresenter: FrameSink {
    /// How long to wait before trying a failed panel again: `first`, doubling up to `longest`.
    public struct Retry: Sendable {
        public var first: Duration
        public var longest: Duration

        public init(first: Duration = .seconds(2), longest: Duration = .seconds(60)) {
            self.first = first
            self.longest = longest
        }
    }

    /// Whether the panel takes frames.
    public enum Health: Equatable, Sendable {
        case working
        /// The last `failures` refreshes in a row failed, the first at `since`; `problem` is the
        /// last error, for people.
        case failing(problem: String, since: Date, failures: Int)

        /// One line for the log, systemd's status and the hub: nil while the panel works.
        public var problem: String? {
            guard case .failing(let problem, let since, let failures) = self else { return nil }
            let time = ISO8601DateFormatter().string(from: since)
            return "panel failing since \(time) (\(failures) tries): \(problem)"
        }
    }

    private struct Work {
        var pending: (frame: Bitmap, full: Bool)?
        /// When the refresh in progress started; nil while the thread waits.
        var refreshStarted: ContinuousClock.Instant?
        var health = Health.working
        var retryAt: ContinuousClock.Instant?
        var backoff: Duration?
        /// Set by `stop`: the newest frame may still start until then, no frame after.
        var lastStart: ContinuousClock.Instant?
        var finished = false
        var refreshes = 0
        var superseded = 0
    }

    private let panel: any FrameSink
    private let retry: Retry
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let onHealth: @Sendable (Health) -> Void
    private let work = Mutex(Work())
    /// Rung after every change of `work`; the thread and `settled` wait on it.
    private let doorbell = NSCondition()
    private let ends: AsyncStream<Void>
    private let ended: AsyncStream<Void>.Continuation
    private let failures = Counter(label: "openspace_panel_failures_total")
    private let supersededFrames = Counter(label: "openspace_panel_frames_superseded_total")
    private let failing = Gauge(label: "openspace_panel_failing")

    /// Starts the presenter's thread.
    /// - Parameters:
    ///   - panel: the panel's blocking sink (`PanelFrameSink`): its `show` may take seconds.
    ///   - now: the wall clock for `Health.failing(since:)`.
    ///   - onHealth: told on the presenter's thread each time the health changes.
    public init(
        panel: any FrameSink, retry: Retry = Retry(), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "openspace.panel"), onHealth: @escaping @Sendable (Health) -> Void = { _ in }
    ) {
        self.panel = panel
        self.retry = retry
        self.now = now
        self.logger = logger
        self.onHealth = onHealth
        (ends, ended) = AsyncStream.makeStream(of: Void.self)
        failing.record(0)
        let thread = Thread { [self] in run() }
        thread.name = "openspace-panel"
        thread.start()
    }

    /// Leaves `frame` for the panel and returns at once.
    public func show(_ frame: Bitmap, fullRefresh: Bool) {
        let replaced = change { work -> Bool in
            let replaced = work.pending != nil
            work.pending = (frame, fullRefresh || (work.pending?.full ?? false))
            if replaced { work.superseded += 1 }
            return replaced
        }
        if replaced { supersededFrames.increment() }
    }

    public var health: Health { work.withLock { $0.health } }
    /// Whether a refresh is running now.
    public var isRefreshing: Bool { work.withLock { $0.refreshStarted != nil } }
    /// Whether the presenter's thread has ended after `stop`.
    public var hasStopped: Bool { work.withLock { $0.finished } }
    /// Refreshes the panel completed.
    public var refreshes: Int { work.withLock { $0.refreshes } }
    /// Frames replaced by a newer one before the panel took them.
    public var superseded: Int { work.withLock { $0.superseded } }

    /// False while one call into the panel has lasted longer than `longest`: a device call hung
    /// past every bound of its own (the systemd watchdog then goes unpinged). A failing panel
    /// that keeps returning its errors is responsive.
    public func isResponsive(longest: Duration) -> Bool {
        work.withLock { work in work.refreshStarted.map { ContinuousClock.now - $0 < longest } ?? true }
    }

    /// Waits until the panel holds the newest frame and no refresh runs, or `timeout` passes;
    /// returns whether it did. For the scripted demo, the bench and tests, which watch frames one
    /// by one; the wait happens on a thread of its own.
    public func settled(timeout: Duration) async -> Bool {
        await withCheckedContinuation { done in
            Thread.detachNewThread { [self] in done.resume(returning: waitUntilSettled(timeout: timeout)) }
        }
    }

    private func waitUntilSettled(timeout: Duration) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout.timeInterval)
        doorbell.lock()
        defer { doorbell.unlock() }
        while true {
            let idle = work.withLock { $0.pending == nil && $0.refreshStarted == nil || $0.finished }
            if idle { return true }
            guard doorbell.wait(until: deadline) else {
                return work.withLock { $0.pending == nil && $0.refreshStarted == nil }
            }
        }
    }

    /// Stops taking frames: the refresh in progress finishes (the panel driver ends each one by
    /// putting the panel to sleep), then the newest frame is shown if that can start within the
    /// first half of `limit` (so the panel is left with the board's last state), and nothing else.
    /// Returns whether the thread ended within `limit`; a refresh stuck past that is left to the
    /// process's exit.
    @discardableResult
    public func stop(within limit: Duration) async -> Bool {
        change { $0.lastStart = ContinuousClock.now + limit / 2 }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { [ends] in
                for await _ in ends { return true }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    // MARK: The presenter's thread

    private func run() {
        while let job = nextJob() {
            do {
                try panel.show(job.frame, fullRefresh: job.full)
                succeeded(job)
            } catch {
                failed(job, error)
            }
        }
        change { $0.finished = true }
        ended.yield()
        ended.finish()
    }

    /// The next frame to show, once the panel may be tried; nil when stopping.
    private func nextJob() -> (frame: Bitmap, full: Bool)? {
        doorbell.lock()
        defer { doorbell.unlock() }
        while true {
            let clock = ContinuousClock.now
            let (job, wake, stop) = work.withLock {
                work -> ((frame: Bitmap, full: Bool)?, ContinuousClock.Instant?, Bool) in
                if let lastStart = work.lastStart, clock >= lastStart || work.retryAt != nil || work.pending == nil {
                    return (nil, nil, true)
                }
                if let retryAt = work.retryAt, clock < retryAt { return (nil, retryAt, false) }
                guard let pending = work.pending else { return (nil, nil, false) }
                work.pending = nil
                work.refreshStarted = clock
                return (pending, nil, false)
            }
            if let job { return job }
            if stop { return nil }
            if let wake {
                _ = doorbell.wait(until: Date(timeIntervalSinceNow: (wake - clock).timeInterval))
            } else {
                doorbell.wait()
            }
        }
    }

    private func succeeded(_ job: (frame: Bitmap, full: Bool)) {
        let recovered = change { work -> Bool in
            work.refreshStarted = nil
            work.refreshes += 1
            work.retryAt = nil
            work.backoff = nil
            guard work.health != .working else { return false }
            work.health = .working
            // The first refresh that works after a failing spell may have begun while the panel
            // still ignored commands (a controller busy drops what it is sent), so it may not have
            // drawn: the same frame goes out whole once more, unless a newer one is waiting.
            if work.pending == nil { work.pending = (job.frame, true) }
            return true
        }
        if recovered {
            logger.notice("the panel works again")
            failing.record(0)
            onHealth(.working)
        }
    }

    private func failed(_ job: (frame: Bitmap, full: Bool), _ error: any Error) {
        let date = now()
        let (health, wait) = change { work -> (Health, Duration) in
            work.refreshStarted = nil
            // The panel's content is unknown after a failure: the newest frame goes out whole.
            work.pending = (work.pending?.frame ?? job.frame, true)
            let wait = work.backoff.map { min($0 * 2, retry.longest) } ?? retry.first
            work.backoff = wait
            work.retryAt = ContinuousClock.now + wait
            switch work.health {
            case .working: work.health = .failing(problem: "\(error)", since: date, failures: 1)
            case .failing(_, let since, let count):
                work.health = .failing(problem: "\(error)", since: since, failures: count + 1)
            }
            return (work.health, wait)
        }
        failures.increment()
        failing.record(1)
        logger.error(
            "the panel did not show the frame; the board keeps taking scans",
            metadata: ["error": "\(error)", "retry in": "\(wait)"])
        onHealth(health)
    }

    /// Changes the shared state and wakes every waiter to look again.
    private func change<T>(_ body: (inout Work) -> T) -> T {
        let result = work.withLock { body(&$0) }
        doorbell.lock()
        doorbell.broadcast()
        doorbell.unlock()
        return result
    }
}
