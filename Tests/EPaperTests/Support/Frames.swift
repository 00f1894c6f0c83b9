import EPaper
import Render
import XCTest

/// Panel-sized test frames and an independent, pixel-by-pixel view of their bytes.
enum Frames {
    static let width = 800
    static let height = 480

    static func white() -> Bitmap { Bitmap(width: width, height: height) }

    /// A frame that looks like a board: column rules, card outlines, hatched and dithered cells,
    /// so every byte value pattern and run length shows up.
    static func board() -> Bitmap {
        var frame = white()
        for column in stride(from: 0, to: width, by: 160) {
            frame.fill(Rect(x: column, y: 0, width: 3, height: height))
        }
        for row in stride(from: 40, to: height, by: 110) {
            frame.fill(Rect(x: 0, y: row, width: width, height: 2))
            frame.strokeRect(Rect(x: 13, y: row + 9, width: 131, height: 90), thickness: 3)
            frame.hatch(Rect(x: 333, y: row + 5, width: 121, height: 97), spacing: 6)
            frame.dither(Rect(x: 487, y: row + 11, width: 150, height: 77))
        }
        return frame
    }

    /// `base` with one card's area redrawn: cleared, outlined and hatched differently.
    static func withCard(_ card: Rect, on base: Bitmap) -> Bitmap {
        var frame = base
        frame.fill(card, ink: false)
        frame.strokeRect(card, thickness: 2)
        frame.hatch(card.inset(by: 5), spacing: 4)
        return frame
    }

    /// A frame with pixels scattered by a seeded generator.
    static func noise(seed: UInt64, width: Int = width, height: Int = height, pixels: Int) -> Bitmap {
        var generator = SplitMix64(seed: seed)
        var frame = Bitmap(width: width, height: height)
        for _ in 0..<pixels {
            frame[Int.random(in: 0..<width, using: &generator), Int.random(in: 0..<height, using: &generator)] = true
        }
        return frame
    }

    /// The bytes of `rect` (whole bytes only) row by row, built pixel by pixel, set bit = white:
    /// what the partial-mode planes should carry.
    static func windowBytesWhiteSet(_ frame: Bitmap, _ rect: Rect) -> [UInt8] {
        precondition(rect.x % 8 == 0 && rect.width % 8 == 0, "Window bytes need a byte-aligned rect")
        var bytes: [UInt8] = []
        for y in rect.y..<rect.maxY {
            for byteX in stride(from: rect.x, to: rect.maxX, by: 8) {
                var byte: UInt8 = 0
                for bit in 0..<8 where !frame[byteX + bit, y] { byte |= 0x80 >> UInt8(bit) }
                bytes.append(byte)
            }
        }
        return bytes
    }
}

/// A small seeded generator so random frames repeat from run to run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Asserts that `shown` is `expected`, naming the area where they differ instead of printing
/// two 48,000-byte arrays.
func assertSameFrame(
    _ shown: Bitmap, _ expected: Bitmap, _ message: @autoclosure () -> String = "", file: StaticString = #filePath,
    line: UInt = #line
) {
    guard shown.width == expected.width, shown.height == expected.height else {
        return XCTFail(
            "Frame is \(shown.width)x\(shown.height), expected \(expected.width)x\(expected.height). \(message())",
            file: file, line: line)
    }
    if let area = RefreshPlanner.changedArea(from: shown, to: expected) {
        XCTFail("Frames differ within \(area). \(message())", file: file, line: line)
    }
}
