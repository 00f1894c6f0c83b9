import Render
import XCTest

final class BitmapTests: XCTestCase {
    func testNewBitmapIsWhiteWithRowsPaddedToWholeBytes() {
        let bitmap = Bitmap(width: 13, height: 3)
        XCTAssertEqual(bitmap.bytesPerRow, 2)
        XCTAssertEqual(bitmap.bytes, [UInt8](repeating: 0, count: 6))
        XCTAssertEqual(bitmap.inkCount(in: bitmap.bounds), 0)
    }

    func testPixelsArePackedMostSignificantBitFirst() {
        var bitmap = Bitmap(width: 13, height: 2)
        bitmap[0, 0] = true
        bitmap[9, 1] = true
        XCTAssertEqual(bitmap.bytes, [0x80, 0x00, 0x00, 0x40])
        XCTAssertTrue(bitmap[9, 1])
        bitmap[0, 0] = false
        XCTAssertEqual(bitmap.bytes[0], 0)
    }

    func testOutOfRangePixelsReadWhiteAndIgnoreWrites() {
        var bitmap = Bitmap(width: 5, height: 5)
        for (x, y) in [(-1, 0), (5, 0), (0, -1), (0, 5), (100, 100)] {
            bitmap[x, y] = true
            XCTAssertFalse(bitmap[x, y])
        }
        XCTAssertEqual(bitmap, Bitmap(width: 5, height: 5))
    }

    func testFillIsClippedAndNeverSetsRowPadding() {
        var bitmap = Bitmap(width: 13, height: 4)
        bitmap.fill(Rect(x: -5, y: 1, width: 100, height: 10))
        XCTAssertEqual(bitmap.inkCount(in: bitmap.bounds), 13 * 3)
        // Row 0 untouched; rows 1-3 full, with the 3 padding bits of the second byte clear.
        XCTAssertEqual(bitmap.bytes, [0, 0, 0xFF, 0xF8, 0xFF, 0xF8, 0xFF, 0xF8])
    }

    func testFillWithinOneByteAndAcrossBytesMatchesPixelLoop() {
        for rect in [
            Rect(x: 2, y: 0, width: 3, height: 1), Rect(x: 5, y: 1, width: 14, height: 2),
            Rect(x: 8, y: 0, width: 8, height: 3), Rect(x: 0, y: 0, width: 29, height: 1),
        ] {
            var fast = Bitmap(width: 29, height: 3)
            fast.fill(rect)
            XCTAssertEqual(fast, Self.pixelByPixel(width: 29, height: 3) { rect.contains(x: $0, y: $1) }, "\(rect)")
        }
    }

    func testFillWithoutInkClearsOnlyTheRect() {
        var bitmap = Bitmap(width: 20, height: 3)
        bitmap.fill(bitmap.bounds)
        bitmap.fill(Rect(x: 3, y: 1, width: 10, height: 1), ink: false)
        XCTAssertEqual(bitmap.inkCount(in: bitmap.bounds), 60 - 10)
        XCTAssertFalse(bitmap[3, 1])
        XCTAssertTrue(bitmap[13, 1])
        XCTAssertTrue(bitmap[2, 1])
    }

    func testInvertTogglesInsideTheRectAndTwiceRestores() {
        var bitmap = Bitmap(width: 11, height: 5)
        bitmap.fill(Rect(x: 0, y: 0, width: 4, height: 5))
        let original = bitmap
        bitmap.invert(Rect(x: 2, y: 1, width: 20, height: 3))
        XCTAssertFalse(bitmap[2, 1])
        XCTAssertTrue(bitmap[4, 1])
        XCTAssertTrue(bitmap[10, 3])
        XCTAssertTrue(bitmap[2, 0])
        XCTAssertEqual(bitmap.inkCount(in: bitmap.bounds), 20 - 6 + (27 - 6))
        XCTAssertEqual(bitmap.bytes[3] & 0x1F, 0, "padding stays clear")
        bitmap.invert(Rect(x: 2, y: 1, width: 20, height: 3))
        XCTAssertEqual(bitmap, original)
    }

    func testStrokeRectDrawsBorderOfGivenThicknessInside() {
        var bitmap = Bitmap(width: 20, height: 20)
        let rect = Rect(x: 2, y: 3, width: 10, height: 8)
        bitmap.strokeRect(rect, thickness: 2)
        XCTAssertEqual(bitmap.inkCount(in: bitmap.bounds), 10 * 8 - 6 * 4)
        XCTAssertEqual(bitmap.inkBounds(in: bitmap.bounds), rect)
        XCTAssertEqual(bitmap.inkCount(in: rect.inset(by: 2)), 0)
        var thick = Bitmap(width: 20, height: 20)
        thick.strokeRect(rect, thickness: 50)
        XCTAssertEqual(thick.inkCount(in: thick.bounds), 80)
    }

    func testHatchDrawsDiagonalsAnchoredToBitmapCoordinates() {
        var bitmap = Bitmap(width: 16, height: 16)
        bitmap.hatch(Rect(x: 3, y: 2, width: 10, height: 10), spacing: 4)
        for y in 0..<16 {
            for x in 0..<16 {
                let expected = x >= 3 && x < 13 && y >= 2 && y < 12 && (x + y) % 4 == 0
                XCTAssertEqual(bitmap[x, y], expected, "(\(x), \(y))")
            }
        }
    }

    func testDitherInksHalfThePixelsInACheckerboard() {
        var bitmap = Bitmap(width: 13, height: 6)
        bitmap.dither(Rect(x: 1, y: 1, width: 10, height: 4))
        XCTAssertEqual(bitmap.inkCount(in: bitmap.bounds), 20)
        for y in 1..<5 {
            for x in 1..<11 { XCTAssertEqual(bitmap[x, y], (x + y) % 2 == 0, "(\(x), \(y))") }
        }
        XCTAssertEqual(bitmap.inkCount(in: Rect(x: 11, y: 0, width: 2, height: 6)), 0)
    }

    func testDrawOrsInkAtUnalignedOffsetsAndClipsAtEveryEdge() {
        let source = Self.pixelByPixel(width: 11, height: 5) { x, y in (x * 7 + y * 3) % 5 < 2 }
        for (offsetX, offsetY) in [(0, 0), (3, 1), (-4, -2), (15, 7), (-10, 0), (19, 9), (-11, 0), (20, 0)] {
            var target = Bitmap(width: 21, height: 10)
            target[20, 9] = true
            target.draw(source, atX: offsetX, y: offsetY)
            let expected = Self.pixelByPixel(width: 21, height: 10) { x, y in
                (x == 20 && y == 9) || source[x - offsetX, y - offsetY]
            }
            XCTAssertEqual(target, expected, "offset (\(offsetX), \(offsetY))")
        }
    }

    func testInkCountAndBoundsAreLimitedToTheRect() {
        var bitmap = Bitmap(width: 30, height: 10)
        bitmap[3, 2] = true
        bitmap[17, 8] = true
        bitmap[29, 0] = true
        XCTAssertEqual(bitmap.inkBounds(in: bitmap.bounds), Rect(x: 3, y: 0, width: 27, height: 9))
        XCTAssertEqual(
            bitmap.inkBounds(in: Rect(x: 0, y: 1, width: 20, height: 20)), Rect(x: 3, y: 2, width: 15, height: 7))
        XCTAssertEqual(bitmap.inkCount(in: Rect(x: 4, y: 0, width: 25, height: 10)), 1)
        XCTAssertNil(bitmap.inkBounds(in: Rect(x: 4, y: 0, width: 13, height: 10)))
        XCTAssertNil(bitmap.inkBounds(in: Rect(x: 40, y: 0, width: 5, height: 5)))
        XCTAssertNil(Bitmap(width: 9, height: 9).inkBounds(in: Rect(x: 0, y: 0, width: 9, height: 9)))
    }

    func testCroppedKeepsPixelsAndPadsOutsideWithWhite() {
        var bitmap = Bitmap(width: 10, height: 10)
        bitmap[0, 0] = true
        bitmap[5, 6] = true
        let inside = bitmap.cropped(to: Rect(x: 5, y: 6, width: 3, height: 2))
        XCTAssertEqual(inside.width, 3)
        XCTAssertTrue(inside[0, 0])
        XCTAssertEqual(inside.inkCount(in: inside.bounds), 1)
        let overhanging = bitmap.cropped(to: Rect(x: -2, y: -1, width: 4, height: 4))
        XCTAssertEqual(overhanging.width, 4)
        XCTAssertEqual(overhanging.height, 4)
        XCTAssertTrue(overhanging[2, 1])
        XCTAssertEqual(overhanging.inkCount(in: overhanging.bounds), 1)
        XCTAssertEqual(bitmap.cropped(to: Rect(x: 3, y: 3, width: 0, height: 4)).width, 0)
    }

    func testScaledTurnsEachPixelIntoASolidBlock() {
        var bitmap = Bitmap(width: 3, height: 2)
        bitmap[0, 0] = true
        bitmap[2, 1] = true
        let scaled = bitmap.scaled(by: 3)
        XCTAssertEqual(scaled.width, 9)
        XCTAssertEqual(scaled.height, 6)
        XCTAssertEqual(scaled, Self.pixelByPixel(width: 9, height: 6) { bitmap[$0 / 3, $1 / 3] })
        XCTAssertEqual(bitmap.scaled(by: 1), bitmap)
    }

    /// Reference bitmap built one pixel at a time, to check the byte-wise fast paths against.
    static func pixelByPixel(width: Int, height: Int, ink: (Int, Int) -> Bool) -> Bitmap {
        var bitmap = Bitmap(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width where ink(x, y) { bitmap[x, y] = true }
        }
        return bitmap
    }
}

final class BitmapPackedRowsTests: XCTestCase {
    func testPackedRowsAreAdoptedAndPaddingBitsCleared() throws {
        let bitmap = try XCTUnwrap(
            Bitmap(width: 10, height: 2, packedRows: [0b1000_0000, 0b0111_1111, 0, 0b0100_0000]))
        XCTAssertTrue(bitmap[0, 0])
        XCTAssertTrue(bitmap[9, 0])
        XCTAssertFalse(bitmap[1, 0])
        XCTAssertTrue(bitmap[9, 1])
        XCTAssertEqual(bitmap.bytes, [0b1000_0000, 0b0100_0000, 0, 0b0100_0000], "padding bits cleared")
        XCTAssertNil(Bitmap(width: 10, height: 2, packedRows: [0, 0, 0]), "wrong byte count")
        XCTAssertNil(Bitmap(width: 0, height: 2, packedRows: []))
    }
}
