import BoardModel
import Foundation
import SyncWire
import XCTest

@testable import Hub
@testable import Sync

/// What every `HubStore` does, written once: `SQLiteHubStoreTests` and `PostgresHubStoreTests`
/// run these tests against their own store, so the two settle, pull and sign in alike.
///
/// A subclass needs at least one test of its own: on Linux, SwiftPM's test discovery adds the
/// inherited tests only to classes in which it found a test.
class HubStoreContract: XCTestCase {
    let layout = HubFixture.layout
    var now: Date { HubFixture.morning }
    /// The store under test, running and migrated before each test.
    private(set) var store: (any HubStore)!
    private var running: [Task<Void, any Error>] = []

    /// A new, empty store for one test; each subclass says which.
    func makeStore() async throws -> any HubStore {
        throw TestSetupFailure("\(type(of: self)) must override makeStore() to say which store the contract runs on")
    }

    /// Frees what `makeStore` took (a file, a database), once every store of the test stopped.
    func discardStore() async throws {}

    /// A store of this kind as the first release left it (schema `hub-v1` only), running; how that
    /// release enrolled a board (its SQL: this build's `enrol` reads columns added since); and how
    /// to open the same data again with this build (a package upgrade).
    struct FirstRelease {
        var old: any HubStore
        var enrol: (_ codeHash: String, _ tokenHash: String) async throws -> Void
        var reopen: () throws -> any HubStore
    }

    func firstReleaseStore() async throws -> FirstRelease {
        throw TestSetupFailure("\(type(of: self)) must override firstReleaseStore()")
    }

    /// The first release's enrolment, as SQL with `?` placeholders: the token hash, then the code hash.
    static let firstReleaseEnrolment =
        "UPDATE board SET token_hash = ?, enrol_code_hash = NULL, code_expires = NULL WHERE enrol_code_hash = ?"

    // The contract's tests run only through the subclasses, each with its own store: the base
    // class's own suite is empty on Darwin, and on Linux (whose XCTest has no `defaultTestSuite`)
    // its test runs are never started, so they count as not executed rather than as passed.
    #if canImport(ObjectiveC)
        override class var defaultTestSuite: XCTestSuite {
            self == HubStoreContract.self ? XCTestSuite(name: "HubStoreContract") : super.defaultTestSuite
        }
    #else
        override func perform(_ run: XCTestRun) {
            guard type(of: self) != HubStoreContract.self else { return }
            super.perform(run)
        }
    #endif

    override func setUp() async throws {
        try await super.setUp()
        store = try await makeStore()
        start(store)
        try await store.migrate()
    }

    override func tearDown() async throws {
        for task in running { task.cancel() }
        for task in running { _ = await task.result }
        running = []
        try await discardStore()
        try await super.tearDown()
    }

    /// Runs a store's background work until the test ends.
    func start(_ store: any HubStore, onVersion: @escaping @Sendable (Int64) -> Void = { _ in }) {
        running.append(Task { try await store.run(onVersion: onVersion) })
    }

    // MARK: Upgrades

    func testDataTheFirstReleaseWroteIsKeptWhenThisReleaseMigratesIt() async throws {
        let first = try await firstReleaseStore()
        let old = first.old
        let board = "hall-a"
        let client = "hall-a/journal"
        try await old.addBoard(
            id: board, name: "Hall A", enrolCodeHash: "code-a", codeExpires: now.addingTimeInterval(3600), now: now)
        try await first.enrol("code-a", "token-a")
        let (kept, parked) = (HubFixture.card("Kept across upgrades"), HubFixture.card("Parked across upgrades"))
        _ = try await old.push(
            [
                pushed(1, .registerCard(kept)), pushed(2, .place(kept.id, HubFixture.cell(0))),
                pushed(3, .registerCard(parked)),
            ], client: client, board: board, layout: layout, now: now)
        _ = try await old.perform(.park(kept.id), actor: .staff("sam"), layout: layout, now: now)
        _ = try await old.perform(.place(parked.id, HubFixture.cell(1)), actor: .staff("sam"), layout: layout, now: now)
        try await old.putStaff(name: "sam", passwordHash: "hash-sam")
        let order = try await old.requestPrint(board: board, card: parked.id)
        let before = try await old.snapshot()
        let historyBefore = try await old.history(of: kept.id)

        let upgraded = try first.reopen()
        start(upgraded)
        try await upgraded.migrate()
        let after = try await upgraded.snapshot()
        XCTAssertEqual(after.version, before.version)
        XCTAssertEqual(after.grid, before.grid)
        XCTAssertEqual(after.grid.placements[parked.id], HubFixture.cell(1))
        XCTAssertTrue(after.grid.parked.contains(kept.id))
        let historyAfter = try await upgraded.history(of: kept.id)
        XCTAssertEqual(historyAfter, historyBefore)
        let enrolled = try await upgraded.board(tokenHash: "token-a")
        XCTAssertEqual(enrolled?.id, board, "the board's token still works")
        XCTAssertNil(enrolled?.software, "nothing was reported before the upgrade")
        let staffHash = try await upgraded.staffPasswordHash(name: "sam")
        XCTAssertEqual(staffHash, "hash-sam")
        let pull = try await upgraded.pull(since: nil, client: client, after: 0, board: board)
        XCTAssertEqual(pull.lastMutationID, 3, "the board's applied ids are kept, so nothing is applied twice")
        XCTAssertEqual(pull.prints.map(\.id), [order.id], "the print order still waits for its board")
        let retry = try await upgraded.push(
            [pushed(3, .registerCard(parked))], client: client, board: board, layout: layout, now: now)
        XCTAssertEqual(retry.applied, 0)
        try await upgraded.touchBoard(
            id: board, pending: 0, software: "openspace-board/0.6.0", panelProblem: nil, now: now)
        let listed = try await upgraded.boards()
        XCTAssertEqual(listed.first?.software, "openspace-board/0.6.0", "the new column is in use")
        try await upgraded.migrate()
        let again = try await upgraded.snapshot()
        XCTAssertEqual(again.version, after.version, "migrating twice changes nothing")
    }

    // MARK: Helpers

    func pushed(_ id: Int64, _ mutation: Mutation, actor: Actor = .host) -> PushedMutation {
        HubFixture.pushed(id, mutation, actor: actor, at: now)
    }

    @discardableResult
    func push(_ mutations: [PushedMutation], client: String = "board-a/journal", board: String = "board-a")
        async throws -> PushResponse
    {
        try await store.push(mutations, client: client, board: board, layout: layout, now: now)
    }

    @discardableResult
    func perform(_ mutation: Mutation, staff: String = "sam") async throws -> (result: MutationResult, version: Int64) {
        try await store.perform(mutation, actor: .staff(staff), layout: layout, now: now)
    }

    func assertThrows<E: Error & Equatable>(
        _ expected: E, file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            XCTFail("expected \(expected), nothing was thrown", file: file, line: line)
        } catch let error as E {
            XCTAssertEqual(error, expected, file: file, line: line)
        } catch {
            XCTFail("expected \(expected), got \(error)", file: file, line: line)
        }
    }

    // MARK: Schema

    func testMigratingAgainIsHarmless() async throws {
        let card = HubFixture.card("Kept")
        try await push([pushed(1, .registerCard(card))])
        try await store.migrate()
        try await store.migrate()
        let (version, grid) = try await store.snapshot()
        XCTAssertEqual(version, 1)
        XCTAssertEqual(grid.cards[card.id], card)
        let next = try await push([pushed(2, .place(card.id, HubFixture.cell(0)))])
        XCTAssertEqual(next.version, 2)
    }

    // MARK: Pushing

    func testAPushAppliesEachMutationOnceInIdOrder() async throws {
        let card = HubFixture.card("Rust")
        let response = try await push([
            pushed(2, .place(card.id, HubFixture.cell(0))), pushed(1, .registerCard(card)),
        ])
        XCTAssertEqual(response, PushResponse(lastMutationID: 2, version: 1, applied: 2))
        let (version, grid) = try await store.snapshot()
        XCTAssertEqual(version, 1)
        XCTAssertEqual(grid.placements[card.id], HubFixture.cell(0))
        let history = try await store.history(of: card.id)
        XCTAssertEqual(history.map(\.status), [.applied, .applied])
    }

    func testARetriedPushAppliesNothingTwice() async throws {
        let card = HubFixture.card("Retried")
        let batch = [pushed(1, .registerCard(card)), pushed(2, .place(card.id, HubFixture.cell(0)))]
        try await push(batch)
        let retry = try await push(batch)
        XCTAssertEqual(retry, PushResponse(lastMutationID: 2, version: 1, applied: 0))
        let version = try await store.version()
        XCTAssertEqual(version, 1, "a push that changes nothing keeps the version")
        let history = try await store.history(of: card.id)
        XCTAssertEqual(history.count, 2)
    }

    func testADuplicatedReorderedAndGappedBatchAppliesTheRunUpToTheGapOnce() async throws {
        let card = HubFixture.card("Shuffled")
        let later = HubFixture.card("After the gap")
        let response = try await push([
            pushed(3, .place(card.id, HubFixture.cell(1))), pushed(1, .registerCard(card)),
            pushed(1, .registerCard(card)), pushed(5, .registerCard(later)), pushed(2, .remove(card.id)),
            pushed(3, .place(card.id, HubFixture.cell(1))),
        ])
        XCTAssertEqual(response.lastMutationID, 3)
        XCTAssertEqual(response.applied, 3)
        XCTAssertEqual(response.expectedID, 4)
        let history = try await store.history(of: card.id)
        XCTAssertEqual(
            history.map(\.mutation), [.registerCard(card), .remove(card.id), .place(card.id, HubFixture.cell(1))])
        // Removing a card that is on no cell is refused, and does not stop the batch.
        XCTAssertEqual(history.map(\.status), [.applied, .rejected, .applied])
        let pull = try await store.pull(since: nil, client: "board-a/journal", after: nil, board: nil)
        XCTAssertEqual(pull.lastMutationID, 3)
        XCTAssertEqual(pull.cards.map(\.card.id), [card.id], "nothing after the gap is applied")
    }

    func testTwoBoardsPinningOneCellLeaveOneHoldingItAndTheOtherParkedInOrder() async throws {
        let first = HubFixture.card("From A")
        let second = HubFixture.card("From B")
        let cell = HubFixture.cell(0)
        let (store, layout, now) = (self.store!, self.layout, self.now)
        let (batchA, batchB) = (
            [pushed(1, .registerCard(first)), pushed(2, .place(first.id, cell))],
            [pushed(1, .registerCard(second)), pushed(2, .place(second.id, cell))]
        )
        async let fromA = store.push(batchA, client: "board-a/j", board: "board-a", layout: layout, now: now)
        async let fromB = store.push(batchB, client: "board-b/j", board: "board-b", layout: layout, now: now)
        _ = try await (fromA, fromB)

        let (_, grid) = try await store.snapshot()
        let holder = try XCTUnwrap(grid.occupants[cell])
        let loser = holder == first.id ? second.id : first.id
        XCTAssertEqual(grid.parked, [loser])
        let history = try await store.history(of: loser)
        XCTAssertEqual(history.map(\.status), [.applied, .parked])

        let late = HubFixture.card("Later still")
        try await push(
            [pushed(3, .registerCard(late)), pushed(4, .place(late.id, cell))], client: "board-b/j", board: "board-b")
        let ranks = try await parkedRanks()
        XCTAssertEqual(ranks.keys.sorted(), [loser, late.id].sorted())
        XCTAssertLessThan(try XCTUnwrap(ranks[loser]), try XCTUnwrap(ranks[late.id]), "parked in arrival order")

        let other = HubFixture.card("Elsewhere")
        try await push(
            [pushed(3, .registerCard(other)), pushed(4, .place(other.id, HubFixture.cell(1)))], client: "board-a/j",
            board: "board-a")
        let ranksAfter = try await parkedRanks()
        XCTAssertEqual(ranksAfter, ranks, "later writes leave the parked lane as it was")
        let lane = try await store.snapshot().grid.parked
        XCTAssertEqual(lane, [loser, late.id])
    }

    private func parkedRanks() async throws -> [CardID: Int64] {
        let cards = try await store.pull(since: nil, client: nil, after: nil, board: nil).cards
        return Dictionary(
            uniqueKeysWithValues: cards.compactMap { state in state.parkedRank.map { (state.card.id, $0) } })
    }

    func testAClientOfAnotherBoardIsRefusedAndChangesNothing() async throws {
        let card = HubFixture.card("Mine")
        try await push([pushed(1, .registerCard(card))], client: "shared", board: "board-a")
        await assertThrows(HubStoreError.clientOfAnotherBoard(client: "shared", owner: "board-a")) {
            try await push(
                [pushed(2, .place(card.id, HubFixture.cell(0)))], client: "shared", board: "board-b")
        }
        let (version, grid) = try await store.snapshot()
        XCTAssertEqual(version, 1)
        XCTAssertNil(grid.placements[card.id])
        let history = try await store.history(of: card.id)
        XCTAssertEqual(history.count, 1)
    }

    func testASwapWithinOneBatchDoesNotTripTheOneCardPerCell() async throws {
        // The card moving in sorts first, so its row is written while the other still holds the cell.
        let ids = [CardID.random(), CardID.random()].sorted()
        let incoming = Card(id: ids[0], title: "Incoming")
        let leaving = Card(id: ids[1], title: "Leaving")
        let (x, y) = (HubFixture.cell(0), HubFixture.cell(1))
        try await push([
            pushed(1, .registerCard(leaving)), pushed(2, .place(leaving.id, x)), pushed(3, .registerCard(incoming)),
        ])
        let response = try await push([pushed(4, .move(leaving.id, to: y)), pushed(5, .place(incoming.id, x))])
        XCTAssertEqual(response.applied, 2)
        let grid = try await store.snapshot().grid
        XCTAssertEqual(grid.placements[leaving.id], y)
        XCTAssertEqual(grid.placements[incoming.id], x)
    }

    // MARK: Pulling

    func testAPullWithoutCookieHasEverythingAndWithOneOnlyWhatChanged() async throws {
        let (a, b) = (HubFixture.card("A"), HubFixture.card("B"))
        let client = "board-a/journal"
        try await push([
            pushed(1, .registerCard(a)), pushed(2, .place(a.id, HubFixture.cell(0))), pushed(3, .registerCard(b)),
            pushed(4, .place(b.id, HubFixture.cell(1))),
        ])
        let closed = HubFixture.cell(4)
        try await perform(.block(closed, reason: "Room closed"))

        let full = try await store.pull(since: nil, client: client, after: nil, board: "board-a")
        XCTAssertTrue(full.reset)
        XCTAssertEqual(full.cookie, 2)
        XCTAssertEqual(
            full.cards,
            [CardState(card: a, cell: HubFixture.cell(0)), CardState(card: b, cell: HubFixture.cell(1))]
                .sorted { $0.card.id < $1.card.id })
        XCTAssertEqual(full.blocks, [BlockState(cell: closed, reason: "Room closed")])
        XCTAssertEqual(full.lastMutationID, 4)
        XCTAssertEqual(full.results.map(\.id), [1, 2, 3, 4])
        XCTAssertEqual(Set(full.results.map(\.status)), [.applied])

        try await perform(.unblock(closed))
        try await push([pushed(5, .move(a.id, to: HubFixture.cell(2)))])
        let changed = try await store.pull(since: full.cookie, client: client, after: 2, board: "board-a")
        XCTAssertFalse(changed.reset)
        XCTAssertEqual(changed.cookie, 4)
        XCTAssertEqual(changed.cards, [CardState(card: a, cell: HubFixture.cell(2))])
        XCTAssertEqual(changed.blocks, [BlockState(cell: closed, reason: nil)], "an opened cell comes as a nil block")
        XCTAssertEqual(changed.lastMutationID, 5)
        XCTAssertEqual(changed.results.map(\.id), [3, 4, 5])

        let again = try await store.pull(since: changed.cookie, client: nil, after: nil, board: nil)
        XCTAssertEqual(again.cards, [])
        XCTAssertEqual(again.blocks, [])
        XCTAssertNil(again.lastMutationID)
        let fresh = try await store.pull(since: nil, client: nil, after: nil, board: nil)
        XCTAssertEqual(fresh.blocks, [], "a full pull has no opened cells to drop")
    }

    func testACookieFromTheFutureGetsEverythingAgain() async throws {
        let card = HubFixture.card("Restored")
        try await push([pushed(1, .registerCard(card))])
        let pull = try await store.pull(since: 99, client: nil, after: nil, board: nil)
        XCTAssertTrue(pull.reset)
        XCTAssertEqual(pull.cookie, 1)
        XCTAssertEqual(pull.cards.map(\.card), [card])
    }

    func testPrintRequestsReachOnlyTheirBoardAndOnlyAfterTheCookie() async throws {
        for id in ["board-a", "board-b"] {
            try await store.addBoard(
                id: id, name: id, enrolCodeHash: "code-\(id)", codeExpires: now.addingTimeInterval(60), now: now)
        }
        let card = HubFixture.card("Print me")
        try await push([pushed(1, .registerCard(card))])
        let request = try await store.requestPrint(board: "board-a", card: card.id)
        XCTAssertEqual(request.version, 2)
        let version = try await store.version()
        XCTAssertEqual(version, 2, "a print request moves the version so the board pulls")

        func prints(since cookie: Int64?, board: String) async throws -> [PrintOrder] {
            try await store.pull(since: cookie, client: nil, after: nil, board: board).prints
        }
        let order = PrintOrder(id: request.id, card: card.id)
        let (afterCookie, everything) = (
            try await prints(since: 1, board: "board-a"), try await prints(since: nil, board: "board-a")
        )
        XCTAssertEqual(afterCookie, [order])
        XCTAssertEqual(everything, [order])
        let (seen, otherBoard) = (
            try await prints(since: 2, board: "board-a"), try await prints(since: 1, board: "board-b")
        )
        XCTAssertEqual(seen, [], "a request at or before the cookie was seen already")
        XCTAssertEqual(otherBoard, [], "a request reaches only its board")

        await assertThrows(HubStoreError.unknownBoard("board-z")) {
            _ = try await store.requestPrint(board: "board-z", card: card.id)
        }
        let unknown = HubFixture.card("Never registered").id
        await assertThrows(HubStoreError.unknownCard(unknown)) {
            _ = try await store.requestPrint(board: "board-a", card: unknown)
        }
        let unchanged = try await store.version()
        XCTAssertEqual(unchanged, 2, "a refused request moves nothing")
    }

    func testHistoryListsACardsMutationsInOrderWithTheirStatus() async throws {
        let (held, late) = (HubFixture.card("Held"), HubFixture.card("Late"))
        let cell = HubFixture.cell(0)
        try await push([pushed(1, .registerCard(held)), pushed(2, .place(held.id, cell))])
        try await push(
            [pushed(1, .registerCard(late)), pushed(2, .place(late.id, cell))], client: "board-b/j", board: "board-b")
        try await perform(.placeOver(late.id, cell))

        let history = try await store.history(of: late.id)
        XCTAssertEqual(
            history.map(\.mutation), [.registerCard(late), .place(late.id, cell), .placeOver(late.id, cell)])
        XCTAssertEqual(history.map(\.status), [.applied, .parked, .applied])
        XCTAssertEqual(history.map(\.boardID), ["board-b", "board-b", "web"])
        XCTAssertEqual(history.map(\.actor), [.host, .host, .staff("sam")])
        XCTAssertEqual(history.map(\.version), [2, 2, 3])
        XCTAssertNotNil(history[1].reason)
        XCTAssertEqual(history.first?.settledAt, now)
        let heldHistory = try await store.history(of: held.id)
        XCTAssertEqual(
            heldHistory.map(\.mutation), [.registerCard(held), .place(held.id, cell)],
            "the card moved aside keeps its own history")
    }

    // MARK: Boards

    func testABoardEnrolsWithItsCodeOnceAndARevokedTokenIsRefused() async throws {
        try await store.addBoard(
            id: "hall-b", name: "Hall B", enrolCodeHash: "code-b", codeExpires: now.addingTimeInterval(60), now: now)
        try await store.addBoard(
            id: "hall-a", name: "Hall A", enrolCodeHash: "code-a", codeExpires: now.addingTimeInterval(60), now: now)
        await assertThrows(HubStoreError.duplicateBoard("hall-a")) {
            try await store.addBoard(
                id: "hall-a", name: "Again", enrolCodeHash: "code-c", codeExpires: now.addingTimeInterval(60), now: now)
        }
        let waiting = try await store.boards()
        XCTAssertEqual(waiting.map(\.id), ["hall-a", "hall-b"])
        XCTAssertEqual(waiting.map(\.enrolled), [false, false])

        let enrolment = try await store.enrol(codeHash: "code-a", tokenHash: "token-a", now: now)
        let enrolled = try XCTUnwrap(enrolment)
        XCTAssertEqual(enrolled.id, "hall-a")
        XCTAssertEqual(enrolled.name, "Hall A")
        XCTAssertTrue(enrolled.enrolled)
        XCTAssertFalse(enrolled.revoked)
        XCTAssertEqual(enrolled.createdAt, now)
        XCTAssertEqual(enrolled.lastSeen, now)
        let again = try await store.enrol(codeHash: "code-a", tokenHash: "token-x", now: now)
        XCTAssertNil(again, "a code works once")

        let (known, unknown) = (
            try await store.board(tokenHash: "token-a"), try await store.board(tokenHash: "token-x")
        )
        XCTAssertEqual(known?.id, "hall-a")
        XCTAssertNil(unknown)
        try await store.touchBoard(
            id: "hall-a", pending: 3, software: "openspace-board/0.6.0", panelProblem: "panel failing: BUSY",
            now: now.addingTimeInterval(5))
        let failing = try await store.board(tokenHash: "token-a")
        XCTAssertEqual(failing?.panelProblem, "panel failing: BUSY")
        try await store.touchBoard(
            id: "hall-a", pending: nil, software: nil, panelProblem: nil, now: now.addingTimeInterval(9))
        let touched = try await store.board(tokenHash: "token-a")
        XCTAssertNil(touched?.panelProblem, "a board that says nothing of its panel has a working one")
        XCTAssertEqual(touched?.pending, 3, "a touch without a count keeps the last one")
        XCTAssertEqual(touched?.software, "openspace-board/0.6.0", "a touch without a version keeps the last one")
        XCTAssertEqual(touched?.lastSeen, now.addingTimeInterval(9))

        let revoked = try await store.revokeBoard(id: "hall-a")
        XCTAssertTrue(revoked)
        let afterRevoke = try await store.board(tokenHash: "token-a")
        XCTAssertNil(afterRevoke, "a revoked board's token is refused")
        let listed = try await store.boards()
        XCTAssertEqual(listed.map(\.revoked), [true, false])
        let (noSuchBoard, waitingRevoked) = (
            try await store.revokeBoard(id: "hall-z"), try await store.revokeBoard(id: "hall-b")
        )
        XCTAssertFalse(noSuchBoard)
        XCTAssertTrue(waitingRevoked)
        let revokedEnrol = try await store.enrol(codeHash: "code-b", tokenHash: "token-b", now: now)
        XCTAssertNil(revokedEnrol, "a revoked board's code is spent")
    }

    func testAnExpiredEnrolCodeIsRefused() async throws {
        try await store.addBoard(
            id: "hall-a", name: "Hall A", enrolCodeHash: "code-a", codeExpires: now.addingTimeInterval(60), now: now)
        let late = try await store.enrol(codeHash: "code-a", tokenHash: "token-a", now: now.addingTimeInterval(60))
        XCTAssertNil(late)
        let boards = try await store.boards()
        XCTAssertEqual(boards.map(\.enrolled), [false])
        let inTime = try await store.enrol(codeHash: "code-a", tokenHash: "token-a", now: now.addingTimeInterval(59))
        XCTAssertEqual(inTime?.id, "hall-a")
    }

    // MARK: Staff

    func testStaffPasswordsAndSessions() async throws {
        let before = try await store.staffPasswordHash(name: "sam")
        XCTAssertNil(before)
        try await store.putStaff(name: "sam", passwordHash: "hash-1")
        let first = try await store.staffPasswordHash(name: "sam")
        XCTAssertEqual(first, "hash-1")

        try await store.addSession(tokenHash: "live", staff: "sam", expires: now.addingTimeInterval(60), now: now)
        try await store.addSession(
            tokenHash: "old", staff: "sam", expires: now.addingTimeInterval(-1), now: now.addingTimeInterval(-2))
        try await store.addSession(tokenHash: "ended", staff: "sam", expires: now.addingTimeInterval(60), now: now)
        try await store.deleteSession(tokenHash: "ended")
        let live = try await store.sessionStaff(tokenHash: "live", now: now)
        let old = try await store.sessionStaff(tokenHash: "old", now: now)
        let lapsed = try await store.sessionStaff(tokenHash: "live", now: now.addingTimeInterval(60))
        let ended = try await store.sessionStaff(tokenHash: "ended", now: now)
        XCTAssertEqual(live, "sam")
        XCTAssertNil(old, "an expired session signs no one in")
        XCTAssertNil(lapsed, "a session ends at its expiry")
        XCTAssertNil(ended, "a deleted session signs no one in")

        try await store.putStaff(name: "sam", passwordHash: "hash-2")
        let second = try await store.staffPasswordHash(name: "sam")
        XCTAssertEqual(second, "hash-2")
        let afterNewPassword = try await store.sessionStaff(tokenHash: "live", now: now)
        XCTAssertNil(afterNewPassword, "a new password ends the old sessions")
    }

    func testSigningOutEverywhereEndsOnlyThatStaffMembersSessions() async throws {
        try await store.putStaff(name: "sam", passwordHash: "hash")
        try await store.putStaff(name: "kim", passwordHash: "hash")
        for token in ["phone", "laptop", "kiosk"] {
            try await store.addSession(tokenHash: token, staff: "sam", expires: now.addingTimeInterval(60), now: now)
        }
        try await store.addSession(tokenHash: "kims", staff: "kim", expires: now.addingTimeInterval(60), now: now)
        let ended = try await store.deleteSessions(staff: "sam")
        XCTAssertEqual(ended, 3)
        for token in ["phone", "laptop", "kiosk"] {
            let staff = try await store.sessionStaff(tokenHash: token, now: now)
            XCTAssertNil(staff, "\(token) is signed out")
        }
        let kim = try await store.sessionStaff(tokenHash: "kims", now: now)
        XCTAssertEqual(kim, "kim", "another staff member stays signed in")
        let none = try await store.deleteSessions(staff: "sam")
        XCTAssertEqual(none, 0)
    }
}
