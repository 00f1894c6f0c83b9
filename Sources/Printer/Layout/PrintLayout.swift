import Render

/// A rendered printout together with where its parts are, so tests and tools can check a layout
/// (text inside the paper, QR size and quiet zone) without comparing pixels.
public struct PrintLayout: Sendable {
    /// What a box on the printout holds.
    public enum Role: String, Sendable, Hashable {
        case title
        case summary
        case host
        case contact
        /// The card id in plain text, for typing when a scanner fails.
        case cardID
        /// A printed caption: "Title", "Host", or a hint line.
        case caption
        /// A line to write on by hand.
        case ruledLine
        /// One slot label on a sheet, its whole area.
        case label
        case roomName
        case day
        case time
        /// A slot label's code in plain text.
        case slotCode
    }

    /// One drawn element: a line of text, a ruled line or a label's area.
    public struct Box: Equatable, Sendable {
        public var role: Role
        public var rect: Rect
        /// The text drawn there; for a label, its cell code; empty for ruled lines.
        public var text: String

        public init(role: Role, rect: Rect, text: String = "") {
            self.role = role
            self.rect = rect
            self.text = text
        }
    }

    public var bitmap: Bitmap
    public var boxes: [Box]
    public var qrCodes: [QRPlacement]
    /// Scalars in the text that no installed font draws (they print as boxes); empty when all
    /// text, CJK and emoji included, has glyphs.
    public var missingScalars: [Unicode.Scalar]

    public init(bitmap: Bitmap, boxes: [Box] = [], qrCodes: [QRPlacement] = [], missingScalars: [Unicode.Scalar] = []) {
        self.bitmap = bitmap
        self.boxes = boxes
        self.qrCodes = qrCodes
        self.missingScalars = missingScalars
    }

    /// The boxes with `role`, top to bottom as drawn.
    public func boxes(_ role: Role) -> [Box] { boxes.filter { $0.role == role } }
}
