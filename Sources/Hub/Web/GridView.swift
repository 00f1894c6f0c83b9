import BoardModel
import Foundation

/// The grid as the web page and the kiosk show it: a section per day with rooms as columns and
/// slots as rows, and the "needs a slot" lane. Names are unique across levels because Mustache
/// looks a missing name up in the enclosing views.
struct GridView {
    struct Day {
        let dayNumber: Int
        let dayLabel: String
        let dayDate: String
        let roomHeads: [RoomHead]
        let rows: [Row]
    }

    struct RoomHead {
        let roomName: String
    }

    struct Row {
        let time: String
        let isNow: Bool
        let isPast: Bool
        let cells: [Cell]
    }

    /// One room at one slot: a card, a closed cell, or a free one.
    struct Cell {
        let slotCode: String
        let cellRoom: String
        let hasCard: Bool
        let cardID: String
        let cardTitle: String
        let cardHost: String
        let hasCardHost: Bool
        let isBlank: Bool
        let isBlocked: Bool
        let blockReason: String
        let isFree: Bool
    }

    /// A card waiting in the lane.
    struct Waiting {
        let waitingID: String
        let waitingTitle: String
        let waitingHost: String
        let hasWaitingHost: Bool
    }

    let version: Int64
    /// Where the page's script fetches this grid again: the page's own path with `?fragment=grid`.
    let fragmentPath: String
    /// How often the script fetches the grid even without a poke (0: never), so the kiosk's
    /// "now" mark moves on.
    let refreshSeconds: Int
    let days: [Day]
    let hasDays: Bool
    let waiting: [Waiting]
    let hasWaiting: Bool

    /// - Parameter dayNumbers: the days to show, in layout order; all when nil.
    init(
        grid: Grid, version: Int64, layout: ConferenceLayout, now: Date, dayNumbers: [Int]? = nil,
        fragmentPath: String, refreshSeconds: Int = 0
    ) {
        self.version = version
        self.fragmentPath = fragmentPath
        self.refreshSeconds = refreshSeconds
        let shown = layout.days.filter { dayNumbers?.contains($0.number) ?? true }
        days = shown.map { Self.day($0, grid: grid, layout: layout, now: now) }
        hasDays = !days.isEmpty
        waiting = grid.parked.compactMap { grid.cards[$0] }.map { card in
            Waiting(
                waitingID: card.id.text, waitingTitle: card.displayTitle, waitingHost: card.host,
                hasWaitingHost: !card.host.isEmpty)
        }
        hasWaiting = !waiting.isEmpty
    }

    private static func day(_ day: ConferenceLayout.Day, grid: Grid, layout: ConferenceLayout, now: Date) -> Day {
        let rows = day.slots.map { slot -> Row in
            let interval = layout.instant(of: day.date, at: slot.start).flatMap { start in
                layout.instant(of: day.date, at: slot.end).map { DateInterval(start: start, end: max(start, $0)) }
            }
            let cells = layout.rooms.map { room in
                cell(
                    CellRef(day: day.number, room: room.code, start: slot.start), room: room, grid: grid, layout: layout
                )
            }
            return Row(
                time: "\(slot.start)–\(slot.end)", isNow: interval.map { $0.start <= now && now < $0.end } ?? false,
                isPast: interval.map { $0.end <= now } ?? false, cells: cells)
        }
        return Day(
            dayNumber: day.number, dayLabel: day.label, dayDate: day.date.description,
            roomHeads: layout.rooms.map { RoomHead(roomName: $0.name) }, rows: rows)
    }

    private static func cell(_ cell: CellRef, room: ConferenceLayout.Room, grid: Grid, layout: ConferenceLayout)
        -> Cell
    {
        let card = grid.card(at: cell)
        let reason = card == nil ? grid.blockReason(cell, layout: layout) : nil
        return Cell(
            slotCode: cell.code, cellRoom: room.name, hasCard: card != nil, cardID: card?.id.text ?? "",
            cardTitle: card?.displayTitle ?? "", cardHost: card?.host ?? "", hasCardHost: !(card?.host.isEmpty ?? true),
            isBlank: card?.title.isEmpty ?? false, isBlocked: reason != nil, blockReason: reason ?? "",
            isFree: card == nil && reason == nil)
    }
}

/// The live grid page (`/`) and the kiosk view around a grid.
struct GridPageView {
    let head: PageHead
    let eventName: String
    let grid: GridView
}
