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
