import BoardModel
import Foundation
import Logging
import NIOSSL
import PostgresNIO
import SyncWire
import Synchronization

/// The hub's store in PostgreSQL, for several hub processes sharing one database.
///
/// Writers serialise on the one `hub_state` row (`SELECT … FOR UPDATE`), so versions grow by one
/// with each committed write whichever process made it, and each write announces its version with
/// NOTIFY so every process can poke its own listeners.
public final class PostgresHubStore: HubStore {
    /// The channel new versions travel on between hub processes.
    static let versionChannel = "openspace_version"
    /// The advisory lock migrations hold, so two processes starting at once migrate once ("OSHB").
    static let migrationLock: Int64 = 0x4F53_4842
    /// How long the LISTEN waits before trying again after its connection dropped, at first and at most.
    static let firstRetryPause = Duration.milliseconds(100)
    static let longestRetryPause = Duration.seconds(5)

    private let client: PostgresClient
    private let logger: Logger
    /// The grid as of a version, so a push does not read every card again; checked against the
    /// locked version inside each write transaction, and set only after a commit.
    private let cache = Mutex<(version: Int64, grid: Grid)?>(nil)
    private let running = Mutex(false)

    /// A store for a URL such as `postgres://user:password@host:5432/database` or, through a unix
    /// socket, `postgres:///database?host=/var/run/postgresql`.
    public convenience init(url: String, logger: Logger = Logger(label: "openspace.hub.postgres")) throws {
        self.init(configuration: try PostgresClient.Configuration(hubURL: url), logger: logger)
    }

    public init(configuration: PostgresClient.Configuration, logger: Logger = Logger(label: "openspace.hub.postgres")) {
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// Runs the connection pool and the LISTEN for other processes' versions until cancelled.
    /// A store runs once: its pool cannot be started again.
    public func run(onVersion: @escaping @Sendable (Int64) -> Void) async throws {
        let first = running.withLock { running in
            defer { running = true }
            return !running
        }
        guard first else { throw PostgresHubStoreError.alreadyRunning }
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            group.addTask { await self.listen(onVersion) }
        }
    }

    /// Hands `onVersion` each version announced on the channel, over one connection held for it.
    /// When that connection drops (PostgreSQL restarted), it listens again after a pause that
    /// grows while the failures last.
    private func listen(_ onVersion: @escaping @Sendable (Int64) -> Void) async {
        var pause = Self.firstRetryPause
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.versionChannel) { notifications in
                        // Versions written while nobody listened are caught up by the current one.
                        if let current = try await Self.versionIfMigrated(Session(connection, logger)) {
                            onVersion(current)
                        }
                        pause = Self.firstRetryPause
                        for try await notification in notifications {
                            guard let version = Int64(notification.payload) else {
                                logger.warning(
                                    "ignoring a notification that is not a version",
                                    metadata: [
                                        "channel": "\(Self.versionChannel)", "payload": "\(notification.payload)",
                                    ])
                                continue
                            }
                            onVersion(version)
                        }
                    }
                }
                if Task.isCancelled { return }
                logger.warning(
                    "the LISTEN connection closed; listening again", metadata: ["channel": "\(Self.versionChannel)"])
            } catch let error as PSQLError where error.code == .clientClosedConnection {
                // The pool closed it because the store is stopping: the loop sees the cancellation.
                logger.debug("the LISTEN connection was closed by the stopping pool")
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "the LISTEN connection failed; listening again in \(pause)",
                    metadata: ["channel": "\(Self.versionChannel)", "error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, Self.longestRetryPause)
        }
    }

    // MARK: Schema

    /// The schema's migrations by name, in order; a name once applied is never applied again.
    static let migrations = HubSchema.migrations(for: .postgres)

    public func migrate() async throws {
        try await migrate(upTo: nil)
    }

    /// Applies the migrations up to and including `last` only (nil: all): how a test makes a
    /// database as an earlier release left it.
    func migrate(upTo last: String?) async throws {
        try await transaction { db in
            try await db.execute("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
            try await db.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migration (
                    name TEXT PRIMARY KEY NOT NULL, applied_at DOUBLE PRECISION NOT NULL
                )
                """)
            for migration in Self.migrations.prefix(
                through: Self.migrations.lastIndex { $0.name == last } ?? Self.migrations.count - 1)
            {
                guard try await db.first("SELECT 1 FROM schema_migration WHERE name = \(migration.name)") == nil else {
                    continue
                }
                // The schema's own text, with no value from outside in it.
                for statement in migration.statements { try await db.execute(PostgresQuery(unsafeSQL: statement)) }
                try await db.execute(
                    """
                    INSERT INTO schema_migration (name, applied_at)
                    VALUES (\(migration.name), \(Date().timeIntervalSince1970))
                    """)
            }
        }
    }

    // MARK: Versions

    public func version() async throws -> Int64 {
        try await withSession { db in try await Self.version(db) }
    }

    private static func version(_ db: Session) async throws -> Int64 {
        try await db.first("SELECT version FROM hub_state WHERE id = 1")?.decode(Int64.self) ?? 0
    }

    /// The current version, or nil before the schema exists (a hub may listen before it migrates).
    private static func versionIfMigrated(_ db: Session) async throws -> Int64? {
        do {
            return try await version(db)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == undefinedTable {
            return nil
        }
    }

    /// PostgreSQL's SQLSTATE for a table that does not exist.
    private static let undefinedTable = "42P01"

    /// The current version, with the row locked until the transaction ends: every writer of any
    /// hub process waits here for the one before it.
    private static func lockVersion(_ db: Session) async throws -> Int64 {
        guard let row = try await db.first("SELECT version FROM hub_state WHERE id = 1 FOR UPDATE") else {
            throw PostgresHubStoreError.notMigrated
        }
        return try row.decode(Int64.self)
    }

    private static func announce(_ version: Int64, _ db: Session) async throws {
        // Delivered to every listener (this process's too) when the transaction commits.
        try await db.execute("SELECT pg_notify(\(versionChannel), \(String(version)))")
    }

    private func remember(_ grid: Grid, at version: Int64) {
        cache.withLock { cache in
            if let cached = cache, cached.version > version { return }
            cache = (version, grid)
        }
    }

    // MARK: Settling

    public func settle(
        client: String, board: String, now: Date,
        _ decide: @Sendable (_ grid: Grid, _ lastMutationID: Int64) -> Ledger.Outcome
    ) async throws -> (outcome: Ledger.Outcome, version: Int64) {
        let settled: (Ledger.Outcome, Int64)
        do {
            settled = try await settleLocked(client: client, board: board, now: now, decide)
        } catch {
            // The cache may hold the version this transaction meant to write: forget it, as the
            // commit's fate is unknown (the next writer reloads the grid).
            cache.withLock { $0 = nil }
            throw error
        }
        return settled
    }

    /// Settles with the version row locked; the cache is read after the lock (the writer before
    /// has set it by then) and set before the commit, for the writer after.
    private func settleLocked(
        client: String, board: String, now: Date,
        _ decide: @Sendable (_ grid: Grid, _ lastMutationID: Int64) -> Ledger.Outcome
    ) async throws -> (outcome: Ledger.Outcome, version: Int64) {
        try await transaction { db -> (Ledger.Outcome, Int64) in
            let current = try await Self.lockVersion(db)
            let cached = self.cache.withLock { $0 }
            let grid: Grid
            if let cached, cached.version == current {
                grid = cached.grid
            } else {
                grid = try await Self.loadGrid(db)
            }
            var last: Int64 = 0
            if let row = try await db.first("SELECT board_id, last_mutation_id FROM client WHERE id = \(client)") {
                let (owner, lastMutationID) = try row.decode((String, Int64).self)
                guard owner == board else { throw HubStoreError.clientOfAnotherBoard(client: client, owner: owner) }
                last = lastMutationID
            }
            let outcome = decide(grid, last)
            guard outcome.changed else { return (outcome, current) }
            let version = current + 1
            try await db.execute("UPDATE hub_state SET version = \(version) WHERE id = 1")
            try await Self.write(outcome, version: version, db)
            try await db.execute(
                """
                INSERT INTO client (id, board_id, last_mutation_id) VALUES (\(client), \(board), \(outcome.lastMutationID))
                ON CONFLICT (id) DO UPDATE SET last_mutation_id = EXCLUDED.last_mutation_id
                """)
            for entry in outcome.entries {
                let row = try LogRow(entry)
                try await db.execute(
                    """
                    INSERT INTO mutation_log (client_id, mutation_id, board_id, actor, mutation, kind, card_id,
                        status, reason, version, settled_at, created_at)
                    VALUES (\(client), \(entry.mutationID), \(board), \(row.actor), \(row.mutation),
                        \(entry.mutation.kind), \(entry.cardID?.text), \(entry.status.rawValue), \(entry.reason),
                        \(version), \(now.timeIntervalSince1970), \(entry.createdAt.timeIntervalSince1970))
                    """)
            }
            try await Self.announce(version, db)
            self.remember(outcome.grid, at: version)
            return (outcome, version)
        }
    }

    /// Writes the rows an outcome changed: first every touched card leaves its cell, then each
    /// takes its new one, so a swap within a batch never trips the one-card-per-cell constraint.
    private static func write(_ outcome: Ledger.Outcome, version: Int64, _ db: Session) async throws {
        let grid = outcome.grid
        let touched = outcome.touchedCards.sorted()
        if !touched.isEmpty {
            try await db.execute(
                "UPDATE card SET day = NULL, room = NULL, start = NULL WHERE id = ANY(\(touched.map(\.text)))")
        }
        let ranks = try await parkedRanks(grid, touched: Set(touched), db)
        for id in touched {
            guard let card = grid.cards[id] else { continue }
            let cell = grid.placements[id]
            try await db.execute(
                """
                INSERT INTO card (id, title, host, contact, summary, day, room, start, parked_rank, version)
                VALUES (\(id.text), \(card.title), \(card.host), \(card.contact), \(card.summary), \(cell?.day),
                    \(cell?.room), \(cell?.start.minutes), \(ranks[id]), \(version))
                ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, host = EXCLUDED.host,
                    contact = EXCLUDED.contact, summary = EXCLUDED.summary, day = EXCLUDED.day,
                    room = EXCLUDED.room, start = EXCLUDED.start, parked_rank = EXCLUDED.parked_rank,
                    version = EXCLUDED.version
                """)
        }
        for cell in outcome.touchedBlocks.sorted() {
            try await db.execute(
                """
                INSERT INTO staff_block (day, room, start, reason, version)
                VALUES (\(cell.day), \(cell.room), \(cell.start.minutes), \(grid.staffBlocks[cell]), \(version))
                ON CONFLICT (day, room, start) DO UPDATE SET reason = EXCLUDED.reason, version = EXCLUDED.version
                """)
        }
    }

    /// Parked cards keep their rank; newly parked ones rank after every rank given so far.
    private static func parkedRanks(_ grid: Grid, touched: Set<CardID>, _ db: Session) async throws
        -> [CardID: Int64]
    {
        var ranks: [CardID: Int64] = [:]
        var next = (try await db.first("SELECT MAX(parked_rank) FROM card")?.decode(Int64?.self) ?? 0) + 1
        for id in grid.parked where touched.contains(id) {
            let old = try await db.first("SELECT parked_rank FROM card WHERE id = \(id.text)")?.decode(Int64?.self)
            if let old {
                ranks[id] = old
            } else {
                ranks[id] = next
                next += 1
            }
        }
        return ranks
    }

    private static func loadGrid(_ db: Session) async throws -> Grid {
        GridSnapshot(cards: try await cardStates(db, since: nil), blocks: try await blockStates(db, since: nil)).grid
    }

    // Text sorts as bytes (COLLATE "C"), as SQLite sorts it, whatever the database's locale.

    private static func cardStates(_ db: Session, since cookie: Int64?) async throws -> [CardState] {
        try await db.rows(
            """
            SELECT id, title, host, contact, summary, day, room, start, parked_rank FROM card
            WHERE version > \(cookie ?? -1) ORDER BY id COLLATE "C"
            """
        ).map { row in
            let (id, title, host, contact, summary, day, room, start, rank) = try row.decode(
                (String, String, String, String, String, Int?, String?, Int?, Int64?).self)
            let card = Card(
                id: try CardID(validating: id), title: title, host: host, contact: contact, summary: summary)
            var cell: CellRef?
            if let day, let room, let start { cell = CellRef(day: day, room: room, start: ClockTime(minutes: start)) }
            return CardState(card: card, cell: cell, parkedRank: rank)
        }
    }

    /// Blocks changed after the cookie; cells opened again only for a caller with a cookie, who
    /// holds the block to drop.
    private static func blockStates(_ db: Session, since cookie: Int64?) async throws -> [BlockState] {
        try await db.rows(
            """
            SELECT day, room, start, reason FROM staff_block
            WHERE version > \(cookie ?? -1) AND (reason IS NOT NULL OR \(cookie != nil))
            ORDER BY day, start, room COLLATE "C"
            """
        ).map { row in
            let (day, room, start, reason) = try row.decode((Int, String, Int, String?).self)
            return BlockState(cell: CellRef(day: day, room: room, start: ClockTime(minutes: start)), reason: reason)
        }
    }

    // MARK: Reading

    public func pull(since cookie: Int64?, client: String?, after: Int64?, board: String?) async throws -> PullResponse
    {
        // One snapshot for every query: a version and the rows changed up to it, never half a write.
        try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY") { db in
            let version = try await Self.version(db)
            // A cookie from the future means the hub's data went back (restored from a backup):
            // the caller gets everything again.
            let since = cookie.flatMap { $0 <= version && $0 >= 0 ? $0 : nil }
            var response = PullResponse(
                cookie: version, reset: since == nil, cards: try await Self.cardStates(db, since: since),
                blocks: try await Self.blockStates(db, since: since))
            if let client {
                response.lastMutationID =
                    try await db.first("SELECT last_mutation_id FROM client WHERE id = \(client)")?.decode(Int64.self)
                    ?? 0
                response.results = try await db.rows(
                    """
                    SELECT mutation_id, status, reason FROM mutation_log
                    WHERE client_id = \(client) AND mutation_id > \(after ?? 0) ORDER BY mutation_id LIMIT 1000
                    """
                ).map { row in
                    let (id, status, reason) = try row.decode((Int64, String, String?).self)
                    return MutationResult(id: id, status: MutationStatus(rawValue: status) ?? .rejected, reason: reason)
                }
            }
            if let board {
                response.prints = try await db.rows(
                    """
                    SELECT id, card_id FROM print_request
                    WHERE board_id = \(board) AND version > \(since ?? -1) ORDER BY id
                    """
                ).map { row in
                    let (id, card) = try row.decode((Int64, String).self)
                    return PrintOrder(id: id, card: try CardID(validating: card))
                }
            }
            return response
        }
    }

    public func history(of card: CardID) async throws -> [HistoryEntry] {
        try await withSession { db in
            try await db.rows(
                """
                SELECT version, board_id, actor, mutation, status, reason, settled_at FROM mutation_log
                WHERE card_id = \(card.text) ORDER BY seq
                """
            ).map { row in
                let (version, boardID, actor, mutation, status, reason, settledAt) = try row.decode(
                    (Int64, String, String, String, String, String?, Double).self)
                return try LogRow(actor: actor, mutation: mutation).entry(
                    version: version, boardID: boardID, status: status, reason: reason,
                    settledAt: Date(timeIntervalSince1970: settledAt))
            }
        }
    }

    // MARK: Boards

    public func addBoard(id: String, name: String, enrolCodeHash: String, codeExpires: Date, now: Date) async throws {
        try await withSession { db in
            // One statement, so two processes adding the same board cannot both pass a check.
            let added = try await db.first(
                """
                INSERT INTO board (id, name, enrol_code_hash, code_expires, revoked, created_at)
                VALUES (\(id), \(name), \(enrolCodeHash), \(codeExpires.timeIntervalSince1970), 0,
                    \(now.timeIntervalSince1970))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """)
            guard added != nil else { throw HubStoreError.duplicateBoard(id) }
        }
    }

    public func enrol(codeHash: String, tokenHash: String, now: Date) async throws -> BoardRecord? {
        try await transaction { db in
            // The update finds the code and spends it at once: of two enrolments with one code,
            // the second waits for the first and then finds nothing.
            guard
                let row = try await db.first(
                    """
                    UPDATE board SET token_hash = \(tokenHash), enrol_code_hash = NULL, code_expires = NULL,
                        last_seen = \(now.timeIntervalSince1970)
                    WHERE enrol_code_hash = \(codeHash) AND code_expires > \(now.timeIntervalSince1970) AND revoked = 0
                    RETURNING id
                    """)
            else { return nil }
            let id = try row.decode(String.self)
            return try await Self.boards(db, "\(unescaped: Self.boardColumns) WHERE id = \(id)").first
        }
    }

    public func board(tokenHash: String) async throws -> BoardRecord? {
        try await withSession { db in
            try await Self.boards(
                db, "\(unescaped: Self.boardColumns) WHERE token_hash = \(tokenHash) AND revoked = 0"
            ).first
        }
    }

    public func boards() async throws -> [BoardRecord] {
        try await withSession { db in
            try await Self.boards(db, "\(unescaped: Self.boardColumns) ORDER BY id COLLATE \"C\"")
        }
    }

    private static let boardColumns = """
        SELECT id, name, token_hash IS NOT NULL, revoked, created_at, last_seen, pending, software, panel_problem
        FROM board
        """

    /// The boards a query that selects `boardColumns` finds.
    private static func boards(_ db: Session, _ query: PostgresQuery) async throws -> [BoardRecord] {
        try await db.rows(query).map { row in
            let (id, name, enrolled, revoked, createdAt, lastSeen, pending, software, panelProblem) = try row.decode(
                (String, String, Bool, Int16, Double, Double?, Int?, String?, String?).self)
            return BoardRecord(
                id: id, name: name, enrolled: enrolled, revoked: revoked != 0,
                createdAt: Date(timeIntervalSince1970: createdAt),
                lastSeen: lastSeen.map(Date.init(timeIntervalSince1970:)), pending: pending, software: software,
                panelProblem: panelProblem)
        }
    }

    public func revokeBoard(id: String) async throws -> Bool {
        try await withSession { db in
            try await db.first("UPDATE board SET revoked = 1, enrol_code_hash = NULL WHERE id = \(id) RETURNING id")
                != nil
        }
    }

    public func touchBoard(id: String, pending: Int?, software: String?, panelProblem: String?, now: Date)
        async throws
    {
        try await withSession { db in
            // The column is INTEGER; a board claiming more is recorded as the most it can hold.
            let pending = pending.map { Int32(clamping: $0) }
            try await db.execute(
                """
                UPDATE board SET last_seen = \(now.timeIntervalSince1970), pending = COALESCE(\(pending), pending),
                    software = COALESCE(\(software), software), panel_problem = \(panelProblem)
                WHERE id = \(id)
                """)
        }
    }

    // MARK: Staff

    public func putStaff(name: String, passwordHash: String) async throws {
        try await transaction { db in
            try await db.execute(
                """
                INSERT INTO staff (name, password_hash) VALUES (\(name), \(passwordHash))
                ON CONFLICT (name) DO UPDATE SET password_hash = EXCLUDED.password_hash
                """)
            // A new password ends every session of the old one.
            try await db.execute("DELETE FROM staff_session WHERE staff_name = \(name)")
        }
    }

    public func staffPasswordHash(name: String) async throws -> String? {
        try await withSession { db in
            try await db.first("SELECT password_hash FROM staff WHERE name = \(name)")?.decode(String.self)
        }
    }

    public func addSession(tokenHash: String, staff: String, expires: Date, now: Date) async throws {
        try await withSession { db in
            try await db.execute("DELETE FROM staff_session WHERE expires <= \(now.timeIntervalSince1970)")
            try await db.execute(
                """
                INSERT INTO staff_session (token_hash, staff_name, expires)
                VALUES (\(tokenHash), \(staff), \(expires.timeIntervalSince1970))
                """)
        }
    }

    public func sessionStaff(tokenHash: String, now: Date) async throws -> String? {
        try await withSession { db in
            try await db.first(
                """
                SELECT staff_name FROM staff_session
                WHERE token_hash = \(tokenHash) AND expires > \(now.timeIntervalSince1970)
                """
            )?.decode(String.self)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await withSession { db in
            try await db.execute("DELETE FROM staff_session WHERE token_hash = \(tokenHash)")
        }
    }

    public func deleteSessions(staff: String) async throws -> Int {
        try await withSession { db in
            try await db.first(
                "WITH ended AS (DELETE FROM staff_session WHERE staff_name = \(staff) RETURNING 1) SELECT count(*) FROM ended"
            )?.decode(Int.self) ?? 0
        }
    }

    // MARK: Printing

    public func requestPrint(board: String, card: CardID) async throws -> PrintRequest {
        try await transaction { db in
            let version = try await Self.lockVersion(db) + 1
            guard try await db.first("SELECT 1 FROM board WHERE id = \(board)") != nil else {
                throw HubStoreError.unknownBoard(board)
            }
            guard try await db.first("SELECT 1 FROM card WHERE id = \(card.text)") != nil else {
                throw HubStoreError.unknownCard(card)
            }
            try await db.execute("UPDATE hub_state SET version = \(version) WHERE id = 1")
            let row = try await db.first(
                """
                INSERT INTO print_request (board_id, card_id, version) VALUES (\(board), \(card.text), \(version))
                RETURNING id
                """)
            guard let id = try row?.decode(Int64.self) else {
                throw PostgresHubStoreError.noRowReturned("print_request")
            }
            try await Self.announce(version, db)
            return PrintRequest(id: id, boardID: board, cardID: card, version: version)
        }
    }

    // MARK: Connections

    /// A leased connection and the logger its queries report to.
    private struct Session {
        let connection: PostgresConnection
        let logger: Logger

        init(_ connection: PostgresConnection, _ logger: Logger) {
            self.connection = connection
            self.logger = logger
        }

        func execute(_ query: PostgresQuery) async throws {
            _ = try await connection.query(query, logger: logger).collect()
        }

        func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
            try await connection.query(query, logger: logger).collect()
        }

        func first(_ query: PostgresQuery) async throws -> PostgresRow? {
            try await rows(query).first
        }
    }

    /// Runs `body` on one leased connection, outside a transaction (each statement stands alone).
    private func withSession<Result: Sendable>(_ body: (Session) async throws -> Result) async throws -> Result {
        try await client.withConnection { connection in try await body(Session(connection, logger)) }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws. The
    /// body's own error reaches the caller unwrapped, so a `HubStoreError` stays one.
    private func transaction<Result: Sendable>(
        begin: PostgresQuery = "BEGIN", _ body: (Session) async throws -> Result
    ) async throws -> Result {
        try await withSession { db in
            try await db.execute(begin)
            let result: Result
            do {
                result = try await body(db)
            } catch {
                do {
                    try await db.execute("ROLLBACK")
                } catch let rollbackError {
                    // The connection is most likely gone, and the transaction with it.
                    logger.warning(
                        "rollback failed", metadata: ["error": "\(String(reflecting: rollbackError))"])
                }
                throw error
            }
            try await db.execute("COMMIT")
            return result
        }
    }
}

/// Why the PostgreSQL store refused.
public enum PostgresHubStoreError: Error, Equatable, CustomStringConvertible {
    /// The URL could not be read; the reason says which part and what is accepted.
    case invalidURL(String)
    /// `run` was called a second time on one store.
    case alreadyRunning
    /// The database has no hub schema yet.
    case notMigrated
    /// An INSERT … RETURNING came back empty.
    case noRowReturned(String)

    public var description: String {
        switch self {
        case .invalidURL(let reason):
            "invalid PostgreSQL URL: \(reason) (expected postgres://user:password@host:5432/database"
                + " or postgres:///database?host=/socket/directory)"
        case .alreadyRunning: "this PostgreSQL store is already running: make a new store to run it again"
        case .notMigrated: "the PostgreSQL database has no hub schema: run the hub's migration first"
        case .noRowReturned(let table): "PostgreSQL returned no row for the insert into \(table)"
        }
    }
}

extension PostgresClient.Configuration {
    /// A configuration from a URL as libpq reads them: `postgres://user:password@host:port/database`
    /// (TCP), or with no host and `?host=/directory` for the unix socket in that directory.
    /// `sslmode` is `prefer` (the default), `require`, `verify-full`, `verify-ca` or `disable`, and
    /// `sslrootcert` names a CA file (see `tls`). The user defaults to the account running the hub, the port to 5432.
    public init(hubURL text: String) throws(PostgresHubStoreError) {
        guard let url = URLComponents(string: text), let scheme = url.scheme,
            ["postgres", "postgresql"].contains(scheme)
        else { throw .invalidURL("it does not start with postgres://") }
        var options: [String: String] = [:]
        for item in url.queryItems ?? [] { options[item.name] = item.value ?? "" }
        let username = url.user ?? options["user"] ?? NSUserName()
        let password = url.password ?? options["password"]
        let database = url.path.isEmpty || url.path == "/" ? options["dbname"] : String(url.path.dropFirst())
        let port: Int
        if let given = url.port {
            port = given
        } else if let given = options["port"] {
            guard let number = Int(given), (1...65_535).contains(number) else {
                throw .invalidURL("the port \(given) is not a number from 1 to 65535")
            }
            port = number
        } else {
            port = 5432
        }
        let host = url.host.flatMap { $0.isEmpty ? nil : $0 } ?? options["host"] ?? "/var/run/postgresql"
        if host.hasPrefix("/") {
            self.init(
                unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: username, password: password, database: database)
            return
        }
        self.init(
            host: host, port: port, username: username, password: password, database: database,
            tls: try Self.tls(options))
    }

    /// TLS as the URL asks for it: `sslmode` (`disable`, `prefer`, `require` or `verify-full`,
    /// which here both check the server's certificate and name, or `verify-ca`, its certificate
    /// only) and `sslrootcert`, a CA file to check it against instead of the system's trust store
    /// (a database server with the venue's own CA).
    static func tls(_ options: [String: String]) throws(PostgresHubStoreError) -> TLS {
        var client = TLSConfiguration.makeClientConfiguration()
        if let root = options["sslrootcert"] {
            guard FileManager.default.isReadableFile(atPath: root) else {
                throw .invalidURL("sslrootcert \(root) cannot be read")
            }
            client.trustRoots = .file(root)
        }
        switch options["sslmode"] ?? "prefer" {
        case "disable": return .disable
        case "prefer": return .prefer(client)
        case "require", "verify-full": return .require(client)
        case "verify-ca":
            client.certificateVerification = .noHostnameVerification
            return .require(client)
        case let mode:
            throw .invalidURL("sslmode \(mode) is not one of disable, prefer, require, verify-ca, verify-full")
        }
    }
}
