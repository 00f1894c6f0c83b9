/// Size and weight of a run of text drawn by `TextRenderer`.
public struct TextStyle: Hashable, Sendable {
    /// Em size in pixels (FreeType's pixel size); values below 1 are drawn at 1.
    public var pixelSize: Int
    /// Picks the family's bold face; fallback fonts without one are drawn regular.
    public var bold: Bool

    public init(pixelSize: Int, bold: Bool = false) {
        self.pixelSize = pixelSize
        self.bold = bold
    }
}
