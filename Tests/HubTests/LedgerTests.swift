import BoardModel
import Foundation
import SyncWire
import XCTest

@testable import Hub
@testable import Sync

/// The ledger settles pushed mutations the same way whatever the store.
final class LedgerTests: XCTestCase {
    let layout = HubFixture.layout
    var now: Date { HubFixture.morning }

    func testAppliesInIdOrderOnceAndStopsAtAGap() {
        let card = HubFixture.card("Rust")
        let batch = [
            HubFixture.pushed(2, .place(card.id, HubFixture.cell(0)), at: now),
            HubFixture.pushed(1, .registerCard(card), at: now),
            HubFixture.pushed(4, .remove(card.id), at: now),
        ]
        let outcome = Ledger.settle(batch, lastMutationID: 0, grid: Grid(), layout: layout, now: now)
        XCTAssertEqual(outcome.entries.map(\.mutationID), [1, 2])
        XCTAssertEqual(outcome.lastMutationID, 2)
        XCTAssertEqual(outcome.expectedID, 3)
        XCTAssertEqual(outcome.grid.placements[card.id], HubFixture.cell(0))

        let again = Ledger.settle(batch, lastMutationID: 2, grid: outcome.grid, layout: layout, now: now)
        XCTAssertEqual(again.entries.count, 0, "ids at or below the last applied one are skipped")
        XCTAssertEqual(again.expectedID, 3)
        XCTAssertFalse(again.changed)
    }

    func testATakenCellParksTheCardInsteadOfDroppingIt() {
        let first = HubFixture.card("First")
        let second = HubFixture.card("Second")
        var grid = Grid()
        grid.record(.cardAdded(first))
        grid.record(.cardAdded(second))
        grid.record(.placed(first.id, HubFixture.cell(0)))
        let outcome = Ledger.settle(
            [HubFixture.pushed(1, .place(second.id, HubFixture.cell(0)), at: now)], lastMutationID: 0, grid: grid,
            layout: layout, now: now)
        XCTAssertEqual(outcome.entries.first?.status, .parked)
        XCTAssertEqual(outcome.grid.parked, [second.id])
        XCTAssertEqual(outcome.grid.placements[first.id], HubFixture.cell(0))
        XCTAssertTrue(outcome.touchedCards.contains(second.id))
    }

    func testARefusedMoveLeavesTheCardWhereItWas() {
        let first = HubFixture.card("First")
        let second = HubFixture.card("Second")
        var grid = Grid()
        for card in [first, second] { grid.record(.cardAdded(card)) }
        grid.record(.placed(first.id, HubFixture.cell(0)))
        grid.record(.placed(second.id, HubFixture.cell(1)))
        let outcome = Ledger.settle(
            [HubFixture.pushed(1, .move(second.id, to: HubFixture.cell(0)), at: now)], lastMutationID: 0,
            grid: grid, layout: layout, now: now)
        XCTAssertEqual(outcome.entries.first?.status, .rejected)
        XCTAssertEqual(outcome.grid.placements[second.id], HubFixture.cell(1))
        XCTAssertTrue(outcome.grid.parked.isEmpty)
    }

    func testTheSameCardRegisteredTwiceIsApplied() {
        let card = HubFixture.card("Printed twice")
        var grid = Grid()
        grid.record(.cardAdded(card))
        let outcome = Ledger.settle(
            [HubFixture.pushed(1, .registerCard(card), at: now)], lastMutationID: 0, grid: grid, layout: layout,
            now: now)
        XCTAssertEqual(outcome.entries.first?.status, .applied)
        XCTAssertNil(outcome.entries.first?.reason)
    }

    func testABoardClockInTheFutureDoesNotDecide() {
        // The slot at 10:00 is over at 11:00; a board that claims it is 09:00 tomorrow cannot
        // place a card there after the hub's 11:30.
        let card = HubFixture.card("Late")
        var grid = Grid()
        grid.record(.cardAdded(card))
        let hubNow = layout.instant(day: 1, at: ClockTime(hour: 11, minute: 30))!
        let outcome = Ledger.settle(
            [HubFixture.pushed(1, .place(card.id, HubFixture.cell(0)), at: hubNow.addingTimeInterval(-9_000))],
            lastMutationID: 0, grid: grid, layout: layout, now: hubNow)
        XCTAssertEqual(outcome.entries.first?.status, .parked, "the rules are checked at most 30 min back")
    }
}
