import BoardModel

/// Where everything goes on the panel, before any pixel is drawn; tests check layouts here.
public struct PanelPlan: Sendable, Equatable {
    public var size: Rect
    /// Rooms run across as columns (true) or down as rows (the transpose, for many rooms).
    public var roomsAsColumns: Bool
    public var header: TextBox
    public var clock: TextBox
    public var roomLabels: [TextBox]
    public var slotLabels: [TextBox]
    public var cells: [Cell]
    /// The slot running now (or next, before it starts), marked on the panel.
    public var currentSlot: ClockTime?
    public var status: TextBox
    public var statusRight: TextBox

    /// A line or lines of text placed in a box.
    public struct TextBox: Sendable, Equatable {
        public var rect: Rect
        public var lines: [String]
        public var style: TextStyle
        public var inverted: Bool
        /// Pixels between the box's left edge and the text.
        public var indent: Int
        /// Pixels from one line's top to the next's; nil uses the font's own line height.
        public var lineStep: Int?

        public init(
            rect: Rect, lines: [String], style: TextStyle, inverted: Bool = false, indent: Int = 0, lineStep: Int? = nil
        ) {
            self.rect = rect
            self.lines = lines
            self.style = style
            self.inverted = inverted
            self.indent = indent
            self.lineStep = lineStep
        }
    }

    /// One cell of the grid and what it shows.
    public struct Cell: Sendable, Equatable {
        public enum Content: Sendable, Equatable {
            case free
            case card(CardID, pending: Bool)
            case blocked(String)
            case past
        }

        public var cell: CellRef
        public var rect: Rect
        public var content: Content
        public var title: TextBox?
        public var host: TextBox?
    }
}

extension TextRenderer {
    /// Draws a planned text box: its lines from the box's top (one line centred in its height),
    /// each at the box's indent or, `centred`, in the middle of its width. An inverted box is drawn
    /// black on white and then inverted, which gives white on black.
    func draw(_ box: PanelPlan.TextBox, into frame: inout Bitmap, centred: Bool = false) {
        let lineHeight = lineHeight(style: box.style)
        let step = box.lineStep ?? lineHeight
        var y = box.lines.count == 1 ? box.rect.y + (box.rect.height - step) / 2 : box.rect.y
        for line in box.lines {
            var glyphs = Bitmap(width: box.rect.width, height: lineHeight)
            let x = centred ? max(0, (box.rect.width - width(of: line, style: box.style)) / 2) : box.indent
            draw(line, style: box.style, into: &glyphs, x: x, y: 0)
            frame.draw(glyphs, atX: box.rect.x, y: y)
            y += step
        }
        if box.inverted { frame.invert(box.rect) }
    }
}
