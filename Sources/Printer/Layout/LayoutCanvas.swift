import Render

/// Draws a printout top to bottom in one column: text lines, gaps, ruled lines and QR codes,
/// recording a box for each so the result describes itself.
struct LayoutCanvas {
    enum Alignment {
        case left
        case center
    }

    let renderer: TextRenderer
    var bitmap: Bitmap
    var boxes: [PrintLayout.Box] = []
    var qrCodes: [QRPlacement] = []
    var missingScalars: [Unicode.Scalar] = []
    /// The column drawn into: its left edge and width.
    var left: Int
    var columnWidth: Int
    /// The top of the next element.
    var y: Int

    init(renderer: TextRenderer, width: Int, height: Int, left: Int, columnWidth: Int, top: Int) {
        self.renderer = renderer
        self.bitmap = Bitmap(width: width, height: height)
        self.left = left
        self.columnWidth = columnWidth
        self.y = top
    }

    /// Draws `text` wrapped to the column in at most `maxLines` lines (the last ending in "…"
    /// when cut); blank text draws nothing.
    mutating func text(
        _ text: String, style: TextStyle, role: PrintLayout.Role, maxLines: Int, alignment: Alignment = .left
    ) {
        let lines = renderer.wrap(text, style: style, maxWidth: columnWidth, maxLines: maxLines)
        guard !lines.isEmpty else { return }
        for scalar in renderer.missingScalars(in: text, style: style) where !missingScalars.contains(scalar) {
            missingScalars.append(scalar)
        }
        let height = renderer.lineHeight(style: style)
        for line in lines {
            let width = min(renderer.width(of: line, style: style), columnWidth)
            let x = alignment == .center ? left + (columnWidth - width) / 2 : left
            renderer.draw(line, style: style, into: &bitmap, x: x, y: y)
            boxes.append(PrintLayout.Box(role: role, rect: Rect(x: x, y: y, width: width, height: height), text: line))
            y += height
        }
    }

    mutating func space(_ dots: Int) { y += dots }

    /// A line across the column to write on, `thickness` dots thick.
    mutating func rule(thickness: Int) {
        let rect = Rect(x: left, y: y, width: columnWidth, height: thickness)
        bitmap.fill(rect)
        boxes.append(PrintLayout.Box(role: .ruledLine, rect: rect))
        y += thickness
    }

    /// The QR code of `text` at level M, centred in the column, with whole-dot modules chosen so
    /// the symbol is at least `minimumSide` dots across, and the standard quiet zone.
    mutating func qrCode(_ text: String, minimumSide: Int) throws(PrintLayoutError) {
        let code: QRCode
        do {
            code = try QRCode(text, level: .medium)
        } catch {
            throw .qrEncoding(text: text, error)
        }
        let moduleSize = QRPlacement.moduleSize(for: code, minimumSide: minimumSide)
        let side = (code.size + 2 * QRPlacement.standardQuietZone) * moduleSize
        guard side <= columnWidth else {
            throw .qrDoesNotFit(text: text, neededDots: side, availableDots: columnWidth)
        }
        let placement = QRPlacement.draw(
            code, text: text, moduleSize: moduleSize, into: &bitmap, x: left + (columnWidth - side) / 2, y: y)
        qrCodes.append(placement)
        y += side
    }

    /// The printout cut to end `bottomPadding` dots below the last element.
    func finish(bottomPadding: Int) -> PrintLayout {
        let height = min(bitmap.height, y + bottomPadding)
        return PrintLayout(
            bitmap: bitmap.cropped(to: Rect(x: 0, y: 0, width: bitmap.width, height: height)), boxes: boxes,
            qrCodes: qrCodes, missingScalars: missingScalars)
    }
}
