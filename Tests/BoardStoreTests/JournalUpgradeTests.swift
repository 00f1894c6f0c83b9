import BoardModel
import Foundation
import GRDB
import XCTest

@testable import BoardStore

/// A journal written by the previous release (schema up to the print queue, before sync) opens
/// with this one: everything in it is kept, and the outbox still reaches the hub.
final class JournalUpgradeTests: XCTestCase {
    let layout = try! ConferenceLayout.parse(
        yaml: """
            event: Test Open Spaces
            timezone: Europe/Prague
            freeze_minutes: 10
            rooms: [{ code: A, name: Room A }, { code: B, name: Room B }]
            days: [{ date: "2030-06-01", slots: ["10:00-11:00", "11:00-12:00"] }]
            """, file: "test.yaml")

    func testAJournalFromBeforeSyncKeepsItsGridOutboxAndPrintQueue() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("upgrade-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/journal.sqlite"
        let card = Card(id: CardID(value: 42), title: "Written before the upgrade", host: "Old")
        let cell = CellRef(day: 1, room: "A", start: ClockTime(hour: 10, minute: 0))

        // The previous release's journal: its two migrations, a scan and a queued print.
        do {
            let old = try DatabaseQueue(path: path)
            try BoardJournal.migrator.migrate(old, upTo: "v2-print-queue")
            try old.write { db in
                try db.execute(
                    sql: "INSERT INTO card (id, title, host, contact, summary) VALUES (?, ?, ?, '', '')",
                    arguments: [card.id.text, card.title, card.host])
                try db.execute(
                    sql: "INSERT INTO placement (card_id, day, room, start) VALUES (?, 1, 'A', 600)",
                    arguments: [card.id.text])
                for mutation in [Mutation.registerCard(card), .place(card.id, cell)] {
                    try db.execute(
                        sql: "INSERT INTO outbox (mutation, actor, created_at) VALUES (?, ?, 0)",
                        arguments: [
                            String(decoding: try JSONEncoder().encode(mutation), as: UTF8.self),
                            String(decoding: try JSONEncoder().encode(Actor.host), as: UTF8.self),
                        ])
                }
                _ = try PrintQueue.insert(.card, card: card, at: Date(timeIntervalSince1970: 0), db)
            }
            let tables = try old.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master") }
            XCTAssertFalse(tables.contains("sync_state"), "the old schema has no sync state")
        }

        let journal = try BoardJournal(path: path)
        XCTAssertEqual(try journal.grid().placements, [card.id: cell])
        XCTAssertEqual(try journal.outbox().map(\.mutation), [.registerCard(card), .place(card.id, cell)])
        XCTAssertEqual(try PrintQueue(journal: journal).jobs().map(\.card), [card])
        let state = try journal.syncState()
        XCTAssertNil(state.cookie, "never synced")
        XCTAssertEqual(state.lastMutationID, 0, "everything in the outbox still goes to the hub")

        // The hub confirms both: the outbox empties and the grid stays as it was.
        let now = layout.instant(day: 1, at: ClockTime(hour: 8, minute: 0))!
        _ = try journal.applyPull(
            .init(cookie: 2, reset: true, cards: [CardState(card: card, cell: cell)], blocks: [], lastMutationID: 2),
            layout: layout, now: now)
        XCTAssertEqual(try journal.outbox().count, 0)
        XCTAssertEqual(try journal.grid().placements, [card.id: cell])
    }
}
