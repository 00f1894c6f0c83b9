import BoardModel
import Foundation

/// Lays out and draws the live grid for an e-paper panel (800x480 for the Waveshare 7.5" V2).
public struct PanelRenderer: Sendable {
    public let width: Int
    public let height: Int
    public let text: TextRenderer

    /// Heights and widths in pixels, chosen for legibility at arm's length on a 7.5" panel.
    enum Metrics {
        static let headerHeight = 30
        static let statusHeight = 26
        static let labelBand = 22
        static let timeColumn = 58
        static let roomColumn = 96
        static let padding = 3
        static let cellPadding = 2
        /// Side of the triangle that marks a card not yet confirmed by the hub.
        static let pendingMark = 9
        static let title = TextStyle(pixelSize: 13, bold: true)
        /// Tighter than the font's own line height (17 px for DejaVu at 13 px), so two title lines fit.
        static let titleLineStep = 15
        static let host = TextStyle(pixelSize: 11, bold: false)
        static let label = TextStyle(pixelSize: 13, bold: true)
        static let header = TextStyle(pixelSize: 18, bold: true)
        static let status = TextStyle(pixelSize: 14, bold: false)
        static let statusGap = 16
        static let parkedLaneWidth = 280
    }

    public init(width: Int = 800, height: Int = 480, text: TextRenderer) {
        self.width = width
        self.height = height
        self.text = text
    }

    /// Renders the state into a 1-bit frame.
    public func render(_ state: PanelState) -> Bitmap {
        draw(plan(state))
    }

    /// Decides where every cell, label and line of text goes.
    public func plan(_ state: PanelState) -> PanelPlan {
        let layout = state.layout
        let day = layout.day(state.day) ?? layout.days[0]
        let rooms = layout.rooms
        let slots = day.slots
        let gridTop = Metrics.headerHeight
        let gridBottom = height - Metrics.statusHeight
        // Rooms as columns unless the transpose gives each cell more width for its title.
        let columnsWidth = (width - Metrics.timeColumn) / max(1, rooms.count)
        let rowsWidth = (width - Metrics.roomColumn) / max(1, slots.count)
        let roomsAsColumns = columnsWidth >= rowsWidth
        let leadWidth = roomsAsColumns ? Metrics.timeColumn : Metrics.roomColumn
        let across = roomsAsColumns ? rooms.count : slots.count
        let down = roomsAsColumns ? slots.count : rooms.count
        let bodyTop = gridTop + Metrics.labelBand
        let cellWidth = (width - leadWidth) / max(1, across)
        let cellHeight = (gridBottom - bodyTop) / max(1, down)

        func column(_ index: Int) -> Rect {
            Rect(x: leadWidth + index * cellWidth, y: gridTop, width: cellWidth, height: Metrics.labelBand)
        }
        func row(_ index: Int) -> Rect {
            Rect(x: 0, y: bodyTop + index * cellHeight, width: leadWidth, height: cellHeight)
        }

        let current = currentSlot(of: day, at: state.now, layout: layout)
        var roomLabels: [PanelPlan.TextBox] = []
        var slotLabels: [PanelPlan.TextBox] = []
        for (index, room) in rooms.enumerated() {
            let rect = roomsAsColumns ? column(index) : row(index)
            roomLabels.append(label(room.name, in: rect, inverted: false))
        }
        for (index, slot) in slots.enumerated() {
            let rect = roomsAsColumns ? row(index) : column(index)
            slotLabels.append(label(slot.start.description, in: rect, inverted: slot.start == current))
        }

        var cells: [PanelPlan.Cell] = []
        for (slotIndex, slot) in slots.enumerated() {
            for (roomIndex, room) in rooms.enumerated() {
                let ref = CellRef(day: day.number, room: room.code, start: slot.start)
                let across = roomsAsColumns ? roomIndex : slotIndex
                let down = roomsAsColumns ? slotIndex : roomIndex
                let rect = Rect(
                    x: leadWidth + across * cellWidth, y: bodyTop + down * cellHeight, width: cellWidth,
                    height: cellHeight)
                cells.append(self.cell(ref, in: rect, state: state))
            }
        }

        let headerRect = Rect(x: 0, y: 0, width: width, height: Metrics.headerHeight)
        let clockText = "\(day.label) \(day.date)  \(layout.clockTime(at: state.now))"
        let clockWidth = text.width(of: clockText, style: Metrics.header) + 2 * Metrics.padding
        let header = PanelPlan.TextBox(
            rect: Rect(x: 0, y: 0, width: width - clockWidth, height: Metrics.headerHeight),
            lines: [
                text.truncate(
                    layout.eventName, style: Metrics.header, maxWidth: width - clockWidth - 4 * Metrics.padding)
            ],
            style: Metrics.header, inverted: true, indent: Metrics.padding)
        let clock = PanelPlan.TextBox(
            rect: Rect(x: headerRect.maxX - clockWidth, y: 0, width: clockWidth, height: Metrics.headerHeight),
            lines: [clockText], style: Metrics.header, inverted: true, indent: Metrics.padding)

        let (statusLeft, statusRight) = statusTexts(state)
        let rightWidth = text.width(of: statusRight, style: Metrics.status) + 2 * Metrics.padding
        let statusY = height - Metrics.statusHeight
        let status = PanelPlan.TextBox(
            rect: Rect(x: 0, y: statusY, width: width - rightWidth, height: Metrics.statusHeight),
            lines: [
                text.truncate(
                    statusLeft, style: Metrics.status,
                    maxWidth: width - rightWidth - 2 * Metrics.padding - Metrics.statusGap)
            ],
            style: Metrics.status, indent: Metrics.padding)
        let right = PanelPlan.TextBox(
            rect: Rect(x: width - rightWidth, y: statusY, width: rightWidth, height: Metrics.statusHeight),
            lines: [statusRight], style: Metrics.status, indent: Metrics.padding)

        return PanelPlan(
            size: Rect(x: 0, y: 0, width: width, height: height), roomsAsColumns: roomsAsColumns, header: header,
            clock: clock, roomLabels: roomLabels, slotLabels: slotLabels, cells: cells, currentSlot: current,
            status: status, statusRight: right)
    }

    /// The slot running now, or the next one when between slots; nil on another day.
    func currentSlot(of day: ConferenceLayout.Day, at now: Date, layout: ConferenceLayout) -> ClockTime? {
        guard layout.dayNumber(at: now) == day.number else { return nil }
        let time = layout.clockTime(at: now)
        return day.slots.first { time < $0.end }?.start
    }

    private func label(_ value: String, in rect: Rect, inverted: Bool) -> PanelPlan.TextBox {
        let inner = rect.inset(by: Metrics.padding)
        return PanelPlan.TextBox(
            rect: rect, lines: [text.truncate(value, style: Metrics.label, maxWidth: inner.width)],
            style: Metrics.label,
            inverted: inverted)
    }

    private func cell(_ ref: CellRef, in rect: Rect, state: PanelState) -> PanelPlan.Cell {
        let inner = rect.inset(by: Metrics.cellPadding)
        if let card = state.grid.card(at: ref) {
            let hostLines = card.host.isEmpty ? 0 : 1
            let titleRoom = (inner.height - hostLines * text.lineHeight(style: Metrics.host))
            let titleLines = max(1, titleRoom / Metrics.titleLineStep)
            let lines = text.wrap(card.displayTitle, style: Metrics.title, maxWidth: inner.width, maxLines: titleLines)
            let titleBox = PanelPlan.TextBox(
                rect: Rect(x: inner.x, y: inner.y, width: inner.width, height: lines.count * Metrics.titleLineStep),
                lines: lines, style: Metrics.title, lineStep: Metrics.titleLineStep)
            var hostBox: PanelPlan.TextBox?
            if hostLines > 0 {
                let hostHeight = text.lineHeight(style: Metrics.host)
                hostBox = PanelPlan.TextBox(
                    rect: Rect(x: inner.x, y: inner.maxY - hostHeight, width: inner.width, height: hostHeight),
                    lines: [text.truncate(card.host, style: Metrics.host, maxWidth: inner.width - Metrics.pendingMark)],
                    style: Metrics.host)
            }
            return .init(
                cell: ref, rect: rect, content: .card(card.id, pending: state.pendingCards.contains(card.id)),
                title: titleBox, host: hostBox)
        }
        if let reason = state.grid.blockReason(ref, layout: state.layout) {
            return .init(cell: ref, rect: rect, content: .blocked(reason), title: nil, host: nil)
        }
        if let interval = state.layout.interval(of: ref), interval.end <= state.now {
            return .init(cell: ref, rect: rect, content: .past, title: nil, host: nil)
        }
        return .init(cell: ref, rect: rect, content: .free, title: nil, host: nil)
    }

    private func statusTexts(_ state: PanelState) -> (String, String) {
        var left = "Scan your card, then a free slot"
        if let feedback = state.status.lastFeedback { left = feedback.statusLine }
        var right = state.status.connection
        if state.status.pendingCount > 0 { right += " · \(state.status.pendingCount) pending" }
        // Parked cards have no cell to show them, so the status line names them.
        let parked = state.grid.parked.compactMap { state.grid.cards[$0]?.displayTitle }
        if !parked.isEmpty {
            let lane = "Needs a slot: " + parked.joined(separator: ", ")
            right = text.truncate(lane, style: Metrics.status, maxWidth: Metrics.parkedLaneWidth) + " · " + right
        }
        return (left, right)
    }

    /// Draws a plan; kept apart from `plan` so layouts are testable without pixels.
    public func draw(_ plan: PanelPlan) -> Bitmap {
        var frame = Bitmap(width: width, height: height)
        text.draw(plan.header, into: &frame)
        text.draw(plan.clock, into: &frame)
        for box in plan.roomLabels + plan.slotLabels { text.draw(box, into: &frame, centred: true) }
        for cell in plan.cells {
            switch cell.content {
            case .blocked: frame.hatch(cell.rect.inset(by: 2), spacing: 6)
            case .past:
                frame.dither(Rect(x: cell.rect.x + 2, y: cell.rect.maxY - 4, width: cell.rect.width - 4, height: 2))
            case .card(_, let pending):
                if pending {
                    // A small black triangle in the bottom corner, beside the host line, which leaves
                    // room for it: changed here, not yet confirmed by the hub.
                    let size = Metrics.pendingMark
                    for step in 0..<size {
                        frame.fill(
                            Rect(
                                x: cell.rect.maxX - 1 - step, y: cell.rect.maxY - size - 1 + step, width: step,
                                height: 1))
                    }
                }
            case .free: break
            }
            if let title = cell.title { text.draw(title, into: &frame) }
            if let host = cell.host { text.draw(host, into: &frame) }
        }
        // Grid lines after the content, so nothing overdraws them.
        for cell in plan.cells { frame.strokeRect(cell.rect) }
        for box in plan.roomLabels + plan.slotLabels { frame.strokeRect(box.rect) }
        frame.fill(Rect(x: 0, y: plan.status.rect.y, width: width, height: 2))
        if let current = plan.currentSlot, let label = plan.slotLabels.first(where: { $0.inverted }) {
            let band = plan.cells.filter { $0.cell.start == current }.map(\.rect).reduce(label.rect, union)
            frame.strokeRect(band, thickness: 3)
        }
        text.draw(plan.status, into: &frame)
        text.draw(plan.statusRight, into: &frame)
        return frame
    }

    private func union(_ a: Rect, _ b: Rect) -> Rect {
        let x = min(a.x, b.x)
        let y = min(a.y, b.y)
        return Rect(x: x, y: y, width: max(a.maxX, b.maxX) - x, height: max(a.maxY, b.maxY) - y)
    }
}
