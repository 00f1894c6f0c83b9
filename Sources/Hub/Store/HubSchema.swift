import BoardModel
import Foundation
import SyncWire

/// The hub's tables, written once for both databases; the few words that differ are chosen by
/// dialect.
enum HubSchema {
    enum Dialect {
        case sqlite
        case postgres
    }

    /// The schema's migrations by name, in order: each is applied once, in one transaction, and
    /// never changed after a release (a new release adds a new one).
    static func migrations(for dialect: Dialect) -> [(name: String, statements: [String])] {
        [
            ("hub-v1", statements(for: dialect)),
            // 0.6: the software each board runs, from its requests' User-Agent.
            ("hub-v2-board-software", ["ALTER TABLE board ADD COLUMN software TEXT"]),
            // 0.7: what is wrong with each board's panel, as the board last said.
            ("hub-v3-board-panel", ["ALTER TABLE board ADD COLUMN panel_problem TEXT"]),
        ]
    }

    /// The first release's tables.
    static func statements(for dialect: Dialect) -> [String] {
        let serial = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        let big = dialect == .sqlite ? "INTEGER" : "BIGINT"
        let time = dialect == .sqlite ? "REAL" : "DOUBLE PRECISION"
        let flag = dialect == .sqlite ? "INTEGER" : "SMALLINT"
        return [
            "CREATE TABLE hub_state (id INTEGER PRIMARY KEY CHECK (id = 1), version \(big) NOT NULL)",
            "INSERT INTO hub_state (id, version) VALUES (1, 0)",
            // One row per card; a cell holds at most one card, enforced by the database itself.
            """
            CREATE TABLE card (
                id TEXT PRIMARY KEY NOT NULL,
                title TEXT NOT NULL, host TEXT NOT NULL, contact TEXT NOT NULL, summary TEXT NOT NULL,
                day INTEGER, room TEXT, start INTEGER,
                parked_rank \(big),
                version \(big) NOT NULL,
                UNIQUE (day, room, start)
            )
            """,
            "CREATE INDEX card_version ON card (version)",
            // A row with a NULL reason is a cell staff opened again: kept so pulls see the change.
            """
            CREATE TABLE staff_block (
                day INTEGER NOT NULL, room TEXT NOT NULL, start INTEGER NOT NULL,
                reason TEXT, version \(big) NOT NULL,
                PRIMARY KEY (day, room, start)
            )
            """,
            """
            CREATE TABLE board (
                id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL,
                token_hash TEXT UNIQUE, enrol_code_hash TEXT UNIQUE, code_expires \(time),
                revoked \(flag) NOT NULL DEFAULT 0,
                created_at \(time) NOT NULL, last_seen \(time), pending INTEGER
            )
            """,
            """
            CREATE TABLE client (
                id TEXT PRIMARY KEY NOT NULL, board_id TEXT NOT NULL, last_mutation_id \(big) NOT NULL
            )
            """,
            """
            CREATE TABLE mutation_log (
                seq \(serial),
                client_id TEXT NOT NULL, mutation_id \(big) NOT NULL, board_id TEXT NOT NULL,
                actor TEXT NOT NULL, mutation TEXT NOT NULL, kind TEXT NOT NULL, card_id TEXT,
                status TEXT NOT NULL, reason TEXT, version \(big) NOT NULL,
                settled_at \(time) NOT NULL, created_at \(time) NOT NULL,
                UNIQUE (client_id, mutation_id)
            )
            """,
            "CREATE INDEX mutation_log_card ON mutation_log (card_id)",
            "CREATE TABLE staff (name TEXT PRIMARY KEY NOT NULL, password_hash TEXT NOT NULL)",
            """
            CREATE TABLE staff_session (
                token_hash TEXT PRIMARY KEY NOT NULL, staff_name TEXT NOT NULL, expires \(time) NOT NULL
            )
            """,
            """
            CREATE TABLE print_request (
                id \(serial), board_id TEXT NOT NULL, card_id TEXT NOT NULL, version \(big) NOT NULL
            )
            """,
        ]
    }
}

/// A log row's JSON columns.
struct LogRow {
    var actor: String
    var mutation: String

    init(actor: String, mutation: String) {
        self.actor = actor
        self.mutation = mutation
    }

    init(_ entry: Ledger.Entry) throws {
        let encoder = SyncCoding.encoder()
        actor = String(decoding: try encoder.encode(entry.actor), as: UTF8.self)
        mutation = String(decoding: try encoder.encode(entry.mutation), as: UTF8.self)
    }

    func entry(version: Int64, boardID: String, status: String, reason: String?, settledAt: Date) throws
        -> HistoryEntry
    {
        let decoder = SyncCoding.decoder()
        return HistoryEntry(
            version: version, boardID: boardID, actor: try decoder.decode(Actor.self, from: Data(actor.utf8)),
            mutation: try decoder.decode(Mutation.self, from: Data(mutation.utf8)),
            status: MutationStatus(rawValue: status) ?? .rejected, reason: reason, settledAt: settledAt)
    }
}
