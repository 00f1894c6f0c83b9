import BoardModel
import Render

/// The slot labels for the physical board, printed on an office printer: A4 pages of labels, one
/// per room and slot of every day, each with the cell's QR code and the room, day and time in
/// words. The grid is the common 3 x 7 label sheet (63.5 x 38.1 mm labels, as Avery L7160), so
/// the pages print on sticker sheets or on plain paper cut along the dotted guides.
public struct SlotLabelSheet: Sendable {
    /// Sheet geometry in millimetres: A4 (ISO 216) and the 3 x 7 label layout on it.
    public enum Geometry {
        public static let pageWidth = 210.0
        public static let pageHeight = 297.0
        public static let columns = 3
        public static let rows = 7
        public static let labelWidth = 63.5
        public static let labelHeight = 38.1
        public static let columnGap = 2.5
        public static let leftMargin = 7.25
        public static let topMargin = 15.15
        /// Kept clear inside each label, so a slightly shifted print stays on the sticker.
        public static let labelPadding = 2.0
    }

    /// Labels on one page.
    public static let labelsPerPage = Geometry.columns * Geometry.rows

    public let conference: ConferenceLayout
    public let codes: ScanCodeFormat
    public let renderer: TextRenderer
    /// Page resolution; 150 or 200 dpi keep QR modules sharp on any office printer.
    public let dotsPerInch: Int

    public init(conference: ConferenceLayout, codes: ScanCodeFormat, renderer: TextRenderer, dotsPerInch: Int = 200) {
        precondition(dotsPerInch >= 100, "Slot labels need at least 100 dpi for readable QR codes")
        self.conference = conference
        self.codes = codes
        self.renderer = renderer
        self.dotsPerInch = dotsPerInch
    }

    /// Every cell of every day, day by day, slot by slot, room by room: one label each.
    public var cells: [CellRef] { conference.days.flatMap { conference.cells(onDay: $0.number) } }

    /// The pages as bitmaps (set bit = black), A4 at `dotsPerInch`.
    public func render() throws(PrintLayoutError) -> [Bitmap] {
        try pages().map(\.bitmap)
    }

    /// The pages as PNG files' bytes, ready to write and print at 100% scale.
    public func pngPages() throws -> [[UInt8]] {
        try render().map { try PNG.encode($0) }
    }

    /// The pages drawn, each with a `.label` box per cell (its text the cell code), the text
    /// boxes and the QR placements.
    public func pages() throws(PrintLayoutError) -> [PrintLayout] {
        let cells = cells
        var pages: [PrintLayout] = []
        var start = 0
        while start < cells.count {
            let end = min(cells.count, start + Self.labelsPerPage)
            pages.append(try page(Array(cells[start..<end])))
            start = end
        }
        return pages
    }

    private func page(_ cells: [CellRef]) throws(PrintLayoutError) -> PrintLayout {
        let padding = dots(Geometry.labelPadding)
        var canvas = LayoutCanvas(
            renderer: renderer, width: dots(Geometry.pageWidth), height: dots(Geometry.pageHeight), left: 0,
            columnWidth: 0, top: 0)
        for (index, cell) in cells.enumerated() {
            let column = index % Geometry.columns
            let row = index / Geometry.columns
            let label = Rect(
                x: dots(Geometry.leftMargin + Double(column) * (Geometry.labelWidth + Geometry.columnGap)),
                y: dots(Geometry.topMargin + Double(row) * Geometry.labelHeight),
                width: dots(Geometry.labelWidth), height: dots(Geometry.labelHeight))
            canvas.boxes.append(PrintLayout.Box(role: .label, rect: label, text: cell.code))
            Self.drawCutGuide(around: label, on: &canvas.bitmap)
            let qrSide = try drawCode(for: cell, in: label.inset(by: padding), on: &canvas)
            canvas.left = label.x + padding + qrSide
            canvas.columnWidth = label.width - 2 * padding - qrSide
            canvas.y = label.y + padding
            drawText(for: cell, on: &canvas)
        }
        return PrintLayout(
            bitmap: canvas.bitmap, boxes: canvas.boxes, qrCodes: canvas.qrCodes, missingScalars: canvas.missingScalars)
    }

    /// The cell's QR code at the left of `area`, vertically centred, with the largest whole
    /// module size that fits the label's height; returns its side with the quiet zone.
    private func drawCode(for cell: CellRef, in area: Rect, on canvas: inout LayoutCanvas) throws(PrintLayoutError)
        -> Int
    {
        let text = codes.code(for: cell)
        let code: QRCode
        do {
            code = try QRCode(text, level: .medium)
        } catch {
            throw .qrEncoding(text: text, error)
        }
        let modulesAcross = code.size + 2 * QRPlacement.standardQuietZone
        let moduleSize = area.height / modulesAcross
        // Two dots per module is the least an office printer reproduces reliably.
        guard moduleSize >= 2 else {
            throw .qrDoesNotFit(text: text, neededDots: modulesAcross * 2, availableDots: area.height)
        }
        let side = modulesAcross * moduleSize
        canvas.qrCodes.append(
            QRPlacement.draw(
                code, text: text, moduleSize: moduleSize, into: &canvas.bitmap, x: area.x,
                y: area.y + (area.height - side) / 2))
        return side
    }

    /// Room name, day, time and the code in plain text, in the column right of the QR code.
    private func drawText(for cell: CellRef, on canvas: inout LayoutCanvas) {
        let roomName = conference.room(cell.room)?.name ?? cell.room
        let day = conference.day(cell.day)
        let dayText = day.map { $0.label.isEmpty ? $0.date.description : $0.label } ?? "Day \(cell.day)"
        let end = conference.slot(of: cell)?.end
        let timeText = end.map { "\(cell.start)–\($0)" } ?? cell.start.description
        canvas.text(roomName, style: style(millimetres: 4, bold: true), role: .roomName, maxLines: 3)
        canvas.space(dots(1))
        canvas.text(dayText, style: style(millimetres: 3), role: .day, maxLines: 1)
        canvas.text(timeText, style: style(millimetres: 3.5, bold: true), role: .time, maxLines: 1)
        canvas.space(dots(1))
        canvas.text(cell.code, style: style(millimetres: 2.5), role: .slotCode, maxLines: 1)
    }

    /// Dashes along the label's edge: a cutting line on plain paper, faint on a sticker sheet.
    private static func drawCutGuide(around label: Rect, on bitmap: inout Bitmap) {
        let dash = 4
        var x = label.x
        while x < label.maxX {
            let width = min(dash, label.maxX - x)
            bitmap.fill(Rect(x: x, y: label.y, width: width, height: 1))
            bitmap.fill(Rect(x: x, y: label.maxY - 1, width: width, height: 1))
            x += 2 * dash
        }
        var y = label.y
        while y < label.maxY {
            let height = min(dash, label.maxY - y)
            bitmap.fill(Rect(x: label.x, y: y, width: 1, height: height))
            bitmap.fill(Rect(x: label.maxX - 1, y: y, width: 1, height: height))
            y += 2 * dash
        }
    }

    private func style(millimetres: Double, bold: Bool = false) -> TextStyle {
        TextStyle(pixelSize: dots(millimetres), bold: bold)
    }

    /// Pixels for a length at the sheet's resolution.
    private func dots(_ millimetres: Double) -> Int {
        Int((millimetres * Double(dotsPerInch) / 25.4).rounded())
    }
}
