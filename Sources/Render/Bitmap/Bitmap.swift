/// A 1-bit image packed eight pixels to a byte, most significant bit first, a set bit being ink;
/// the layout panels and printers take as is, so frames never need a separate packing pass.
///
/// Invariant: the padding bits at the end of each row are always clear, so two bitmaps showing
/// the same pixels compare equal and ink counts need no masking.
public struct Bitmap: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// Row stride of `bytes`: `(width + 7) / 8`.
    public let bytesPerRow: Int
    /// The packed pixels, `bytesPerRow * height` bytes, rows top to bottom.
    public private(set) var bytes: [UInt8]

    /// A white bitmap of the given size.
    public init(width: Int, height: Int) {
        precondition(width >= 0 && height >= 0, "Bitmap size must not be negative: \(width)x\(height)")
        self.width = width
        self.height = height
        self.bytesPerRow = (width + 7) / 8
        self.bytes = [UInt8](repeating: 0, count: bytesPerRow * height)
    }

    /// Adopts already packed rows (glyph images from FreeType); the caller guarantees the
    /// stride and clear padding bits.
    init(width: Int, height: Int, packedBytes: [UInt8]) {
        precondition(packedBytes.count == (width + 7) / 8 * height, "Packed buffer does not match \(width)x\(height)")
        self.width = width
        self.height = height
        self.bytesPerRow = (width + 7) / 8
        self.bytes = packedBytes
    }

    /// Adopts packed rows from outside (a PBM file, a panel's RAM): MSB first, rows padded to
    /// whole bytes, a set bit is ink. Nil when the byte count does not match the size; padding
    /// bits are cleared, since other formats leave them undefined.
    public init?(width: Int, height: Int, packedRows: [UInt8]) {
        let stride = (width + 7) / 8
        guard width > 0, height > 0, packedRows.count == stride * height else { return nil }
        var rows = packedRows
        if width % 8 != 0 {
            let keep = UInt8(truncatingIfNeeded: 0xFF << (8 - width % 8))
            for row in 0..<height { rows[row * stride + stride - 1] &= keep }
        }
        self.init(width: width, height: height, packedBytes: rows)
    }

    /// The whole bitmap as a rectangle at the origin.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Whether the pixel is ink. Reading outside the bitmap gives white; writing there does nothing,
    /// so callers can draw shapes that overhang the edge without clipping them first.
    public subscript(x: Int, y: Int) -> Bool {
        get {
            guard x >= 0, x < width, y >= 0, y < height else { return false }
            return bytes[y * bytesPerRow + (x >> 3)] & (0x80 >> UInt8(x & 7)) != 0
        }
        set {
            guard x >= 0, x < width, y >= 0, y < height else { return }
            let index = y * bytesPerRow + (x >> 3)
            let bit: UInt8 = 0x80 >> UInt8(x & 7)
            if newValue { bytes[index] |= bit } else { bytes[index] &= ~bit }
        }
    }

    // MARK: Drawing

    /// Sets (or with `ink: false` clears) every pixel of `rect` that lies inside the bitmap.
    public mutating func fill(_ rect: Rect, ink: Bool = true) {
        if ink {
            modifyRows(in: rect) { byte, mask, _ in byte | mask }
        } else {
            modifyRows(in: rect) { byte, mask, _ in byte & ~mask }
        }
    }

    /// Draws the outline of `rect` inwards with the given thickness; a thickness of half the
    /// smaller side or more fills the rectangle.
    public mutating func strokeRect(_ rect: Rect, thickness: Int = 1) {
        guard !rect.isEmpty, thickness > 0 else { return }
        let horizontal = min(thickness, rect.height)
        let vertical = min(thickness, rect.width)
        fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: horizontal))
        fill(Rect(x: rect.x, y: rect.maxY - horizontal, width: rect.width, height: horizontal))
        fill(Rect(x: rect.x, y: rect.y, width: vertical, height: rect.height))
        fill(Rect(x: rect.maxX - vertical, y: rect.y, width: vertical, height: rect.height))
    }

    /// Swaps ink and white inside `rect`.
    public mutating func invert(_ rect: Rect) {
        modifyRows(in: rect) { byte, mask, _ in byte ^ mask }
    }

    /// Adds one-pixel diagonal lines (rising to the right) every `spacing` pixels inside `rect`.
    /// The pattern is anchored to bitmap coordinates, so neighbouring hatched cells join up.
    public mutating func hatch(_ rect: Rect, spacing: Int) {
        precondition(spacing > 0, "Hatch spacing must be positive, got \(spacing)")
        guard let clip = rect.intersection(bounds) else { return }
        for y in clip.y..<clip.maxY {
            let rowStart = y * bytesPerRow
            // First x >= clip.x with (x + y) a multiple of spacing.
            let offset = (clip.x + y) % spacing
            var x = offset == 0 ? clip.x : clip.x + spacing - offset
            while x < clip.maxX {
                bytes[rowStart + (x >> 3)] |= 0x80 >> UInt8(x & 7)
                x += spacing
            }
        }
    }

    /// Adds ink to every other pixel of `rect` in a checkerboard (50% grey on a 1-bit panel).
    /// Anchored to bitmap coordinates like `hatch`, so adjacent dithered areas line up.
    public mutating func dither(_ rect: Rect) {
        // Even rows ink even columns (0b1010_1010 with the MSB as column 0), odd rows odd ones.
        modifyRows(in: rect) { byte, mask, y in byte | (mask & (y & 1 == 0 ? 0xAA : 0x55)) }
    }

    /// ORs the ink of `other` into this bitmap with its top-left corner at (`x`, `y`); the parts
    /// falling outside this bitmap are dropped.
    public mutating func draw(_ other: Bitmap, atX x: Int, y: Int) {
        let sourceLeft = max(0, -x)
        let sourceRight = min(other.width, width - x)
        let sourceTop = max(0, -y)
        let sourceBottom = min(other.height, height - y)
        guard sourceLeft < sourceRight, sourceTop < sourceBottom else { return }
        let firstByte = sourceLeft >> 3
        let lastByte = (sourceRight - 1) >> 3
        for sourceY in sourceTop..<sourceBottom {
            let sourceRow = sourceY * other.bytesPerRow
            let targetRow = (sourceY + y) * bytesPerRow
            for sourceByte in firstByte...lastByte {
                let column = sourceByte << 3
                var value = other.bytes[sourceRow + sourceByte]
                if column < sourceLeft { value &= 0xFF >> UInt8(sourceLeft - column) }
                if column + 8 > sourceRight { value &= 0xFF << UInt8(column + 8 - sourceRight) }
                if value == 0 { continue }
                // Arithmetic shift and masking floor correctly for negative columns; the bits
                // that would land left of column 0 were masked off above.
                let targetColumn = x + column
                let targetByte = targetColumn >> 3
                let shift = UInt8(targetColumn & 7)
                if targetByte >= 0 { bytes[targetRow + targetByte] |= value >> shift }
                if shift != 0 && targetByte + 1 < bytesPerRow {
                    bytes[targetRow + targetByte + 1] |= value << (8 - shift)
                }
            }
        }
    }

    // MARK: Inspection

    /// Number of ink pixels inside `rect` (clipped to the bitmap).
    public func inkCount(in rect: Rect) -> Int {
        var count = 0
        forEachMaskedByte(in: rect) { byte, _, _ in count += byte.nonzeroBitCount }
        return count
    }

    /// The smallest rectangle holding all ink inside `rect`, or nil when there is none.
    public func inkBounds(in rect: Rect) -> Rect? {
        var left = Int.max
        var right = Int.min
        var top = Int.max
        var bottom = Int.min
        forEachMaskedByte(in: rect) { byte, column, y in
            guard byte != 0 else { return }
            left = min(left, column + byte.leadingZeroBitCount)
            right = max(right, column + 8 - byte.trailingZeroBitCount)
            top = min(top, y)
            bottom = max(bottom, y + 1)
        }
        guard left < right else { return nil }
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// A bitmap of exactly `rect`'s size holding the pixels under it; parts of `rect` outside
    /// this bitmap come out white. An empty `rect` gives a 0x0 bitmap.
    public func cropped(to rect: Rect) -> Bitmap {
        guard !rect.isEmpty else { return Bitmap(width: 0, height: 0) }
        var result = Bitmap(width: rect.width, height: rect.height)
        result.draw(self, atX: -rect.x, y: -rect.y)
        return result
    }

    /// The bitmap enlarged by an integer factor, each pixel becoming a `factor` x `factor` block
    /// so edges stay sharp (QR modules, preview images).
    public func scaled(by factor: Int) -> Bitmap {
        precondition(factor > 0, "Scale factor must be positive, got \(factor)")
        if factor == 1 { return self }
        let targetWidth = width * factor
        var row = Bitmap(width: targetWidth, height: 1)
        var packed: [UInt8] = []
        packed.reserveCapacity(row.bytesPerRow * height * factor)
        for y in 0..<height {
            row.fill(row.bounds, ink: false)
            for x in 0..<width where self[x, y] {
                row.fill(Rect(x: x * factor, y: 0, width: factor, height: 1))
            }
            for _ in 0..<factor { packed.append(contentsOf: row.bytes) }
        }
        return Bitmap(width: targetWidth, height: height * factor, packedBytes: packed)
    }

    // MARK: Byte-span helpers

    /// Calls `transform` for every byte overlapping `rect` (clipped) with the mask of the bits
    /// inside it and the row, and stores the result; whole bytes inside the span get a full mask,
    /// so large fills touch each byte once.
    private mutating func modifyRows(in rect: Rect, _ transform: (UInt8, UInt8, Int) -> UInt8) {
        guard let clip = rect.intersection(bounds) else { return }
        let firstByte = clip.x >> 3
        let lastByte = (clip.maxX - 1) >> 3
        let firstMask = Bitmap.mask(from: clip.x - (firstByte << 3), to: 8)
        let lastMask = Bitmap.mask(from: 0, to: clip.maxX - (lastByte << 3))
        for y in clip.y..<clip.maxY {
            let row = y * bytesPerRow
            if firstByte == lastByte {
                bytes[row + firstByte] = transform(bytes[row + firstByte], firstMask & lastMask, y)
                continue
            }
            bytes[row + firstByte] = transform(bytes[row + firstByte], firstMask, y)
            for index in row + firstByte + 1..<row + lastByte {
                bytes[index] = transform(bytes[index], 0xFF, y)
            }
            bytes[row + lastByte] = transform(bytes[row + lastByte], lastMask, y)
        }
    }

    /// Reads every byte overlapping `rect` (clipped), masked to the bits inside it, with the
    /// column of its first bit and its row.
    private func forEachMaskedByte(in rect: Rect, _ body: (UInt8, Int, Int) -> Void) {
        guard let clip = rect.intersection(bounds) else { return }
        let firstByte = clip.x >> 3
        let lastByte = (clip.maxX - 1) >> 3
        let firstMask = Bitmap.mask(from: clip.x - (firstByte << 3), to: 8)
        let lastMask = Bitmap.mask(from: 0, to: clip.maxX - (lastByte << 3))
        for y in clip.y..<clip.maxY {
            let row = y * bytesPerRow
            for byteIndex in firstByte...lastByte {
                var mask: UInt8 = 0xFF
                if byteIndex == firstByte { mask &= firstMask }
                if byteIndex == lastByte { mask &= lastMask }
                body(bytes[row + byteIndex] & mask, byteIndex << 3, y)
            }
        }
    }

    /// The bits for columns `from..<to` within one byte (0 = most significant bit).
    private static func mask(from start: Int, to end: Int) -> UInt8 {
        let high: UInt8 = 0xFF >> UInt8(start)
        let low: UInt8 = end >= 8 ? 0xFF : ~(0xFF >> UInt8(end))
        return high & low
    }
}
