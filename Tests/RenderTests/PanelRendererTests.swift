import BoardModel
import Foundation
import XCTest

@testable import Render

/// Layout tests compare structure (cells, text boxes), not pixel hashes, so a font update or a
/// one-pixel nudge does not break them while a misplaced cell or lost title does.
final class PanelRendererTests: XCTestCase {
    static let text = try! TextRenderer()
    let renderer = PanelRenderer(text: PanelRendererTests.text)
    static let layoutPath =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/examples/conference.yaml").path
    let layout = try! ConferenceLayout.load(path: PanelRendererTests.layoutPath)

    func at(_ day: Int, _ hour: Int, _ minute: Int) -> Date {
        layout.instant(day: day, at: ClockTime(hour: hour, minute: minute))!
    }

    func state(_ grid: Grid = Grid(), now: Date? = nil, feedback: Feedback? = nil, pending: Set<CardID> = [])
        -> PanelState
    {
        let now = now ?? at(1, 9, 0)
        return PanelState(
            layout: layout, grid: grid, day: PanelState.dayToShow(layout, at: now), now: now, pendingCards: pending,
            status: .init(connection: "no hub", pendingCount: pending.count, lastFeedback: feedback))
    }

    func grid(with cards: [(Card, CellRef)]) throws -> Grid {
        var grid = Grid()
        let context = Grid.Context(layout: layout, now: at(1, 8, 0), actor: .host)
        for (card, cell) in cards {
            try grid.apply(.registerCard(card), in: context)
            try grid.apply(.place(card.id, cell), in: context)
        }
        return grid
    }

    func cell(_ room: String, _ hour: Int, day: Int = 1) -> CellRef {
        CellRef(day: day, room: room, start: ClockTime(hour: hour, minute: 0))
    }

    func testExampleDayHasOneCellPerRoomAndSlotInsideThePanelWithoutOverlaps() {
        let plan = renderer.plan(state())
        XCTAssertTrue(plan.roomsAsColumns)
        XCTAssertEqual(plan.cells.count, 8 * 8)
        XCTAssertEqual(plan.roomLabels.map { $0.lines.first ?? "" }.first, "Room 101")
        XCTAssertEqual(
            plan.slotLabels.map { $0.lines.first ?? "" },
            ["10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00"])
        for (index, cell) in plan.cells.enumerated() {
            XCTAssertNotNil(cell.rect.intersection(plan.size).map { $0 == cell.rect }, "\(cell.cell) leaves the panel")
            XCTAssertGreaterThanOrEqual(cell.rect.y, plan.header.rect.maxY)
            XCTAssertLessThanOrEqual(cell.rect.maxY, plan.status.rect.y)
            for other in plan.cells[(index + 1)...] {
                XCTAssertTrue(
                    cell.rect.intersection(other.rect)?.isEmpty ?? true, "\(cell.cell) overlaps \(other.cell)")
            }
        }
        let rooms = Set(plan.cells.filter { $0.cell.start == ClockTime(hour: 10, minute: 0) }.map { $0.rect.x })
        XCTAssertEqual(rooms.count, 8, "one column per room")
    }

    func testPlacedCardShowsTitleAndHostInsideItsCell() throws {
        let card = Card(id: CardID(value: 9), title: "Packaging pain: wheels, sdists and you", host: "Priya N.")
        let target = cell("R103", 11)
        let plan = renderer.plan(state(try grid(with: [(card, target)])))
        let planned = try XCTUnwrap(plan.cells.first { $0.cell == target })
        XCTAssertEqual(planned.content, .card(card.id, pending: false))
        let title = try XCTUnwrap(planned.title)
        let host = try XCTUnwrap(planned.host)
        XCTAssertEqual(title.rect.intersection(planned.rect), title.rect, "title box inside the cell")
        XCTAssertEqual(host.rect.intersection(planned.rect), host.rect, "host box inside the cell")
        XCTAssertLessThanOrEqual(title.rect.maxY, host.rect.y, "title above the host")
        XCTAssertEqual(title.lines.count, 2)
        XCTAssertEqual(title.lines[0], "Packaging")
        XCTAssertTrue(title.lines[1].hasSuffix("…"), "the rest is cut with an ellipsis: \(title.lines)")
        XCTAssertEqual(host.lines, ["Priya N."])
        for line in title.lines {
            XCTAssertLessThanOrEqual(Self.text.width(of: line, style: title.style), title.rect.width)
        }
        let frame = renderer.draw(plan)
        XCTAssertGreaterThan(frame.inkCount(in: title.rect), 40, "the title is drawn")
        XCTAssertGreaterThan(frame.inkCount(in: host.rect), 20, "the host is drawn")
        let inside = planned.rect.inset(by: 1)
        let emptyNeighbour = try XCTUnwrap(plan.cells.first { $0.cell == cell("R104", 11) })
        XCTAssertEqual(frame.inkCount(in: emptyNeighbour.rect.inset(by: 2)), 0, "nothing spills into the next cell")
        XCTAssertNotNil(frame.inkBounds(in: inside))
    }

    func testChineseTitleAndEmojiRenderOnThePanelAsGlyphs() throws {
        let chinese = Card(id: CardID(value: 10), title: "開放空間：Python 與教育", host: "林怡君")
        let emoji = Card(id: CardID(value: 11), title: "☕ Coffee 🐍", host: "Sam")
        let plan = renderer.plan(state(try grid(with: [(chinese, cell("GARDEN", 11)), (emoji, cell("R101", 12))])))
        for planned in plan.cells where planned.title != nil {
            let title = try XCTUnwrap(planned.title)
            for line in title.lines {
                XCTAssertEqual(Self.text.missingScalars(in: line, style: title.style), [], "\(line) has no glyph")
            }
        }
        let frame = renderer.draw(plan)
        let garden = try XCTUnwrap(plan.cells.first { $0.cell == cell("GARDEN", 11) }?.title)
        XCTAssertGreaterThan(frame.inkCount(in: garden.rect), 80)
    }

    func testCurrentSlotIsMarkedAndFollowsTheClock() {
        let during = renderer.plan(state(now: at(1, 10, 20)))
        XCTAssertEqual(during.currentSlot, ClockTime(hour: 10, minute: 0))
        XCTAssertEqual(during.slotLabels.filter(\.inverted).map { $0.lines[0] }, ["10:00"])
        let later = renderer.plan(state(now: at(1, 13, 59)))
        XCTAssertEqual(later.currentSlot, ClockTime(hour: 13, minute: 0))
        let before = renderer.plan(state(now: at(1, 8, 30)))
        XCTAssertEqual(before.currentSlot, ClockTime(hour: 10, minute: 0), "the next slot before the day starts")
        let evening = renderer.plan(state(now: at(1, 19, 0)))
        XCTAssertNil(evening.currentSlot)
        XCTAssertTrue(evening.slotLabels.allSatisfy { !$0.inverted })
        let frame = renderer.draw(during)
        let label = during.slotLabels[0]
        XCTAssertGreaterThan(frame.inkCount(in: label.rect), label.rect.width * label.rect.height / 2, "inverted label")
    }

    func testBlockedAndPastCellsAreMarked() throws {
        let plan = renderer.plan(state(now: at(1, 11, 30)))
        let blocked = try XCTUnwrap(plan.cells.first { $0.cell == cell("R201", 13) })
        XCTAssertEqual(blocked.content, .blocked("Sponsor workshop"))
        let past = try XCTUnwrap(plan.cells.first { $0.cell == cell("R101", 10) })
        XCTAssertEqual(past.content, .past)
        let free = try XCTUnwrap(plan.cells.first { $0.cell == cell("R101", 12) })
        XCTAssertEqual(free.content, .free)
        let frame = renderer.draw(plan)
        XCTAssertGreaterThan(frame.inkCount(in: blocked.rect.inset(by: 2)), 200, "hatched")
        XCTAssertEqual(frame.inkCount(in: free.rect.inset(by: 2)), 0, "a free cell is blank")
    }

    func testStatusLineShowsLastScanPendingChangesAndParkedCards() throws {
        let card = Card(id: CardID(value: 12), title: "Parked one")
        var grid = try grid(with: [(card, cell("R101", 12))])
        let other = Card(id: CardID(value: 13), title: "Staff's")
        let staff = Grid.Context(layout: layout, now: at(1, 9, 0), actor: .staff("ANNA"))
        try grid.apply(.registerCard(other), in: staff)
        try grid.apply(.placeOver(other.id, cell("R101", 12)), in: staff)
        let plan = renderer.plan(
            state(grid, feedback: Feedback(.refused, "That slot is taken"), pending: [other.id]))
        XCTAssertEqual(plan.status.lines, ["✘ That slot is taken"])
        XCTAssertEqual(plan.statusRight.lines, ["Needs a slot: Parked one · no hub · 1 pending"])
        XCTAssertLessThanOrEqual(plan.status.rect.maxX, plan.statusRight.rect.x)
        let staffCell = try XCTUnwrap(plan.cells.first { $0.cell == cell("R101", 12) })
        XCTAssertEqual(staffCell.content, .card(other.id, pending: true))
    }

    func testManyRoomsAndFewSlotsAreTransposed() throws {
        let rooms = (1...14).map { "{ code: R\($0), name: Room \($0) }" }.joined(separator: ", ")
        let wide = try ConferenceLayout.parse(
            yaml: """
                event: Wide
                timezone: UTC
                rooms: [\(rooms)]
                days: [{ date: "2030-01-01", slots: ["10:00-11:00", "11:00-12:00", "13:00-14:00", "14:00-15:00"] }]
                """, file: "wide.yaml")
        let now = wide.instant(day: 1, at: ClockTime(hour: 9, minute: 0))!
        let plan = renderer.plan(
            PanelState(
                layout: wide, grid: Grid(), day: 1, now: now,
                status: .init(connection: "", pendingCount: 0, lastFeedback: nil)))
        XCTAssertFalse(plan.roomsAsColumns)
        XCTAssertEqual(plan.cells.count, 56)
        let firstSlot = plan.cells.filter { $0.cell.start == ClockTime(hour: 10, minute: 0) }
        XCTAssertEqual(Set(firstSlot.map { $0.rect.x }).count, 1, "a slot is a column")
        XCTAssertEqual(Set(firstSlot.map { $0.rect.y }).count, 14, "rooms are rows")
    }

    func testFrameIsThePanelsSizeAndPacked() {
        let frame = renderer.render(state())
        XCTAssertEqual(frame.width, 800)
        XCTAssertEqual(frame.height, 480)
        XCTAssertEqual(frame.bytes.count, 800 / 8 * 480)
    }
}
