/// How one write is cut into spidev transfers: consecutive byte ranges, none longer than the
/// buffer size, covering every byte once and in order.
public enum SPITransferPlan {
    /// The ranges of `byteCount` bytes, each at most `bufferSize` long; none for zero bytes.
    public static func ranges(byteCount: Int, bufferSize: Int) -> [Range<Int>] {
        precondition(bufferSize > 0, "an SPI transfer must be allowed at least one byte")
        return stride(from: 0, to: byteCount, by: bufferSize).map { start in
            start..<min(start + bufferSize, byteCount)
        }
    }
}
