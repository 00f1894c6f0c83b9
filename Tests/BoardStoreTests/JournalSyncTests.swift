import BoardModel
import BoardStore
import Foundation
import XCTest

/// The journal's side of sync: the hub's confirmed grid, with pending scans replayed on top.
final class JournalSyncTests: XCTestCase {
    var folder: String!
    let layout = try! ConferenceLayout.parse(
        yaml: """
            event: Test Open Spaces
            timezone: Europe/Prague
            freeze_minutes: 10
            rooms: [{ code: A, name: Room A }, { code: B, name: Room B }]
            days: [{ date: "2030-06-01", slots: ["10:00-11:00", "11:00-12:00"] }]
            """, file: "test.yaml")
    var now: Date { layout.instant(day: 1, at: ClockTime(hour: 8, minute: 0))! }
    let cellA = CellRef(day: 1, room: "A", start: ClockTime(hour: 10, minute: 0))
    let cellB = CellRef(day: 1, room: "B", start: ClockTime(hour: 10, minute: 0))

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("journal-sync-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func card(_ value: UInt32, _ title: String) -> Card { Card(id: CardID(value: value), title: title) }

    func commit(_ journal: BoardJournal, _ mutation: Mutation) throws {
        try journal.commit(mutation, context: .init(layout: layout, now: now, actor: .host))
    }

    func testAPullKeepsPendingScansShownAndDropsOnlyWhatTheHubApplied() throws {
        let journal = try BoardJournal(path: folder + "/j.sqlite")
        let mine = card(1, "Mine")
        try commit(journal, .registerCard(mine))
        try commit(journal, .place(mine.id, cellA))
        let before = try journal.syncState()
        XCTAssertNil(before.cookie)
        XCTAssertFalse(before.clientID.isEmpty)

        // The hub applied only the registration so far, and another board placed its card in B.
        let theirs = card(2, "Theirs")
        let applied = try journal.applyPull(
            .init(
                cookie: 4, reset: true, cards: [CardState(card: mine), CardState(card: theirs, cell: cellB)],
                blocks: [], lastMutationID: 1),
            layout: layout, now: now)
        XCTAssertEqual(applied.confirmed, 1)
        XCTAssertEqual(applied.pending, 1)
        XCTAssertEqual(try journal.outbox().map(\.id), [2])
        let shown = try journal.grid()
        XCTAssertEqual(shown.placements, [mine.id: cellA, theirs.id: cellB], "the pending place is replayed")
        let state = try journal.syncState()
        XCTAssertEqual(state.cookie, 4)
        XCTAssertEqual(state.lastMutationID, 1)
        XCTAssertEqual(state.confirmed.grid.placements, [theirs.id: cellB], "confirmed holds only the hub's word")
    }

    func testAPendingScanTheHubWillRefuseStaysInTheOutboxButIsNotShown() throws {
        let journal = try BoardJournal(path: folder + "/j.sqlite")
        let mine = card(1, "Mine")
        try commit(journal, .registerCard(mine))
        try commit(journal, .place(mine.id, cellA))
        let theirs = card(2, "Theirs")
        _ = try journal.applyPull(
            .init(
                cookie: 2, reset: true, cards: [CardState(card: mine), CardState(card: theirs, cell: cellA)],
                blocks: [], lastMutationID: 1),
            layout: layout, now: now)
        XCTAssertEqual(try journal.grid().occupants[cellA], theirs.id)
        XCTAssertEqual(try journal.outbox().count, 1, "the hub settles it: parked, never dropped here")
    }

    func testPatchesApplyOnTopAndAnOpenedCellDropsOut() throws {
        let journal = try BoardJournal(path: folder + "/j.sqlite")
        let theirs = card(2, "Theirs")
        _ = try journal.applyPull(
            .init(
                cookie: 1, reset: true, cards: [CardState(card: theirs)],
                blocks: [BlockState(cell: cellB, reason: "Closed")], lastMutationID: 0),
            layout: layout, now: now)
        XCTAssertEqual(try journal.grid().staffBlocks, [cellB: "Closed"])
        _ = try journal.applyPull(
            .init(
                cookie: 2, reset: false, cards: [CardState(card: theirs, cell: cellA)],
                blocks: [BlockState(cell: cellB, reason: nil)], lastMutationID: 0),
            layout: layout, now: now)
        let shown = try journal.grid()
        XCTAssertEqual(shown.staffBlocks, [:])
        XCTAssertEqual(shown.placements, [theirs.id: cellA])
    }

    func testACardTheHubSendsToThisPrinterIsQueuedOnce() throws {
        let journal = try BoardJournal(path: folder + "/j.sqlite")
        let sent = card(3, "From the desk")
        let patch = BoardJournal.PullPatch(
            cookie: 1, reset: true, cards: [CardState(card: sent)], blocks: [], lastMutationID: 0,
            prints: [(id: 9, card: sent.id)])
        XCTAssertEqual(try journal.applyPull(patch, layout: layout, now: now).queuedPrints, 1)
        XCTAssertEqual(try journal.applyPull(patch, layout: layout, now: now).queuedPrints, 0, "the same pull again")
        XCTAssertEqual(try PrintQueue(journal: journal).jobs().map(\.card), [sent])
    }

    func testANewJournalIsANewClient() throws {
        let first = try BoardJournal(path: folder + "/one.sqlite").syncState().clientID
        let second = try BoardJournal(path: folder + "/two.sqlite").syncState().clientID
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(try BoardJournal(path: folder + "/one.sqlite").syncState().clientID, first)
    }
}
