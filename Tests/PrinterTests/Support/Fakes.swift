import BoardModel
import Printer
import Synchronization

/// A failure a fake is told to throw.
struct FakeFailure: Error, CustomStringConvertible {
    let description: String
}

/// A printer that records what it was sent, answers `DLE EOT` from a script of status bytes per
/// request (the last entry repeats), and can be told to fail writes.
final class FakeTransport: PrinterTransport {
    let name: String
    private struct Script {
        var replies: [UInt8: [UInt8]]
        var failingWrites: Int
        var written: [[UInt8]] = []
        var requests: [UInt8] = []
    }
    private let script: Mutex<Script>

    /// - Parameters:
    ///   - replies: status bytes per `DLE EOT n`, used in order; the last one keeps answering.
    ///     A request with no entry gets no reply.
    ///   - failingWrites: how many writes fail before they succeed.
    init(name: String = "fake printer", replies: [UInt8: [UInt8]] = [1: [0x12], 4: [0x12]], failingWrites: Int = 0) {
        self.name = name
        script = Mutex(Script(replies: replies, failingWrites: failingWrites))
    }

    /// Every successful write, in order.
    var written: [[UInt8]] { script.withLock { $0.written } }
    /// The n of every status request, in order.
    var statusRequests: [UInt8] { script.withLock { $0.requests } }

    func write(_ bytes: [UInt8]) throws {
        try script.withLock { script in
            if script.failingWrites > 0 {
                script.failingWrites -= 1
                throw FakeFailure(description: "\(name): cable pulled")
            }
            script.written.append(bytes)
        }
    }

    func readStatus(_ request: [UInt8], replyLength: Int, timeout: Duration) throws -> [UInt8] {
        script.withLock { script in
            guard request.count == 3, let n = request.last else { return [] }
            script.requests.append(n)
            guard var answers = script.replies[n], let first = answers.first else { return [] }
            if answers.count > 1 { answers.removeFirst() }
            script.replies[n] = answers
            return [first]
        }
    }
}

/// The print queue's rules in memory: pending, printing, done, cancelled, with attempts.
final class InMemoryJobSource: PrintJobSource {
    struct Entry: Equatable {
        var ticket: PrintJobTicket
        var state: String
        var lastError: String?
    }
    private let entries: Mutex<[Entry]>
    private let failing: Mutex<Bool>
    private let cancelledOnTake = Mutex<Set<Int64>>([])

    init(_ tickets: [PrintJobTicket] = [], state: String = "pending") {
        entries = Mutex(tickets.map { Entry(ticket: $0, state: state) })
        failing = Mutex(false)
    }

    var all: [Entry] { entries.withLock { $0 } }

    func entry(_ id: Int64) -> Entry? { all.first { $0.ticket.id == id } }

    /// Makes every call fail, as an unreadable database would.
    func setFailing(_ value: Bool) { failing.withLock { $0 = value } }

    /// Has staff cancel the job just after the spooler took it and before it is marked printing.
    func cancelWhenTaken(_ id: Int64) { cancelledOnTake.withLock { _ = $0.insert(id) } }

    func add(_ ticket: PrintJobTicket) { entries.withLock { $0.append(Entry(ticket: ticket, state: "pending")) } }

    private func check() throws {
        if failing.withLock({ $0 }) { throw FakeFailure(description: "database is locked") }
    }

    func recoverInterrupted() throws -> [PrintJobTicket] {
        try check()
        return entries.withLock { entries in
            var recovered: [PrintJobTicket] = []
            for index in entries.indices where entries[index].state == "printing" {
                entries[index].state = "pending"
                entries[index].ticket.attempts += 1
                entries[index].lastError = "interrupted"
                recovered.append(entries[index].ticket)
            }
            return recovered
        }
    }

    func nextPendingJob() throws -> PrintJobTicket? {
        try check()
        return entries.withLock { $0.first { $0.state == "pending" }?.ticket }
    }

    func markPrinting(_ id: Int64) throws -> Bool {
        if cancelledOnTake.withLock({ $0.contains(id) }) {
            _ = try move(id, from: "pending", to: "cancelled")
            return false
        }
        return try move(id, from: "pending", to: "printing")
    }

    func markDone(_ id: Int64) throws -> Bool { try move(id, from: "printing", to: "done") }

    func markFailed(_ id: Int64, error: String) throws {
        _ = try move(id, from: "printing", to: "pending", error: error, countAttempt: true)
    }

    func markUnprintable(_ id: Int64, reason: String) throws {
        try check()
        entries.withLock { entries in
            guard let index = entries.firstIndex(where: { $0.ticket.id == id }) else { return }
            entries[index].state = "cancelled"
            entries[index].lastError = reason
        }
    }

    private func move(_ id: Int64, from: String, to: String, error: String? = nil, countAttempt: Bool = false)
        throws -> Bool
    {
        try check()
        return entries.withLock { entries in
            guard let index = entries.firstIndex(where: { $0.ticket.id == id && $0.state == from }) else {
                return false
            }
            entries[index].state = to
            if let error { entries[index].lastError = error }
            if countAttempt { entries[index].ticket.attempts += 1 }
            return true
        }
    }
}

/// A count shared between a test and the closures it hands out.
final class Counter: Sendable {
    private let value = Mutex(0)

    var count: Int { value.withLock { $0 } }

    /// Adds one and returns the new count.
    func increment() -> Int {
        value.withLock { count in
            count += 1
            return count
        }
    }
}

/// Something a test needs from the machine is missing: the test fails and says what.
struct TestSetupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
