import AsyncHTTPClient
import BoardModel
import BoardStore
import Foundation
import Hub
import NIOCore
import SharedTestSupport
import Sync
import SyncWire
import XCTest

/// Boards and a hub over real HTTP on loopback: what reaches whom, once, and what is refused.
final class SyncEndToEndTests: XCTestCase {
    var folder = ""

    override func setUp() async throws {
        folder = try TestPaths.temporaryFolder("sync")
    }

    func testAScanAtOneBoardReachesTheHubAndTheOtherBoard() async throws {
        let hub = try await RunningHub.start()
        defer { Task { await hub.stop() } }
        let a = try await TestBoard(folder: folder, name: "a", hub: hub)
        let b = try await TestBoard(folder: folder, name: "b", hub: hub)
        let card = HubFixture.card("Rust on the Pi")
        try a.scan(.registerCard(card))
        try a.scan(.place(card.id, HubFixture.cell(0)))

        try await a.sync()
        XCTAssertEqual(try a.journal.outbox().count, 0, "the hub confirmed both mutations")
        XCTAssertEqual(a.lastReport?.online, true)
        try await b.sync()
        XCTAssertEqual(try b.journal.grid().placements[card.id], HubFixture.cell(0))
        let (_, hubGrid) = try await hub.hub.snapshot()
        XCTAssertEqual(hubGrid, try a.journal.grid())
        XCTAssertEqual(hubGrid, try b.journal.grid())
        let boards = try await hub.hub.store.boards()
        XCTAssertEqual(
            boards.map(\.software), [HubConnection.userAgent, HubConnection.userAgent],
            "each board's pulls say which release it runs")
        XCTAssertEqual(HubConnection.userAgent, "openspace-board/\(OpenSpaceVersion.current)")
    }

    func testAPushWhoseAnswerIsLostIsRetriedAndAppliedOnce() async throws {
        let hub = try await RunningHub.start()
        defer { Task { await hub.stop() } }
        let a = try await TestBoard(folder: folder, name: "a", hub: hub)
        let card = HubFixture.card("Once")
        try a.scan(.registerCard(card))
        try a.scan(.place(card.id, HubFixture.cell(1)))
        // The push reaches the hub but its answer never reaches the board.
        let state = try a.journal.syncState()
        let pending = try a.journal.outbox().map {
            PushedMutation(id: $0.id, mutation: $0.mutation, actor: $0.actor, createdAt: $0.createdAt)
        }
        _ = try await HubConnection(base: hub.base, token: a.token).push(
            PushRequest(clientID: state.clientID, mutations: pending))
        XCTAssertEqual(try a.journal.outbox().count, 2, "without an answer the board still holds both")

        try await a.sync()
        XCTAssertEqual(try a.journal.outbox().count, 0)
        let history = try await hub.hub.store.history(of: card.id)
        XCTAssertEqual(history.map(\.mutation.kind), ["register", "place"], "each applied once")
        XCTAssertEqual(history.map(\.status), [.applied, .applied])
    }

    func testTwoOfflineBoardsPinTheSameCellOneHoldsItTheOtherIsParkedEverywhere() async throws {
        let hub = try await RunningHub.start()
        defer { Task { await hub.stop() } }
        let a = try await TestBoard(folder: folder, name: "a", hub: hub)
        let b = try await TestBoard(folder: folder, name: "b", hub: hub)
        let first = HubFixture.card("First")
        let second = HubFixture.card("Second")
        let cell = HubFixture.cell(2)
        // Both offline: each board accepts its own card into the same free cell.
        try a.scan(.registerCard(first))
        try a.scan(.place(first.id, cell))
        try b.scan(.registerCard(second))
        try b.scan(.place(second.id, cell))
        XCTAssertEqual(try a.journal.grid().occupants[cell], first.id)
        XCTAssertEqual(try b.journal.grid().occupants[cell], second.id)

        try await a.sync()
        try await b.sync()
        try await a.sync()

        let (_, hubGrid) = try await hub.hub.snapshot()
        XCTAssertEqual(hubGrid.occupants[cell], first.id, "the first mutation the hub committed wins")
        XCTAssertEqual(hubGrid.parked, [second.id], "the other card waits for a slot, never dropped")
        XCTAssertEqual(try a.journal.grid(), hubGrid)
        XCTAssertEqual(try b.journal.grid(), hubGrid)
        XCTAssertEqual(b.lastReport?.settled.map(\.status), [.parked])
        XCTAssertEqual(try b.journal.outbox().count, 0)

        // The web page shows the same: the winner in the cell, the other in the parked lane.
        let (status, page) = try await get(hub.base + "/?fragment=grid")
        XCTAssertEqual(status, 200)
        let lane = try XCTUnwrap(page.range(of: "id=\"needs-a-slot\"")).lowerBound
        let firstAt = try XCTUnwrap(page.range(of: "/C/\(first.id.text)")).lowerBound
        let secondAt = try XCTUnwrap(page.range(of: "/C/\(second.id.text)")).lowerBound
        XCTAssertLessThan(firstAt, lane, "the winner is in the grid")
        XCTAssertGreaterThan(secondAt, lane, "the other card is in the needs-a-slot lane")
    }

    func testMetricsCountPushesPullsConflictsListenersAndQueueDepth() async throws {
        let hub = try await RunningHub.start()
        defer { Task { await hub.stop() } }
        let a = try await TestBoard(folder: folder, name: "a", hub: hub)
        let b = try await TestBoard(folder: folder, name: "b", hub: hub)
        let first = HubFixture.card("First")
        let second = HubFixture.card("Second")
        try a.scan(.registerCard(first))
        try a.scan(.place(first.id, HubFixture.cell(0)))
        try b.scan(.registerCard(second))
        try b.scan(.place(second.id, HubFixture.cell(0)))
        try b.scan(.registerCard(HubFixture.card("Still pending at b")))
        try await a.sync()
        try await b.sync()
        _ = try await HubConnection(base: hub.base, token: b.token).pull(
            cookie: nil, clientID: nil, after: nil, pending: 7)
        let listening = try await HubConnection(base: hub.base, token: nil).versions(lastEventID: nil)
        var iterator = listening.makeAsyncIterator()
        _ = try await iterator.next()

        let (status, text) = try await get(hub.base + "/metrics")
        XCTAssertEqual(status, 200)
        func value(_ name: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap {
                Double($0.split(separator: " ")[1])
            }
        }
        XCTAssertEqual(value("openspace_hub_pushes_total"), 2)
        XCTAssertEqual(value("openspace_hub_mutations_applied_total"), 5)
        XCTAssertEqual(value("openspace_hub_conflicts_total"), 1, "b's card was parked")
        XCTAssertEqual(value("openspace_hub_pulls_total"), 3)
        XCTAssertEqual(value("openspace_hub_sse_listeners"), 1)
        XCTAssertEqual(value("openspace_board_queue_depth{board=\"b\"}"), 7)
    }

    func testEachRefusedRequestGetsItsStatusAndChangesNothing() async throws {
        let hub = try await RunningHub.start()
        defer { Task { await hub.stop() } }
        let a = try await TestBoard(folder: folder, name: "a", hub: hub)
        let b = try await TestBoard(folder: folder, name: "b", hub: hub)
        // Board a owns client "shared" once it has pushed under it.
        let card = HubFixture.card("Owned")
        _ = try await HubConnection(base: hub.base, token: a.token).push(
            PushRequest(
                clientID: "shared",
                mutations: [PushedMutation(id: 1, mutation: .registerCard(card), actor: .host, createdAt: .now)]))
        let before = try await hub.hub.store.version()
        let push = try SyncCoding.encoder().encode(
            PushRequest(
                clientID: "mine",
                mutations: [
                    PushedMutation(id: 1, mutation: .place(card.id, HubFixture.cell(0)), actor: .host, createdAt: .now)
                ]))
        let revoked = try await TestBoard(folder: folder, name: "gone", hub: hub)
        _ = try await hub.hub.store.revokeBoard(id: "gone")

        let cases: [(String, String?, Data, Int, String)] = [
            ("no token", nil, push, 401, "unauthorized"),
            ("an unknown token", "not-a-token", push, 401, "unauthorized"),
            ("a revoked token", revoked.token, push, 401, "unauthorized"),
            (
                "a token used with another board's id", b.token,
                try SyncCoding.encoder().encode(
                    PushRequest(
                        boardID: "a", clientID: "shared",
                        mutations: [
                            PushedMutation(
                                id: 2, mutation: .place(card.id, HubFixture.cell(0)), actor: .host, createdAt: .now)
                        ])), 403, "forbidden"
            ),
            ("an oversized body", a.token, Data(count: SyncProtocol.maxPushBytes + 1), 413, "too-large"),
            ("a malformed body", a.token, Data("{\"clientID\": 3}".utf8), 400, "invalid"),
            (
                "an unknown protocol version", a.token,
                try SyncCoding.encoder().encode(PushRequest(clientID: "mine", mutations: [], protocolVersion: 99)), 400,
                "unsupported-protocol"
            ),
        ]
        for (name, token, body, status, code) in cases {
            let (answer, text) = try await post(hub.base + "/api/v1/push", token: token, body: body)
            XCTAssertEqual(answer, status, name)
            XCTAssertTrue(text.contains("\"code\":\"\(code)\""), "\(name): \(text)")
        }
        let after = try await hub.hub.store.version()
        XCTAssertEqual(after, before, "no refused request changed anything")

        // Board b naming a's client id pushes into a client of its own: a's ids are untouched.
        let intoOwn = try await HubConnection(base: hub.base, token: b.token).push(
            PushRequest(
                clientID: "shared",
                mutations: [PushedMutation(id: 2, mutation: .remove(card.id), actor: .host, createdAt: .now)]))
        XCTAssertEqual(intoOwn.applied, 0)
        XCTAssertEqual(intoOwn.expectedID, 1, "b's client 'shared' starts at 1; a's is at 1 already")
        let (_, grid) = try await hub.hub.snapshot()
        XCTAssertNil(grid.placements[card.id])
    }

    func testAPushPokesEveryListener() async throws {
        let hub = try await RunningHub.start()
        defer { Task { await hub.stop() } }
        let a = try await TestBoard(folder: folder, name: "a", hub: hub)
        let versions = try await HubConnection(base: hub.base, token: nil).versions(lastEventID: 0)
        try a.scan(.registerCard(HubFixture.card("Poke")))
        try await a.sync()
        var iterator = versions.makeAsyncIterator()
        let poked = try await iterator.next()
        let version = try await hub.hub.store.version()
        XCTAssertEqual(poked, version)
        XCTAssertGreaterThan(poked ?? 0, 0)
    }

    func testACardStaffSendToABoardIsQueuedOnItsPrinterOnce() async throws {
        let hub = try await RunningHub.start()
        defer { Task { await hub.stop() } }
        let a = try await TestBoard(folder: folder, name: "a", hub: hub)
        let b = try await TestBoard(folder: folder, name: "b", hub: hub)
        let card = try await hub.hub.createCard(
            title: "From the desk", host: "Staff", contact: "", summary: "", staff: "anna")
        try await hub.hub.requestPrint(card: card.id, board: "a")
        try await a.sync()
        try await a.sync()
        try await b.sync()
        let jobs = try PrintQueue(journal: a.journal).jobs()
        XCTAssertEqual(jobs.map(\.card), [card])
        XCTAssertEqual(try PrintQueue(journal: b.journal).jobs().count, 0, "only the board it was sent to")
    }

    func testAfterAHubRestartBoardsCatchUpFromTheirCookies() async throws {
        let hubFolder = try TestPaths.temporaryFolder("hub")
        let hub = try await RunningHub.start(folder: hubFolder)
        let a = try await TestBoard(folder: folder, name: "a", hub: hub)
        let b = try await TestBoard(folder: folder, name: "b", hub: hub)
        let early = HubFixture.card("Before the restart")
        try a.scan(.registerCard(early))
        try await a.sync()
        try await b.sync()
        await hub.stop()

        // While the hub is down the board keeps accepting scans.
        let late = HubFixture.card("While the hub was down")
        try a.scan(.registerCard(late))
        try a.scan(.place(late.id, HubFixture.cell(3)))
        do {
            try await a.sync()
            XCTFail("the hub is down")
        } catch {}
        XCTAssertEqual(try a.journal.outbox().count, 2)

        let restarted = try await RunningHub.start(folder: hubFolder)
        defer { Task { await restarted.stop() } }
        a.point(at: restarted)
        b.point(at: restarted)
        let cookie = try b.journal.syncState().cookie
        try await a.sync()
        try await b.sync()
        XCTAssertEqual(try b.journal.grid().placements[late.id], HubFixture.cell(3))
        XCTAssertNotNil(try b.journal.grid().cards[early.id])
        let pull = try await HubConnection(base: restarted.base, token: nil).pull(
            cookie: cookie, clientID: nil, after: nil, pending: nil)
        XCTAssertFalse(pull.reset, "the cookie from before the restart still works")
        XCTAssertEqual(Set(pull.cards.map(\.card.id)), [late.id], "only what changed since")
    }

    private func get(_ url: String) async throws -> (Int, String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 22)))
    }

    private func post(_ url: String, token: String?, body: Data) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return (Int(response.status.code), text)
    }
}
