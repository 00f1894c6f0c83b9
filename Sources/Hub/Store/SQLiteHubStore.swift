import BoardModel
import Foundation
import GRDB
import SyncWire
import Synchronization

/// The hub's store in one SQLite file (GRDB, WAL): the embedded default, for one hub process.
public final class SQLiteHubStore: HubStore {
    private let pool: DatabasePool
    public let path: String
    /// The grid as of a version, so a push does not read every card again; checked against the
    /// stored version inside each write transaction.
    private let cache = Mutex<(version: Int64, grid: Grid)?>(nil)

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    /// One process owns a SQLite hub file, so no other process writes versions to hear about.
    public func run(onVersion: @escaping @Sendable (Int64) -> Void) async throws {
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }

    public func migrate() async throws {
        try Self.migrator.migrate(pool)
    }

    /// Applies the migrations up to and including `name` only: how a test makes a hub file as an
    /// earlier release left it.
    func migrate(upTo name: String) throws {
        try Self.migrator.migrate(pool, upTo: name)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in HubSchema.migrations(for: .sqlite) {
            migrator.registerMigration(migration.name) { db in
                for statement in migration.statements { try db.execute(sql: statement) }
            }
        }
        return migrator
    }

    public func version() async throws -> Int64 {
        try await pool.read { db in try Self.version(db) }
    }

    private static func version(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT version FROM hub_state WHERE id = 1") ?? 0
    }

    public func settle(
        client: String, board: String, now: Date,
        _ decide: @Sendable (_ grid: Grid, _ lastMutationID: Int64) -> Ledger.Outcome
    ) async throws -> (outcome: Ledger.Outcome, version: Int64) {
        try await pool.write { db -> (Ledger.Outcome, Int64) in
            let current = try Self.version(db)
            let grid: Grid
            if let cached = self.cache.withLock({ $0 }), cached.version == current {
                grid = cached.grid
            } else {
                grid = try Self.loadGrid(db)
            }
            var last: Int64 = 0
            if let row = try Row.fetchOne(
                db, sql: "SELECT board_id, last_mutation_id FROM client WHERE id = ?", arguments: [client])
            {
                let owner: String = row["board_id"]
                guard owner == board else { throw HubStoreError.clientOfAnotherBoard(client: client, owner: owner) }
                last = row["last_mutation_id"]
            }
            let outcome = decide(grid, last)
            guard outcome.changed else {
                db.afterNextTransaction { _ in self.cache.withLock { $0 = (current, grid) } }
                return (outcome, current)
            }
            let version = current + 1
            try db.execute(sql: "UPDATE hub_state SET version = ? WHERE id = 1", arguments: [version])
            try Self.write(outcome, version: version, db)
            try db.execute(
                sql: """
                    INSERT INTO client (id, board_id, last_mutation_id) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id
                    """, arguments: [client, board, outcome.lastMutationID])
            for entry in outcome.entries {
                let row = try LogRow(entry)
                try db.execute(
                    sql: """
                        INSERT INTO mutation_log (client_id, mutation_id, board_id, actor, mutation, kind, card_id,
                            status, reason, version, settled_at, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        client, entry.mutationID, board, row.actor, row.mutation, entry.mutation.kind,
                        entry.cardID?.text, entry.status.rawValue, entry.reason, version, now.timeIntervalSince1970,
                        entry.createdAt.timeIntervalSince1970,
                    ])
            }
            // Set once the transaction committed, before the next writer starts: a failed commit
            // never leaves a version in the cache that the file does not have.
            db.afterNextTransaction { _ in self.cache.withLock { $0 = (version, outcome.grid) } }
            return (outcome, version)
        }
    }

    /// Writes the rows an outcome changed: first every touched card leaves its cell, then each
    /// takes its new one, so a swap within a batch never trips the one-card-per-cell constraint.
    private static func write(_ outcome: Ledger.Outcome, version: Int64, _ db: Database) throws {
        let grid = outcome.grid
        let touched = outcome.touchedCards.sorted()
        for id in touched {
            try db.execute(
                sql: "UPDATE card SET day = NULL, room = NULL, start = NULL WHERE id = ?", arguments: [id.text])
        }
        let ranks = try parkedRanks(grid, touched: Set(touched), version: version, db)
        for id in touched {
            guard let card = grid.cards[id] else { continue }
            let cell = grid.placements[id]
            try db.execute(
                sql: """
                    INSERT INTO card (id, title, host, contact, summary, day, room, start, parked_rank, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET title = excluded.title, host = excluded.host,
                        contact = excluded.contact, summary = excluded.summary, day = excluded.day,
                        room = excluded.room, start = excluded.start, parked_rank = excluded.parked_rank,
                        version = excluded.version
                    """,
                arguments: [
                    id.text, card.title, card.host, card.contact, card.summary, cell?.day, cell?.room,
                    cell?.start.minutes, ranks[id], version,
                ])
        }
        for cell in outcome.touchedBlocks.sorted() {
            try db.execute(
                sql: """
                    INSERT INTO staff_block (day, room, start, reason, version) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (day, room, start) DO UPDATE SET reason = excluded.reason, version = excluded.version
                    """,
                arguments: [cell.day, cell.room, cell.start.minutes, grid.staffBlocks[cell], version])
        }
    }

    /// Parked cards keep their rank; newly parked ones rank after every rank given so far.
    private static func parkedRanks(_ grid: Grid, touched: Set<CardID>, version: Int64, _ db: Database) throws
        -> [CardID: Int64]
    {
        var ranks: [CardID: Int64] = [:]
        var next = (try Int64.fetchOne(db, sql: "SELECT MAX(parked_rank) FROM card") ?? 0) + 1
        for id in grid.parked where touched.contains(id) {
            let old = try Int64.fetchOne(db, sql: "SELECT parked_rank FROM card WHERE id = ?", arguments: [id.text])
            if let old {
                ranks[id] = old
            } else {
                ranks[id] = next
                next += 1
            }
        }
        return ranks
    }

    private static func loadGrid(_ db: Database) throws -> Grid {
        GridSnapshot(cards: try cardStates(db, since: nil), blocks: try blockStates(db, since: nil)).grid
    }

    private static func cardStates(_ db: Database, since cookie: Int64?) throws -> [CardState] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, title, host, contact, summary, day, room, start, parked_rank FROM card
                WHERE version > ? ORDER BY id
                """, arguments: [cookie ?? -1]
        ).map { row in
            let card = Card(
                id: try CardID(validating: row["id"] as String), title: row["title"], host: row["host"],
                contact: row["contact"], summary: row["summary"])
            var cell: CellRef?
            if let day: Int = row["day"] {
                cell = CellRef(day: day, room: row["room"], start: ClockTime(minutes: row["start"]))
            }
            return CardState(card: card, cell: cell, parkedRank: row["parked_rank"])
        }
    }

    private static func blockStates(_ db: Database, since cookie: Int64?) throws -> [BlockState] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT day, room, start, reason FROM staff_block
                WHERE version > ? AND (reason IS NOT NULL OR ? IS NOT NULL) ORDER BY day, start, room
                """, arguments: [cookie ?? -1, cookie]
        ).map { row in
            BlockState(
                cell: CellRef(day: row["day"], room: row["room"], start: ClockTime(minutes: row["start"])),
                reason: row["reason"])
        }
    }

    public func pull(since cookie: Int64?, client: String?, after: Int64?, board: String?) async throws -> PullResponse
    {
        try await pool.read { db in
            let version = try Self.version(db)
            // A cookie from the future means the hub's data went back (restored from a backup):
            // the caller gets everything again.
            let since = cookie.flatMap { $0 <= version && $0 >= 0 ? $0 : nil }
            var response = PullResponse(
                cookie: version, reset: since == nil, cards: try Self.cardStates(db, since: since),
                blocks: try Self.blockStates(db, since: since))
            if let client {
                response.lastMutationID =
                    try Int64.fetchOne(db, sql: "SELECT last_mutation_id FROM client WHERE id = ?", arguments: [client])
                    ?? 0
                response.results = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT mutation_id, status, reason FROM mutation_log
                        WHERE client_id = ? AND mutation_id > ? ORDER BY mutation_id LIMIT 1000
                        """, arguments: [client, after ?? 0]
                ).map { row in
                    MutationResult(
                        id: row["mutation_id"], status: MutationStatus(rawValue: row["status"]) ?? .rejected,
                        reason: row["reason"])
                }
            }
            if let board {
                response.prints = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, board_id, card_id, version FROM print_request
                        WHERE board_id = ? AND version > ? ORDER BY id
                        """, arguments: [board, since ?? -1]
                ).map { row in
                    PrintOrder(id: row["id"], card: try CardID(validating: row["card_id"] as String))
                }
            }
            return response
        }
    }

    public func history(of card: CardID) async throws -> [HistoryEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT version, board_id, actor, mutation, status, reason, settled_at FROM mutation_log
                    WHERE card_id = ? ORDER BY seq
                    """, arguments: [card.text]
            ).map { row in
                try LogRow(actor: row["actor"], mutation: row["mutation"]).entry(
                    version: row["version"], boardID: row["board_id"], status: row["status"], reason: row["reason"],
                    settledAt: Date(timeIntervalSince1970: row["settled_at"]))
            }
        }
    }

    // MARK: Boards

    public func addBoard(id: String, name: String, enrolCodeHash: String, codeExpires: Date, now: Date) async throws {
        try await pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM board WHERE id = ?", arguments: [id]) == nil else {
                throw HubStoreError.duplicateBoard(id)
            }
            try db.execute(
                sql: """
                    INSERT INTO board (id, name, enrol_code_hash, code_expires, revoked, created_at)
                    VALUES (?, ?, ?, ?, 0, ?)
                    """,
                arguments: [id, name, enrolCodeHash, codeExpires.timeIntervalSince1970, now.timeIntervalSince1970])
        }
    }

    public func enrol(codeHash: String, tokenHash: String, now: Date) async throws -> BoardRecord? {
        try await pool.write { db in
            guard
                let id = try String.fetchOne(
                    db,
                    sql: "SELECT id FROM board WHERE enrol_code_hash = ? AND code_expires > ? AND revoked = 0",
                    arguments: [codeHash, now.timeIntervalSince1970])
            else { return nil }
            try db.execute(
                sql: """
                    UPDATE board SET token_hash = ?, enrol_code_hash = NULL, code_expires = NULL, last_seen = ?
                    WHERE id = ?
                    """, arguments: [tokenHash, now.timeIntervalSince1970, id])
            return try Self.boards(db, where: "id = ?", [id]).first
        }
    }

    public func board(tokenHash: String) async throws -> BoardRecord? {
        try await pool.read { db in try Self.boards(db, where: "token_hash = ? AND revoked = 0", [tokenHash]).first }
    }

    public func boards() async throws -> [BoardRecord] {
        try await pool.read { db in try Self.boards(db, where: "1 = 1", []) }
    }

    private static func boards(_ db: Database, where condition: String, _ arguments: StatementArguments) throws
        -> [BoardRecord]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, name, token_hash IS NOT NULL AS enrolled, revoked, created_at, last_seen, pending, software,
                    panel_problem
                FROM board WHERE \(condition) ORDER BY id
                """, arguments: arguments
        ).map { row in
            BoardRecord(
                id: row["id"], name: row["name"], enrolled: row["enrolled"], revoked: row["revoked"],
                createdAt: Date(timeIntervalSince1970: row["created_at"]),
                lastSeen: (row["last_seen"] as Double?).map(Date.init(timeIntervalSince1970:)), pending: row["pending"],
                software: row["software"], panelProblem: row["panel_problem"])
        }
    }

    public func revokeBoard(id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE board SET revoked = 1, enrol_code_hash = NULL WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func touchBoard(id: String, pending: Int?, software: String?, panelProblem: String?, now: Date)
        async throws
    {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE board SET last_seen = ?, pending = COALESCE(?, pending), software = COALESCE(?, software),
                        panel_problem = ?
                    WHERE id = ?
                    """,
                arguments: [now.timeIntervalSince1970, pending, software, panelProblem, id])
        }
    }

    // MARK: Staff

    public func putStaff(name: String, passwordHash: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO staff (name, password_hash) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash
                    """, arguments: [name, passwordHash])
            // A new password ends every session of the old one.
            try db.execute(sql: "DELETE FROM staff_session WHERE staff_name = ?", arguments: [name])
        }
    }

    public func staffPasswordHash(name: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM staff WHERE name = ?", arguments: [name])
        }
    }

    public func addSession(tokenHash: String, staff: String, expires: Date, now: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM staff_session WHERE expires <= ?", arguments: [now.timeIntervalSince1970])
            try db.execute(
                sql: "INSERT INTO staff_session (token_hash, staff_name, expires) VALUES (?, ?, ?)",
                arguments: [tokenHash, staff, expires.timeIntervalSince1970])
        }
    }

    public func sessionStaff(tokenHash: String, now: Date) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT staff_name FROM staff_session WHERE token_hash = ? AND expires > ?",
                arguments: [tokenHash, now.timeIntervalSince1970])
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM staff_session WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    public func deleteSessions(staff: String) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM staff_session WHERE staff_name = ?", arguments: [staff])
            return db.changesCount
        }
    }

    // MARK: Printing

    public func requestPrint(board: String, card: CardID) async throws -> PrintRequest {
        let request = try await pool.write { db -> PrintRequest in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM board WHERE id = ?", arguments: [board]) != nil else {
                throw HubStoreError.unknownBoard(board)
            }
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM card WHERE id = ?", arguments: [card.text]) != nil else {
                throw HubStoreError.unknownCard(card)
            }
            let version = try Self.version(db) + 1
            try db.execute(sql: "UPDATE hub_state SET version = ? WHERE id = 1", arguments: [version])
            try db.execute(
                sql: "INSERT INTO print_request (board_id, card_id, version) VALUES (?, ?, ?)",
                arguments: [board, card.text, version])
            return PrintRequest(id: db.lastInsertedRowID, boardID: board, cardID: card, version: version)
        }
        return request
    }
}
