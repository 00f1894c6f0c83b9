/// The durable queue the spooler takes jobs from (the board journal's `PrintQueue`, or a fake in
/// tests). Every call commits before it returns, so what the spooler marked survives a crash.
public protocol PrintJobSource: Sendable {
    /// Moves jobs left in `printing` by a crash or power cut back to pending, with a note that
    /// they may print twice, and returns them.
    func recoverInterrupted() throws -> [PrintJobTicket]

    /// The oldest pending job, or nil.
    func nextPendingJob() throws -> PrintJobTicket?

    /// Marks a pending job as being sent; false when it is no longer pending (cancelled meanwhile).
    func markPrinting(_ id: Int64) throws -> Bool

    /// Marks a job that was being sent as printed; false when it was not being sent.
    func markDone(_ id: Int64) throws -> Bool

    /// Puts a job that was being sent back to pending with the error, counting the attempt.
    func markFailed(_ id: Int64, error: String) throws

    /// Cancels a job that can never print (its layout fails), keeping the reason.
    func markUnprintable(_ id: Int64, reason: String) throws
}
