/// An axis-aligned pixel rectangle, the unit of every clip, fill and layout cell in `Render`.
public struct Rect: Equatable, Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// One past the last column, so `x..<maxX` are the columns covered.
    public var maxX: Int { x + width }

    /// One past the last row, so `y..<maxY` are the rows covered.
    public var maxY: Int { y + height }

    /// True when the rectangle covers no pixel (zero or negative width or height).
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The rectangle shrunk by `amount` on every side (grown when negative); the size never
    /// goes below zero so an over-inset stays an empty rectangle at the centre.
    public func inset(by amount: Int) -> Rect {
        let newWidth = max(0, width - 2 * amount)
        let newHeight = max(0, height - 2 * amount)
        return Rect(
            x: x + (width - newWidth) / 2, y: y + (height - newHeight) / 2,
            width: newWidth, height: newHeight)
    }

    /// The pixels both rectangles cover, or nil when they do not overlap.
    public func intersection(_ other: Rect) -> Rect? {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        guard left < right, top < bottom else { return nil }
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }
}
