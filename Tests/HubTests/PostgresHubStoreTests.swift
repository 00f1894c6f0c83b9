import BoardModel
import Foundation
import PostgresNIO
import SyncWire
import X509
import XCTest

@testable import Hub
@testable import Sync

/// The store contract on PostgreSQL, in a new database for each test on the throwaway server that
/// `make test` starts; and what only PostgreSQL has: several hub processes on one database.
final class PostgresHubStoreTests: HubStoreContract {
    private var database: PostgresTestServer.Database?

    /// Without the server `make test` starts, each test fails at once and says so: it is never
    /// skipped (a throwing `setUp` would count it as skipped too).
    override func invokeTest() {
        do {
            _ = try PostgresTestServer.url()
        } catch {
            XCTFail("\(error)")
            return
        }
        super.invokeTest()
    }

    override func makeStore() async throws -> any HubStore {
        let database = try await PostgresTestServer.createDatabase()
        self.database = database
        return try PostgresHubStore(url: database.url, logger: Self.logger)
    }

    /// Errors only: a store's pool warns when it is used a moment before its `run` task starts,
    /// and the restart test drops every connection on purpose.
    private static let logger = {
        var logger = Logger(label: "openspace.hub.postgres.test")
        logger.logLevel = .error
        return logger
    }()

    override func firstReleaseStore() async throws -> FirstRelease {
        let database = try await PostgresTestServer.createDatabase()
        extraDatabases.append(database)
        let old = try PostgresHubStore(url: database.url, logger: Self.logger)
        start(old)
        try await old.migrate(upTo: "hub-v1")
        return FirstRelease(
            old: old,
            enrol: { code, token in
                var bindings = PostgresBindings()
                bindings.append(token)
                bindings.append(code)
                let sql = Self.firstReleaseEnrolment.replacingOccurrences(of: "token_hash = ?", with: "token_hash = $1")
                    .replacingOccurrences(of: "enrol_code_hash = ?", with: "enrol_code_hash = $2")
                try await PostgresTestServer.execute(PostgresQuery(unsafeSQL: sql, binds: bindings), on: database.url)
            },
            reopen: { try PostgresHubStore(url: database.url, logger: Self.logger) })
    }

    override func discardStore() async throws {
        for database in [database].compactMap({ $0 }) + extraDatabases {
            try await PostgresTestServer.drop(database)
        }
        database = nil
        extraDatabases = []
    }

    /// Databases a test made besides its own, dropped with it.
    private var extraDatabases: [PostgresTestServer.Database] = []

    /// A second hub process on the test's database, running until the test ends.
    @discardableResult
    private func startOtherProcess(url: String? = nil, onVersion: @escaping @Sendable (Int64) -> Void = { _ in })
        throws -> PostgresHubStore
    {
        let other = try PostgresHubStore(url: url ?? XCTUnwrap(database).url, logger: Self.logger)
        start(other, onVersion: onVersion)
        return other
    }

    func testTwoHubProcessesPushingAtOnceApplyEveryMutationExactlyOnce() async throws {
        let stores: [any HubStore] = [store, try startOtherProcess()]
        let (layout, now) = (self.layout, self.now)
        // Each board registers its cards and pins them to cells the others pin too.
        let plans: [[PushedMutation]] = (0..<8).map { board in
            (0..<6).flatMap { index -> [PushedMutation] in
                let card = HubFixture.card("Board \(board) card \(index)")
                return [
                    HubFixture.pushed(Int64(2 * index + 1), .registerCard(card), at: now),
                    HubFixture.pushed(Int64(2 * index + 2), .place(card.id, HubFixture.cell(board + index)), at: now),
                ]
            }
        }
        let responses = try await withThrowingTaskGroup(of: [PushResponse].self) { group in
            for (board, plan) in plans.enumerated() {
                group.addTask {
                    var responses: [PushResponse] = []
                    var next = 1
                    while next <= plan.count {
                        // Every batch sends the last applied mutation again, as a board retrying
                        // would, and the boards take turns between the two processes.
                        let batch = Array(plan[max(0, next - 2)..<min(plan.count, next + 2)])
                        let process = stores[(board + responses.count) % stores.count]
                        let response = try await process.push(
                            batch, client: "board-\(board)/journal", board: "board-\(board)", layout: layout,
                            now: now)
                        responses.append(response)
                        next = Int(response.lastMutationID) + 1
                    }
                    return responses
                }
            }
            return try await group.reduce(into: [[PushResponse]]()) { $0.append($1) }
        }

        XCTAssertEqual(responses.map { $0.last?.lastMutationID }, Array(repeating: 12, count: plans.count))
        XCTAssertEqual(responses.joined().map(\.applied).reduce(0, +), 8 * 12, "every mutation applied once")
        for board in responses {
            let versions = board.filter { $0.applied > 0 }.map(\.version)
            XCTAssertEqual(versions, versions.sorted(), "one board's writes get ever higher versions")
        }
        let versions = responses.joined().filter { $0.applied > 0 }.map(\.version).sorted()
        XCTAssertEqual(versions, Array(1...Int64(versions.count)), "each write got the next version, none shared one")
        let current = try await store.version()
        XCTAssertEqual(current, Int64(versions.count))

        let grid = try await store.snapshot().grid
        var placed = 0
        for plan in plans {
            for pair in stride(from: 0, to: plan.count, by: 2) {
                let (register, place) = (plan[pair].mutation, plan[pair + 1].mutation)
                let card = try XCTUnwrap(place.cardID)
                let history = try await store.history(of: card)
                XCTAssertEqual(history.map(\.mutation), [register, place], "each mutation is in the log once")
                switch history.last?.status {
                case .applied:
                    placed += 1
                    XCTAssertEqual(grid.placements[card], place.cell, "a card that won its cell holds it")
                case .parked:
                    XCTAssertTrue(grid.parked.contains(card), "a card that lost its cell waits in the parked lane")
                case let status:
                    XCTFail("\(card) was settled as \(String(describing: status))")
                }
            }
        }
        XCTAssertEqual(grid.placements.count, placed)
        XCTAssertEqual(grid.occupants.count, placed, "one card per cell")
    }

    func testTwoProcessesMigratingOneDatabaseAtOnceCreateTheSchemaOnce() async throws {
        let fresh = try await PostgresTestServer.createDatabase()
        extraDatabases.append(fresh)
        let (first, second) = (try startOtherProcess(url: fresh.url), try startOtherProcess(url: fresh.url))
        async let firstMigration: Void = first.migrate()
        async let secondMigration: Void = second.migrate()
        _ = try await (firstMigration, secondMigration)

        let response = try await first.push(
            [pushed(1, .registerCard(HubFixture.card("After the migration")))], client: "board-a/journal",
            board: "board-a", layout: layout, now: now)
        XCTAssertEqual(response.version, 1)
        let version = try await second.version()
        XCTAssertEqual(version, 1)
    }

    func testAnotherProcessHearsTheVersionThisOneWrote() async throws {
        let listening = expectation(description: "the other process listens")
        let heard = expectation(description: "the other process hears version 1")
        listening.assertForOverFulfill = false
        heard.assertForOverFulfill = false
        try startOtherProcess { version in
            // Once its LISTEN is in place, a process is handed the current version to catch up.
            if version == 0 { listening.fulfill() }
            if version == 1 { heard.fulfill() }
        }
        await fulfillment(of: [listening], timeout: 30)
        let response = try await push([pushed(1, .registerCard(HubFixture.card("Heard")))])
        XCTAssertEqual(response.version, 1)
        await fulfillment(of: [heard], timeout: 30)
    }

    func testAnotherProcessHearsVersionsAgainAfterPostgreSQLRestarts() async throws {
        let listening = expectation(description: "the other process listens")
        let heard = expectation(description: "the other process hears version 2")
        listening.assertForOverFulfill = false
        heard.assertForOverFulfill = false
        try startOtherProcess { version in
            if version == 1 { listening.fulfill() }
            if version == 2 { heard.fulfill() }
        }
        let card = HubFixture.card("Across a restart")
        try await push([pushed(1, .registerCard(card))])
        await fulfillment(of: [listening], timeout: 30)

        try await PostgresTestServer.restart()
        let response = try await push([pushed(2, .place(card.id, HubFixture.cell(0)))])
        XCTAssertEqual(response.version, 2)
        await fulfillment(of: [heard], timeout: 30)
    }

    func testConnectsThroughTheServersUnixSocket() async throws {
        let database = try XCTUnwrap(database)
        let tcp = try XCTUnwrap(URLComponents(string: database.url))
        var socket = URLComponents()
        socket.scheme = "postgres"
        socket.host = ""
        socket.path = "/\(database.name)"
        socket.queryItems = [
            URLQueryItem(name: "host", value: try PostgresTestServer.dataDirectory()),
            URLQueryItem(name: "port", value: "\(try XCTUnwrap(tcp.port))"),
            URLQueryItem(name: "user", value: tcp.user),
        ]
        let other = try startOtherProcess(url: try XCTUnwrap(socket.string))
        try await push([pushed(1, .registerCard(HubFixture.card("Seen through the socket")))])
        let version = try await other.version()
        XCTAssertEqual(version, 1)
    }
}

/// How the PostgreSQL store reads its URL; no server needed.
final class PostgresHubStoreURLTests: XCTestCase {
    func testATCPURLNamesHostPortUserPasswordAndDatabase() throws {
        let configuration = try PostgresClient.Configuration(
            hubURL: "postgres://hub:p%40ss@db.example.org:6543/openspace?sslmode=require")
        XCTAssertEqual(configuration.host, "db.example.org")
        XCTAssertEqual(configuration.port, 6543)
        XCTAssertEqual(configuration.username, "hub")
        XCTAssertEqual(configuration.password, "p@ss")
        XCTAssertEqual(configuration.database, "openspace")
        XCTAssertNil(configuration.unixSocketPath)
    }

    func testTLSModesAndARootCertificateAreTaken() throws {
        let ca = FileManager.default.temporaryDirectory.appendingPathComponent("pg-ca-\(UUID()).pem").path
        try VenueCA.create(name: "Database CA").certificate.serializeAsPEM().pemString.write(
            toFile: ca, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: ca) }
        for mode in ["disable", "prefer", "require", "verify-ca", "verify-full"] {
            XCTAssertNoThrow(
                try PostgresClient.Configuration(
                    hubURL: "postgres://db.venue.lan/hub?sslmode=\(mode)&sslrootcert=\(ca)"),
                mode)
        }
    }

    func testAURLWithoutHostUsesTheUnixSocketInTheHostDirectory() throws {
        let configuration = try PostgresClient.Configuration(
            hubURL: "postgres:///openspace?host=/run/postgresql&port=5433&user=hub")
        XCTAssertEqual(configuration.unixSocketPath, "/run/postgresql/.s.PGSQL.5433")
        XCTAssertEqual(configuration.username, "hub")
        XCTAssertEqual(configuration.database, "openspace")
        XCTAssertNil(configuration.host)
    }

    func testAURLThatIsNotPostgreSQLOrAsksForAnUnknownSSLModeIsRefused() {
        for url in [
            "mysql://db.example.org/openspace", "postgres://db.example.org/openspace?sslmode=allow",
            "postgres://db.example.org/openspace?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
        ] {
            XCTAssertThrowsError(try PostgresClient.Configuration(hubURL: url), url) { error in
                guard case .invalidURL = error as? PostgresHubStoreError else {
                    return XCTFail("\(url): expected invalidURL, got \(error)")
                }
            }
        }
    }
}

/// The throwaway PostgreSQL that `make test` starts (Tests/postgres/pg-test-server.sh) and
/// announces in `OPENSPACE_TEST_POSTGRES_URL` and `OPENSPACE_TEST_PGDATA`.
enum PostgresTestServer {
    /// A database made for one test.
    struct Database {
        var name: String
        var url: String
    }

    private static func setting(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw TestSetupFailure(
                "\(name) is not set, so the PostgreSQL store cannot be tested: run `make test`, which starts a "
                    + "throwaway PostgreSQL (Tests/postgres/pg-test-server.sh) and sets it")
        }
        return value
    }

    /// The URL of the server's own database.
    static func url() throws -> String { try setting("OPENSPACE_TEST_POSTGRES_URL") }

    /// The server's data directory, which is also where its unix socket is.
    static func dataDirectory() throws -> String { try setting("OPENSPACE_TEST_PGDATA") }

    static func createDatabase() async throws -> Database {
        let server = try url()
        let name = "hub_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        // A database name cannot be a bound parameter; this one is made here, of [a-z0-9_] only.
        try await execute("CREATE DATABASE \(unescaped: name)", on: server)
        guard var components = URLComponents(string: server) else {
            throw TestSetupFailure("OPENSPACE_TEST_POSTGRES_URL is not a URL: \(server)")
        }
        components.path = "/\(name)"
        guard let url = components.string else { throw TestSetupFailure("no URL for the database \(name)") }
        return Database(name: name, url: url)
    }

    /// Drops a test's database, closing whatever connection a stopped store left behind.
    static func drop(_ database: Database) async throws {
        try await execute("DROP DATABASE IF EXISTS \(unescaped: database.name) WITH (FORCE)", on: url())
    }

    /// Restarts the server: every connection to it drops, as when PostgreSQL is restarted in production.
    static func restart() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("postgres/pg-test-server.sh")
        try await Tool.run(script.path, ["restart", try dataDirectory()])
    }

    /// Runs one statement on the server's own database, over a client that lives just for it.
    static func execute(_ query: PostgresQuery, on url: String) async throws {
        let client = PostgresClient(configuration: try .init(hubURL: url))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            _ = try await client.query(query).collect()
        }
    }
}
