import BoardModel
import Foundation
import GRDB

/// The board's durable journal in SQLite: the confirmed grid and the outbox of mutations.
///
/// Every accepted scan is written, with its outbox row, in one transaction on a database in WAL
/// mode with `synchronous=FULL`, so a scan the board has acknowledged survives a power cut.
public final class BoardJournal: Sendable {
    let database: DatabaseQueue
    public let path: String

    /// Why the journal could not do what was asked.
    public enum Failure: Error, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)
        case refused(Refusal)

        public var description: String {
            switch self {
            case .cannotOpen(let path, let reason):
                "cannot open the board journal at \(path): \(reason); check that the folder exists and is writable"
            case .refused(let refusal): refusal.description
            }
        }
    }

    /// A mutation waiting in the outbox for the hub.
    public struct OutboxEntry: Hashable, Sendable {
        /// The board's own increasing id for the mutation.
        public var id: Int64
        public var mutation: Mutation
        public var actor: Actor
        public var createdAt: Date
    }

    /// Opens (creating if needed) the journal and brings its schema up to date.
    public init(path: String) throws {
        self.path = path
        do {
            database = try Self.open(path)
        } catch {
            throw Failure.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// A connection to the journal's file with its settings, schema up to date; the journal and
    /// the print queue each hold one.
    static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        // The print queue and `openspace print --queue` open the same file: a writer waits for
        // the others' short transactions instead of failing a scan with SQLITE_BUSY.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // WAL keeps readers off the writer's back; FULL syncs the WAL on every commit.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try migrator.migrate(database)
        return database
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE card (
                        id TEXT PRIMARY KEY NOT NULL,
                        title TEXT NOT NULL,
                        host TEXT NOT NULL,
                        contact TEXT NOT NULL,
                        summary TEXT NOT NULL
                    );
                    CREATE TABLE placement (
                        card_id TEXT PRIMARY KEY NOT NULL REFERENCES card(id) ON DELETE CASCADE,
                        day INTEGER NOT NULL,
                        room TEXT NOT NULL,
                        start INTEGER NOT NULL,
                        UNIQUE (day, room, start)
                    );
                    CREATE TABLE parked (
                        card_id TEXT PRIMARY KEY NOT NULL REFERENCES card(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL
                    );
                    CREATE TABLE staff_block (
                        day INTEGER NOT NULL,
                        room TEXT NOT NULL,
                        start INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        PRIMARY KEY (day, room, start)
                    );
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        mutation TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2-print-queue", migrate: PrintQueue.createTable)
        migrator.registerMigration("v3-sync", migrate: createSyncTables)
        return migrator
    }

    /// Closes the journal's connection, for a clean stop: everything committed is on disk
    /// already, and the WAL is checkpointed into the database file. Any later use throws.
    public func close() throws {
        try database.close()
    }

    /// Reads the confirmed grid.
    public func grid() throws -> Grid {
        try database.read { db in try Self.loadGrid(db) }
    }

    /// Checks a mutation against the grid as stored and commits it with its outbox row.
    ///
    /// Returns only after the transaction is on disk; a refusal writes nothing.
    @discardableResult
    public func commit(_ mutation: Mutation, context: Grid.Context) throws -> (grid: Grid, outboxID: Int64) {
        try database.write { db in
            var grid = try Self.loadGrid(db)
            let changes: [Grid.Change]
            do throws(Refusal) {
                changes = try grid.apply(mutation, in: context)
            } catch {
                throw Failure.refused(error)
            }
            for change in changes { try Self.write(change, db) }
            try db.execute(
                sql: "INSERT INTO outbox (mutation, actor, created_at) VALUES (?, ?, ?)",
                arguments: [
                    try Self.json(mutation), try Self.json(context.actor), context.now.timeIntervalSince1970,
                ])
            return (grid, db.lastInsertedRowID)
        }
    }

    /// The journal mode and sync level SQLite reports for this connection (`wal`, 2 = FULL).
    public func durability() throws -> (journalMode: String, synchronous: Int) {
        try database.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            )
        }
    }

    /// Mutations not yet confirmed by the hub, oldest first.
    public func outbox() throws -> [OutboxEntry] {
        try database.read { db in try Self.outbox(db) }
    }

    static func outbox(_ db: Database) throws -> [OutboxEntry] {
        try Row.fetchAll(db, sql: "SELECT id, mutation, actor, created_at FROM outbox ORDER BY id").map { row in
            OutboxEntry(
                id: row["id"], mutation: try decode(row["mutation"]), actor: try decode(row["actor"]),
                createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
    }

    static func loadGrid(_ db: Database) throws -> Grid {
        var grid = Grid()
        for row in try Row.fetchAll(db, sql: "SELECT id, title, host, contact, summary FROM card") {
            let id = try CardID(validating: row["id"] as String)
            grid.record(
                .cardAdded(
                    Card(
                        id: id, title: row["title"], host: row["host"], contact: row["contact"], summary: row["summary"]
                    )))
        }
        for row in try Row.fetchAll(db, sql: "SELECT card_id, day, room, start FROM placement") {
            grid.record(.placed(try CardID(validating: row["card_id"] as String), cell(row)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT card_id FROM parked ORDER BY position") {
            grid.record(.parked(try CardID(validating: row["card_id"] as String)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT day, room, start, reason FROM staff_block") {
            grid.record(.blocked(cell(row), reason: row["reason"]))
        }
        return grid
    }

    private static func cell(_ row: Row) -> CellRef {
        CellRef(day: row["day"], room: row["room"], start: ClockTime(minutes: row["start"]))
    }

    static func write(_ change: Grid.Change, _ db: Database) throws {
        switch change {
        case .cardAdded(let card):
            try db.execute(
                sql: "INSERT INTO card (id, title, host, contact, summary) VALUES (?, ?, ?, ?, ?)",
                arguments: [card.id.text, card.title, card.host, card.contact, card.summary])
        case .cardEdited(let card):
            try db.execute(
                sql: "UPDATE card SET title = ?, host = ?, contact = ?, summary = ? WHERE id = ?",
                arguments: [card.title, card.host, card.contact, card.summary, card.id.text])
        case .placed(let id, let cell):
            try db.execute(
                sql: "INSERT INTO placement (card_id, day, room, start) VALUES (?, ?, ?, ?)",
                arguments: [id.text, cell.day, cell.room, cell.start.minutes])
        case .unplaced(let id):
            try db.execute(sql: "DELETE FROM placement WHERE card_id = ?", arguments: [id.text])
        case .parked(let id):
            try db.execute(
                sql:
                    "INSERT INTO parked (card_id, position) VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM parked))",
                arguments: [id.text])
        case .unparked(let id):
            try db.execute(sql: "DELETE FROM parked WHERE card_id = ?", arguments: [id.text])
        case .blocked(let cell, let reason):
            try db.execute(
                sql: "INSERT INTO staff_block (day, room, start, reason) VALUES (?, ?, ?, ?)",
                arguments: [cell.day, cell.room, cell.start.minutes, reason])
        case .unblocked(let cell):
            try db.execute(
                sql: "DELETE FROM staff_block WHERE day = ? AND room = ? AND start = ?",
                arguments: [cell.day, cell.room, cell.start.minutes])
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
