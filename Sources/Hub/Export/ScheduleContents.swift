import BoardModel
import Foundation

/// What the exports publish, read once from one snapshot: every placed card with its room and
/// times (in slot order), and the cards waiting for a slot (in lane order).
struct ScheduleContents {
    /// A card in a cell of the layout, with everything an export writes about it.
    struct Session {
        let card: Card
        let cell: CellRef
        let room: ConferenceLayout.Room
        let day: ConferenceLayout.Day
        let slot: TimeSlot
        let interval: DateInterval
    }

    /// A cell closed for now, by the organisers' layout or by staff.
    struct BlockedCell {
        let cell: CellRef
        let reason: String
        let byStaff: Bool
    }

    let layout: ConferenceLayout
    let version: Int64
    let sessions: [Session]
    let parked: [Card]
    /// In slot order.
    let blocked: [BlockedCell]

    init(grid: Grid, version: Int64, layout: ConferenceLayout) {
        self.layout = layout
        self.version = version
        // A card whose cell left the layout (the organisers changed it) has no time to publish.
        sessions = grid.placements.compactMap { id, cell -> Session? in
            guard let card = grid.cards[id], let room = layout.room(cell.room), let day = layout.day(cell.day),
                let slot = layout.slot(of: cell), let interval = layout.interval(of: cell)
            else { return nil }
            return Session(card: card, cell: cell, room: room, day: day, slot: slot, interval: interval)
        }.sorted { $0.cell < $1.cell }
        parked = grid.parked.compactMap { grid.cards[$0] }
        blocked = layout.days.flatMap { layout.cells(onDay: $0.number) }.sorted().compactMap { cell in
            grid.blockReason(cell, layout: layout).map {
                BlockedCell(cell: cell, reason: $0, byStaff: grid.staffBlocks[cell] != nil)
            }
        }
    }
}
