import BoardStore
import Printer

/// The journal's print queue as the spooler's job source: the spooler only ever sees tickets,
/// the queue keeps every state change on disk before the call returns.
public struct QueuedPrintJobs: PrintJobSource {
    public let queue: PrintQueue

    public init(_ queue: PrintQueue) {
        self.queue = queue
    }

    public func recoverInterrupted() throws -> [PrintJobTicket] {
        try queue.recoverInterrupted().map(Self.ticket)
    }

    public func nextPendingJob() throws -> PrintJobTicket? {
        try queue.nextPending().map(Self.ticket)
    }

    public func markPrinting(_ id: Int64) throws -> Bool {
        try queue.markPrinting(id)
    }

    public func markDone(_ id: Int64) throws -> Bool {
        try queue.markDone(id)
    }

    public func markFailed(_ id: Int64, error: String) throws {
        try queue.markFailed(id, error: error)
    }

    public func markUnprintable(_ id: Int64, reason: String) throws {
        try queue.cancel(id, reason: reason)
    }

    /// The two kinds share their stored names, so a kind the spooler does not know cannot exist.
    static func ticket(_ job: PrintQueue.Job) -> PrintJobTicket {
        let kind: PrintJobTicket.Kind =
            switch job.kind {
            case .card: .card
            case .blankCard: .blankCard
            }
        return PrintJobTicket(id: job.id, kind: kind, card: job.card, attempts: job.attempts)
    }
}
