import BoardModel
import BoardStore
import Foundation
import Hub
import Logging
import SharedTestSupport
import Sync
import SyncWire
import XCTest

/// Boards syncing with a hub on PostgreSQL, across a restart of the database and of the hub.
final class PostgresSyncTests: XCTestCase {
    override func invokeTest() {
        do {
            _ = try PostgresTestServer.url()
        } catch {
            XCTFail("\(error)")
            return
        }
        super.invokeTest()
    }

    /// The restart drops connections on purpose: only errors are worth printing.
    private static let quiet = {
        var logger = Logger(label: "openspace.hub.postgres.test")
        logger.logLevel = .error
        return logger
    }()

    func testBoardsCatchUpFromTheirCookiesAfterPostgreSQLAndTheHubRestart() async throws {
        let folder = try TestPaths.temporaryFolder("pg-sync")
        let database = try await PostgresTestServer.createDatabase()
        let first = try await RunningHub.start(store: try PostgresHubStore(url: database.url, logger: Self.quiet))
        let a = try await TestBoard(folder: folder, name: "a", hub: first)
        let b = try await TestBoard(folder: folder, name: "b", hub: first)
        let early = HubFixture.card("Before the restarts")
        try a.scan(.registerCard(early))
        try a.scan(.place(early.id, HubFixture.cell(0)))
        try await a.sync()
        try await b.sync()
        let cookie = try XCTUnwrap(try b.journal.syncState().cookie)

        // PostgreSQL restarts under the running hub: every connection drops.
        try await PostgresTestServer.restart()
        let during = HubFixture.card("While PostgreSQL restarted")
        try a.scan(.registerCard(during))
        try a.scan(.place(during.id, HubFixture.cell(1)))
        try await syncEventually(a)
        try await syncEventually(b)
        XCTAssertEqual(try b.journal.grid().placements[during.id], HubFixture.cell(1))

        // The hub process goes away and a new one starts on the same database.
        await first.stop()
        let later = HubFixture.card("While the hub was away")
        try a.scan(.registerCard(later))
        let hub = try await RunningHub.start(store: try PostgresHubStore(url: database.url, logger: Self.quiet))
        defer { Task { await hub.stop() } }
        a.point(at: hub)
        b.point(at: hub)
        try await a.sync()
        try await b.sync()
        let (_, hubGrid) = try await hub.hub.snapshot()
        XCTAssertEqual(try a.journal.grid(), hubGrid)
        XCTAssertEqual(try b.journal.grid(), hubGrid)
        XCTAssertEqual(Set(hubGrid.cards.keys), [early.id, during.id, later.id])
        let pull = try await HubConnection(base: hub.base, token: nil).pull(
            cookie: cookie, clientID: nil, after: nil, pending: nil)
        XCTAssertFalse(pull.reset, "the cookie from before both restarts still works")
        XCTAssertEqual(Set(pull.cards.map(\.card.id)), [during.id, later.id])
        XCTAssertEqual(try a.journal.outbox().count, 0)
        for card in [early.id, during.id] {
            let places = try await hub.hub.store.history(of: card).filter { $0.mutation.kind == "place" }
            XCTAssertEqual(places.count, 1, "placed exactly once")
        }
        try await PostgresTestServer.drop(database)
    }

    /// Syncs, retrying while the pool reconnects after the restart (the board's client would back
    /// off and retry the same way); fails after 20 s.
    private func syncEventually(_ board: TestBoard) async throws {
        let deadline = Date().addingTimeInterval(20)
        while true {
            do {
                return try await board.sync()
            } catch  where Date() < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
