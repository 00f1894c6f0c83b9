import BoardModel
import Foundation
import GRDB

/// The board's print jobs, kept in the board journal's SQLite file so queued cards survive a
/// restart or a power cut: each job is pending until the spooler sends it, printing while it
/// does, then done; staff can cancel pending ones.
///
/// A job stores the card as it was when queued (JSON) with its id, so a reprint shows the same
/// text even if the card changed since. Each call is one committed transaction.
public final class PrintQueue: Sendable {
    /// What a job prints.
    public enum Kind: String, Sendable, CaseIterable {
        /// A filled-in topic card.
        case card
        /// A blank card with only its id, to write on by hand.
        case blankCard = "blank_card"
    }

    /// Where a job is in its life.
    public enum State: String, Sendable, CaseIterable {
        case pending
        /// Being sent to the printer; left in this state only by a crash mid-send.
        case printing
        case done
        case cancelled
    }

    /// One queued print job.
    public struct Job: Hashable, Sendable {
        public var id: Int64
        public var kind: Kind
        public var card: Card
        public var createdAt: Date
        public var state: State
        /// Sends that failed or were interrupted.
        public var attempts: Int
        /// Why the last send failed, or why the job was cancelled.
        public var lastError: String?
    }

    /// Why a queue operation failed.
    public enum Failure: Error, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)
        case unreadableJob(id: Int64, reason: String)

        public var description: String {
            switch self {
            case .cannotOpen(let path, let reason):
                "cannot open the print queue in the board journal at \(path): \(reason); check that the folder "
                    + "exists and is writable"
            case .unreadableJob(let id, let reason):
                "print job \(id) in the board journal cannot be read (\(reason)); cancel it with its id"
            }
        }
    }

    private let database: DatabaseQueue
    public let path: String

    /// Opens the print queue of the journal at `path` (creating the file and table if needed).
    ///
    /// The queue has its own connection to the file, with the journal's settings; SQLite
    /// serialises it with the journal's, and its busy timeout makes a print-queue write wait for
    /// a scan being committed instead of failing.
    public init(path: String) throws {
        self.path = path
        do {
            database = try BoardJournal.open(path)
        } catch {
            throw Failure.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Opens the print queue of `journal`'s file.
    public convenience init(journal: BoardJournal) throws {
        try self.init(path: journal.path)
    }

    /// The table, created by the journal's "v2-print-queue" migration.
    static func createTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE print_job (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    card_id TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'printing', 'done', 'cancelled')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT
                );
                CREATE INDEX print_job_state ON print_job (state, id);
                """)
    }

    /// Queues `card` to print as `kind`; returns the job's id once it is on disk.
    @discardableResult
    public func enqueue(_ kind: Kind, card: Card, at date: Date = Date()) throws -> Int64 {
        try database.write { db in try Self.insert(kind, card: card, at: date, db) }
    }

    /// Adds a pending job inside the caller's transaction (the journal queues cards the hub sent
    /// in the same transaction as the pull that brought them).
    static func insert(_ kind: Kind, card: Card, at date: Date, _ db: Database) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let payload = String(decoding: try encoder.encode(card), as: UTF8.self)
        try db.execute(
            sql: "INSERT INTO print_job (kind, card_id, payload, created_at) VALUES (?, ?, ?, ?)",
            arguments: [kind.rawValue, card.id.text, payload, date.timeIntervalSince1970])
        return db.lastInsertedRowID
    }

    /// The oldest pending job, or nil when none waits.
    public func nextPending() throws -> Job? {
        try database.read { db in
            try Row.fetchOne(db, sql: "\(Self.select) WHERE state = 'pending' ORDER BY id LIMIT 1").map(Self.job)
        }
    }

    /// The job with `id`, in whatever state.
    public func job(_ id: Int64) throws -> Job? {
        try database.read { db in
            try Row.fetchOne(db, sql: "\(Self.select) WHERE id = ?", arguments: [id]).map(Self.job)
        }
    }

    /// Jobs in the given states, oldest first.
    public func jobs(in states: Set<State> = Set(State.allCases)) throws -> [Job] {
        guard !states.isEmpty else { return [] }
        let names = states.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        return try database.read { db in
            try Row.fetchAll(db, sql: "\(Self.select) WHERE state IN (\(names)) ORDER BY id").map(Self.job)
        }
    }

    /// Number of jobs waiting to print (pending or being sent).
    public func waitingCount() throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM print_job WHERE state IN ('pending', 'printing')") ?? 0
        }
    }

    /// Marks a pending job as being sent; false when it is not pending (cancelled, or taken).
    public func markPrinting(_ id: Int64) throws -> Bool {
        try transition(id, from: .pending, to: .printing)
    }

    /// Marks a job being sent as printed; false when it was not being sent, so a job is done
    /// exactly once.
    public func markDone(_ id: Int64) throws -> Bool {
        try transition(id, from: .printing, to: .done)
    }

    /// A send failed: the job goes back to pending with the error and one more attempt counted.
    @discardableResult
    public func markFailed(_ id: Int64, error: String) throws -> Bool {
        try transition(id, from: .printing, to: .pending, error: error, countAttempt: true)
    }

    /// Cancels a pending job, keeping `reason`; false when it is already being sent, printed or
    /// cancelled (a card on its way to the paper cannot be called back).
    @discardableResult
    public func cancel(_ id: Int64, reason: String = "cancelled") throws -> Bool {
        try transition(id, from: .pending, to: .cancelled, error: reason)
    }

    /// Puts jobs left `printing` by a crash back to pending, noting that the card may already
    /// have come out, and returns them; the spooler calls it once when it starts.
    public func recoverInterrupted() throws -> [Job] {
        try database.write { db in
            let interrupted = try Row.fetchAll(db, sql: "\(Self.select) WHERE state = 'printing' ORDER BY id")
                .map(Self.job)
            try db.execute(
                sql: """
                    UPDATE print_job SET state = 'pending', attempts = attempts + 1,
                        last_error = 'interrupted while printing; the card may have printed already'
                    WHERE state = 'printing'
                    """)
            return interrupted.map { job in
                var recovered = job
                recovered.state = .pending
                return recovered
            }
        }
    }

    private func transition(
        _ id: Int64, from: State, to: State, error: String? = nil, countAttempt: Bool = false
    ) throws -> Bool {
        try database.write { db in
            try db.execute(
                sql: """
                    UPDATE print_job SET state = ?, last_error = COALESCE(?, last_error),
                        attempts = attempts + ?
                    WHERE id = ? AND state = ?
                    """,
                arguments: [to.rawValue, error, countAttempt ? 1 : 0, id, from.rawValue])
            return db.changesCount == 1
        }
    }

    private static let select =
        "SELECT id, kind, card_id, payload, created_at, state, attempts, last_error FROM print_job"

    private static func job(_ row: Row) throws -> Job {
        let id: Int64 = row["id"]
        guard let kind = Kind(rawValue: row["kind"]), let state = State(rawValue: row["state"]) else {
            throw Failure.unreadableJob(id: id, reason: "unknown kind or state")
        }
        let card: Card
        do {
            card = try JSONDecoder().decode(Card.self, from: Data((row["payload"] as String).utf8))
        } catch {
            throw Failure.unreadableJob(id: id, reason: "\(error)")
        }
        return Job(
            id: id, kind: kind, card: card, createdAt: Date(timeIntervalSince1970: row["created_at"]), state: state,
            attempts: row["attempts"], lastError: row["last_error"])
    }
}
