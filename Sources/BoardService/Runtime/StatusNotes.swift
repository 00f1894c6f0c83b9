import BoardModel
import Sync
import SyncWire

/// What the board says on its status line and its output about its own devices and the hub, in
/// one place, so every way of running a board says the same.
enum StatusNotes {
    static let scanNotRead = Feedback(.refused, "Scan not read: scan the code again")
    static let scannerReady = Feedback(.prompt, "Scanner ready")
    static let scannerMissing = Feedback(.refused, "Scanner not connected: plug it in (staff: see the log)")
    static let printerReady = Feedback(.prompt, "Printer ready")

    /// The print queue waits for the printer: missing, or there but not ready.
    static func printerWaiting(_ reason: String) -> Feedback {
        let why = reason.hasPrefix("no printer") ? "not connected" : "not ready"
        return Feedback(.refused, "Printer \(why): cards wait in the queue")
    }

    /// The hub's word on one of this board's changes that it did not apply as sent.
    static func settled(_ result: MutationResult) -> Feedback {
        Feedback(
            .refused,
            result.status == .parked
                ? "Hub: a card needs a slot (\(result.reason ?? "slot taken")): pick another slot"
                : "Hub refused a change: \(result.reason ?? "no reason given")")
    }

    /// The output's line for a round of sync.
    static func syncLine(_ report: SyncClient.Report) -> String {
        report.online
            ? "sync: online, \(report.pending) pending"
            : "sync: offline (\(report.problem ?? "")), \(report.pending) pending"
    }
}
