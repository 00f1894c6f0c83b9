import Render

extension Rect {
    /// The rectangle grown sideways to whole bytes of eight pixels, the smallest unit the UC8179
    /// addresses horizontally (and the unit of a packed `Bitmap` row).
    func widenedToByteBoundaries() -> Rect {
        // Shifts floor toward negative infinity, so a left edge left of zero stays covered.
        let left = (x >> 3) << 3
        let right = ((maxX + 7) >> 3) << 3
        return Rect(x: left, y: y, width: right - left, height: height)
    }
}
