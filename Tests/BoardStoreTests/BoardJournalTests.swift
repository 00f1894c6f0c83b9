import BoardModel
import BoardStore
import Foundation
import XCTest

final class BoardJournalTests: XCTestCase {
    var folder: String!
    let layout = try! ConferenceLayout.parse(
        yaml: """
            event: Test Open Spaces
            timezone: Europe/Prague
            freeze_minutes: 10
            rooms: [{ code: A, name: Room A }, { code: B, name: Room B }]
            days: [{ date: "2030-06-01", slots: ["10:00-11:00", "11:00-12:00"] }]
            """, file: "test.yaml")

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    var context: Grid.Context {
        Grid.Context(layout: layout, now: layout.instant(day: 1, at: ClockTime(hour: 8, minute: 0))!, actor: .host)
    }

    let cellA = CellRef(day: 1, room: "A", start: ClockTime(hour: 10, minute: 0))
    let cellB = CellRef(day: 1, room: "B", start: ClockTime(hour: 10, minute: 0))

    func card(_ value: UInt32, _ title: String) -> Card { Card(id: CardID(value: value), title: title, host: "Host") }

    func testJournalUsesWALWithFullSync() throws {
        let journal = try BoardJournal(path: folder + "/j.sqlite")
        let durability = try journal.durability()
        XCTAssertEqual(durability.journalMode, "wal")
        XCTAssertEqual(durability.synchronous, 2, "synchronous=FULL")
    }

    func testCommittedStateSurvivesReopening() throws {
        let path = folder + "/j.sqlite"
        let first = card(1, "Packaging")
        let second = card(2, "Testing")
        do {
            let journal = try BoardJournal(path: path)
            try journal.commit(.registerCard(first), context: context)
            try journal.commit(.registerCard(second), context: context)
            try journal.commit(.place(first.id, cellA), context: context)
            try journal.commit(.place(second.id, cellB), context: context)
            var staff = context
            staff.actor = .staff("ANNA")
            try journal.commit(.placeOver(first.id, cellB), context: staff)
            try journal.commit(.block(cellA, reason: "Leak in the roof"), context: staff)
        }
        let grid = try BoardJournal(path: path).grid()
        XCTAssertEqual(grid.placements, [first.id: cellB])
        XCTAssertEqual(grid.parked, [second.id])
        XCTAssertEqual(grid.cards[second.id], second)
        XCTAssertEqual(grid.staffBlocks, [cellA: "Leak in the roof"])
    }

    func testEveryAcceptedMutationLandsInTheOutboxInOrder() throws {
        let journal = try BoardJournal(path: folder + "/j.sqlite")
        let first = card(1, "Packaging")
        let ids = [
            try journal.commit(.registerCard(first), context: context).outboxID,
            try journal.commit(.place(first.id, cellA), context: context).outboxID,
            try journal.commit(.move(first.id, to: cellB), context: context).outboxID,
        ]
        let outbox = try journal.outbox()
        XCTAssertEqual(outbox.map(\.id), ids)
        XCTAssertEqual(ids, ids.sorted())
        XCTAssertEqual(
            outbox.map(\.mutation), [.registerCard(first), .place(first.id, cellA), .move(first.id, to: cellB)])
        XCTAssertEqual(outbox.map(\.actor), [.host, .host, .host])
    }

    func testRefusedMutationWritesNothing() throws {
        let journal = try BoardJournal(path: folder + "/j.sqlite")
        let first = card(1, "Packaging")
        let second = card(2, "Testing")
        try journal.commit(.registerCard(first), context: context)
        try journal.commit(.registerCard(second), context: context)
        try journal.commit(.place(first.id, cellA), context: context)
        let before = try journal.grid()
        let outboxBefore = try journal.outbox()
        XCTAssertThrowsError(try journal.commit(.place(second.id, cellA), context: context)) { error in
            guard case BoardJournal.Failure.refused(.cellTaken(_, let title)) = error else {
                return XCTFail("expected a taken-cell refusal, got \(error)")
            }
            XCTAssertEqual(title, "Packaging")
        }
        XCTAssertEqual(try journal.grid(), before)
        XCTAssertEqual(try journal.outbox(), outboxBefore)
    }

    func testUnwritableLocationIsRefusedWithThePath() {
        XCTAssertThrowsError(try BoardJournal(path: folder + "/missing/folder/j.sqlite")) { error in
            XCTAssertTrue("\(error)".contains("missing/folder/j.sqlite"), "\(error)")
        }
    }
}
