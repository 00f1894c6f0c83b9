import Render

/// The UC8179's partial window as its Partial Window command (PTL, 0x90) carries it: nine bytes,
/// HRST[9:8] HRST[7:3] HRED[9:8] HRED[7:0] VRST[9:8] VRST[7:0] VRED[9:8] VRED[7:0] PT_SCAN.
///
/// Ends are inclusive. The chip addresses columns in whole bytes: it ignores HRST's low three
/// bits and treats HRED's as set, so a window always covers whole bytes of eight pixels.
///
/// Encoding the end is where the reference goes wrong. Waveshare's `EPD_7IN5_V2_Display_Part`
/// (RaspberryPi_JetsonNano/c/lib/e-Paper/EPD_7in5_V2.c) takes an exclusive end and sends
/// `x_end / 256` then `x_end % 256 - 1`. When the end is a multiple of 256 the low byte wraps
/// to 0xFF while the high byte keeps the carry, so an end at 256 goes out as 0x1FF (511),
/// 512 as 767, 768 as 1023, and likewise `y_end`. Here the inclusive end is split into its
/// bytes, as Waveshare's Python `display_Partial` (`(Xend - 1) // 256`, `(Xend - 1) % 256`) and
/// GxEPD2's `GxEPD2_750_T7::_setPartialRamArea` do.
public struct UC8179PartialWindow: Equatable, Sendable {
    /// First column; a multiple of 8.
    public var horizontalStart: Int
    /// Last column, inclusive; always the last pixel of a byte (low three bits set).
    public var horizontalEnd: Int
    /// First row.
    public var verticalStart: Int
    /// Last row, inclusive.
    public var verticalEnd: Int
    /// PT_SCAN: whether the gates also scan outside the window (both references send 1).
    public var scansOutside: Bool

    /// The window covering `rect`, widened to whole bytes; `rect` must not be empty.
    public init(covering rect: Rect, scansOutside: Bool = true) {
        precondition(!rect.isEmpty, "A partial window needs at least one pixel, got \(rect)")
        let aligned = rect.widenedToByteBoundaries()
        horizontalStart = aligned.x
        horizontalEnd = aligned.maxX - 1
        verticalStart = aligned.y
        verticalEnd = aligned.maxY - 1
        self.scansOutside = scansOutside
    }

    /// Decodes the command's parameters the way the chip does; missing bytes count as zero.
    public init(parameters: [UInt8]) {
        func byte(_ index: Int) -> Int { index < parameters.count ? Int(parameters[index]) : 0 }
        func coordinate(_ high: Int, _ low: Int) -> Int {
            (byte(high) & UC8179PartialWindow.highByteMask) << 8 | byte(low)
        }
        horizontalStart = coordinate(0, 1) & ~UC8179PartialWindow.columnBitsInByte
        horizontalEnd = coordinate(2, 3) | UC8179PartialWindow.columnBitsInByte
        verticalStart = coordinate(4, 5)
        verticalEnd = coordinate(6, 7)
        scansOutside = byte(8) & 0x01 != 0
    }

    /// The nine parameter bytes of the Partial Window command.
    public var parameters: [UInt8] {
        func split(_ value: Int) -> [UInt8] {
            [UInt8((value >> 8) & UC8179PartialWindow.highByteMask), UInt8(value & 0xFF)]
        }
        return split(horizontalStart) + split(horizontalEnd) + split(verticalStart) + split(verticalEnd)
            + [scansOutside ? 1 : 0]
    }

    /// The pixels the window covers (ends made exclusive); empty when an end is before its start.
    public var rect: Rect {
        Rect(
            x: horizontalStart, y: verticalStart,
            width: max(0, horizontalEnd + 1 - horizontalStart), height: max(0, verticalEnd + 1 - verticalStart))
    }

    /// Coordinates are ten bits wide: the high byte carries bits 9 and 8 only.
    private static let highByteMask = 0x03
    /// The column bits inside one RAM byte, which HRST and HRED do not resolve.
    private static let columnBitsInByte = 0x07
}
