import Dispatch
import Foundation
import Logging
import Synchronization

/// Prints queued jobs on its own thread, so scanning and the display never wait for the printer.
///
/// For each job: open the printer if needed, ask its status, and only when nothing stops it
/// (paper, cover, error) mark the job `printing`, send it, and mark it `done`. A missing or
/// unready printer leaves the job pending and is tried again every `retryInterval`.
///
/// Delivery is at least once, never silently twice: the job is marked `printing` in a committed
/// transaction before the first byte goes out. A send that fails puts it back to pending (the
/// partial card, if any, is visibly cut short, and the whole card prints again). A crash or
/// power cut while sending leaves it `printing`; on the next start it is put back to pending
/// with a note and a warning in the log that a duplicate may appear. A duplicate card carries
/// the same id and QR code, so it is harmless, while a card that silently never printed would
/// leave a host with nothing to put on the board.
public final class PrintSpooler: Sendable {
    /// Timing of the worker.
    public struct Settings: Sendable {
        /// Wait between tries while the printer is missing or not ready.
        public var retryInterval: Duration
        /// Longest sleep with nothing queued; `wake()` ends it early.
        public var idleCheckInterval: Duration
        /// How long to wait for each `DLE EOT` reply.
        public var statusTimeout: Duration

        public init(
            retryInterval: Duration = .seconds(10), idleCheckInterval: Duration = .seconds(30),
            statusTimeout: Duration = .milliseconds(300)
        ) {
            self.retryInterval = retryInterval
            self.idleCheckInterval = idleCheckInterval
            self.statusTimeout = statusTimeout
        }
    }

    /// What the spooler is doing, for the status line and `doctor`.
    public enum State: Equatable, Sendable {
        case idle
        case printing(jobID: Int64)
        /// A job waits for the printer; the reason says why ("paper out", "no printer: ...").
        case waiting(reason: String)
    }

    /// What one `step()` did.
    public enum StepOutcome: Equatable, Sendable {
        /// Nothing was queued.
        case idle
        case printed(jobID: Int64)
        /// The printer is missing or not ready; the job stays pending untouched.
        case waitingForPrinter(reason: String)
        /// Sending failed part-way; the job is pending again with the error.
        case sendFailed(jobID: Int64, reason: String)
        /// The job can never print (its layout fails) and was cancelled.
        case discarded(jobID: Int64, reason: String)
        /// The queue could not be read or written; nothing was sent.
        case queueUnavailable(reason: String)
    }

    private struct Worker {
        var transport: (any PrinterTransport)?
        var state: State = .idle
        /// The last reason logged as a warning, so a long paper-out is one warning, not hundreds.
        var reportedReason: String?
        var recoveredInterrupted = false
        var stopRequested = false
        /// When the step in progress began; nil between steps.
        var stepStarted: ContinuousClock.Instant?
    }

    private let jobs: any PrintJobSource
    private let openTransport: @Sendable () throws -> any PrinterTransport
    private let render: @Sendable (PrintJobTicket) throws -> [UInt8]
    private let settings: Settings
    private let logger: Logger
    private let worker = Mutex(Worker())
    /// Held for a whole step, so two steps never send at once.
    private let stepping = Mutex(())
    private let signal = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - jobs: the durable queue.
    ///   - openTransport: opens the printer; called again after every failure, so a printer
    ///     plugged in later or restarted is picked up.
    ///   - render: the bytes of a job (usually `PrintJobRenderer.bytes(for:)`).
    public init(
        jobs: any PrintJobSource, openTransport: @escaping @Sendable () throws -> any PrinterTransport,
        render: @escaping @Sendable (PrintJobTicket) throws -> [UInt8], settings: Settings = Settings(),
        logger: Logger = Logger(label: "openspace.printer")
    ) {
        self.jobs = jobs
        self.openTransport = openTransport
        self.render = render
        self.settings = settings
        self.logger = logger
    }

    public var state: State { worker.withLock { $0.state } }

    /// Tells the worker a job was queued, so it does not wait for its idle check. Never blocks.
    public func wake() { signal.signal() }

    /// Ends `run()` after the job in progress, if any.
    public func stop() {
        worker.withLock { $0.stopRequested = true }
        signal.signal()
    }

    /// Works through the queue on a dedicated thread until the calling task is cancelled or
    /// `stop()` is called. Printer I/O blocks that thread only, never the cooperative pool.
    public func run() async {
        worker.withLock { $0.stopRequested = false }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    loop()
                    finished.resume()
                }
                thread.name = "print-spooler"
                thread.start()
            }
        } onCancel: {
            stop()
        }
    }

    private func loop() {
        while !worker.withLock({ $0.stopRequested }) {
            let pause: Duration? =
                switch step() {
                case .printed, .discarded: nil
                case .idle: settings.idleCheckInterval
                case .waitingForPrinter, .sendFailed, .queueUnavailable: settings.retryInterval
                }
            if let pause {
                let milliseconds = Int(DescriptorIO.milliseconds(pause))
                _ = signal.wait(timeout: .now() + .milliseconds(milliseconds))
            }
        }
        worker.withLock { $0.transport = nil }
    }

    /// Tries the oldest pending job once and says what happened. `run()` calls it in a loop;
    /// tests and one-off printing call it directly.
    @discardableResult
    public func step() -> StepOutcome {
        stepping.withLock { _ in
            worker.withLock { $0.stepStarted = .now }
            defer { worker.withLock { $0.stepStarted = nil } }
            let outcome = attempt()
            record(outcome)
            return outcome
        }
    }

    /// False while one step (open the printer, ask its status, send a card) has lasted longer
    /// than `longest`: a call into the printer hung past its own timeouts. Waiting for the next
    /// job or for the printer to come back is not a step.
    public func isResponsive(longest: Duration) -> Bool {
        worker.withLock { worker in worker.stepStarted.map { ContinuousClock.now - $0 < longest } ?? true }
    }

    private func attempt() -> StepOutcome {
        let ticket: PrintJobTicket
        do {
            try recoverInterruptedOnce()
            guard let next = try jobs.nextPendingJob() else { return .idle }
            ticket = next
        } catch {
            return .queueUnavailable(reason: "print queue unreadable: \(error)")
        }
        let transport: any PrinterTransport
        let status: PrinterStatus
        do {
            transport = try connectedTransport()
            status = try PrinterStatus.query(transport, timeout: settings.statusTimeout)
        } catch {
            dropTransport()
            return .waitingForPrinter(reason: "no printer: \(error)")
        }
        guard status.isReady else {
            return .waitingForPrinter(reason: "\(transport.name): \(status)")
        }
        if status.paperNearEnd { logger.warning("Printer \(transport.name): paper near end; load a new roll soon") }
        let bytes: [UInt8]
        do {
            bytes = try render(ticket)
        } catch {
            let reason = "cannot lay out card \(ticket.card.id): \(error)"
            do {
                try jobs.markUnprintable(ticket.id, reason: reason)
            } catch {
                return .queueUnavailable(reason: "cannot cancel job \(ticket.id): \(error)")
            }
            return .discarded(jobID: ticket.id, reason: reason)
        }
        return send(bytes, of: ticket, through: transport)
    }

    private func send(_ bytes: [UInt8], of ticket: PrintJobTicket, through transport: any PrinterTransport)
        -> StepOutcome
    {
        do {
            // Cancelled since it was taken: go on with the next job, which is a different one.
            guard try jobs.markPrinting(ticket.id) else { return attempt() }
        } catch {
            return .queueUnavailable(reason: "cannot mark job \(ticket.id) as printing: \(error)")
        }
        worker.withLock { $0.state = .printing(jobID: ticket.id) }
        do {
            try transport.write(bytes)
        } catch {
            dropTransport()
            let reason = "\(error)"
            do {
                try jobs.markFailed(ticket.id, error: reason)
            } catch {
                // Still `printing` in the queue: the next start puts it back with a warning.
                return .queueUnavailable(reason: "cannot put job \(ticket.id) back after a failed send: \(error)")
            }
            return .sendFailed(jobID: ticket.id, reason: reason)
        }
        do {
            _ = try jobs.markDone(ticket.id)
        } catch {
            // The card is out; the job stays `printing`, so it is never sent again in this run.
            let message =
                "Printed card \(ticket.card.id) (job \(ticket.id)) but could not mark it done: \(error); it may "
                + "print again after a restart"
            logger.error("\(message)")
        }
        return .printed(jobID: ticket.id)
    }

    private func recoverInterruptedOnce() throws {
        guard !worker.withLock({ $0.recoveredInterrupted }) else { return }
        for ticket in try jobs.recoverInterrupted() {
            let message =
                "Job \(ticket.id) (card \(ticket.card.id)) was being sent when the service stopped; printing it "
                + "again, so a duplicate card may come out"
            logger.warning("\(message)")
        }
        worker.withLock { $0.recoveredInterrupted = true }
    }

    private func connectedTransport() throws -> any PrinterTransport {
        if let transport = worker.withLock({ $0.transport }) { return transport }
        let transport = try openTransport()
        worker.withLock { $0.transport = transport }
        return transport
    }

    private func dropTransport() {
        worker.withLock { $0.transport = nil }
    }

    /// Updates the state and logs changes: a new problem once as a warning, its end as info.
    private func record(_ outcome: StepOutcome) {
        let (state, problem): (State, String?) =
            switch outcome {
            case .idle, .discarded: (.idle, nil)
            case .printed: (.idle, nil)
            case .waitingForPrinter(let reason), .queueUnavailable(let reason): (.waiting(reason: reason), reason)
            case .sendFailed(_, let reason): (.waiting(reason: reason), reason)
            }
        let previous = worker.withLock { worker in
            defer {
                worker.state = state
                worker.reportedReason = problem
            }
            return worker.reportedReason
        }
        switch outcome {
        case .printed(let id):
            logger.info("Printed job \(id)")
        case .discarded(let id, let reason):
            logger.error("Cancelled job \(id): \(reason)")
        case .sendFailed(let id, let reason):
            logger.warning("Job \(id) did not print: \(reason); it stays queued")
        default:
            break
        }
        if let problem, problem != previous {
            logger.warning("Print queue waiting: \(problem); trying again every \(settings.retryInterval)")
        } else if let problem {
            logger.debug("Print queue still waiting: \(problem)")
        } else if let previous {
            logger.info("Printer ready again (was: \(previous))")
        }
    }
}
