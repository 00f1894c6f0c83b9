import Foundation
import Render
import XCTest

final class PNGTests: XCTestCase {
    func testEncodeThenDecodeRoundTripsBitmapExactly() throws {
        for (width, height) in [(1, 1), (8, 3), (13, 7), (800, 48)] {
            let bitmap = BitmapTests.pixelByPixel(width: width, height: height) { x, y in (x * 31 + y * 17) % 7 < 3 }
            XCTAssertEqual(try PNG.decode(PNG.encode(bitmap)), bitmap, "\(width)x\(height)")
        }
    }

    func testEncodedImageIsOneBitGrayscaleWithInkBlack() throws {
        var bitmap = Bitmap(width: 13, height: 2)
        bitmap[0, 0] = true
        let png = try PNG.encode(bitmap)
        // IHDR starts at byte 8 (length, type), then width, height, bit depth, colour type.
        XCTAssertEqual(Array(png[12..<16]), Array("IHDR".utf8))
        XCTAssertEqual(Array(png[16..<24]), [0, 0, 0, 13, 0, 0, 0, 2])
        XCTAssertEqual(png[24], 1, "bit depth")
        XCTAssertEqual(png[25], 0, "grayscale")
    }

    func testDecodeTurnsDarkPixelsOfAnyPNGIntoInkAndLaysTransparencyOnWhite() throws {
        // Black, white, transparent black, light grey, blue, yellow.
        let pixels: [[UInt8]] = [
            [0, 0, 0, 255], [255, 255, 255, 255], [0, 0, 0, 0],
            [200, 200, 200, 255], [0, 0, 255, 255], [255, 255, 0, 255],
        ]
        let bitmap = try PNG.decode(Self.rgbaPNG(width: 3, height: 2, pixels: pixels))
        XCTAssertEqual(bitmap.width, 3)
        XCTAssertEqual(bitmap.height, 2)
        XCTAssertEqual((0..<6).map { bitmap[$0 % 3, $0 / 3] }, [true, false, false, false, true, false])
    }

    func testDecodeRefusesDataThatIsNotPNG() {
        for garbage in [[], [0x42], Array("GIF89a this is no png".utf8), [UInt8](repeating: 0xFF, count: 4096)] {
            XCTAssertThrowsError(try PNG.decode(garbage)) { error in
                XCTAssertEqual(error as? PNGError, .notPNG(byteCount: garbage.count))
            }
        }
    }

    func testDecodeRefusesSignatureFollowedByGarbage() {
        let data: [UInt8] =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        XCTAssertThrowsError(try PNG.decode(data)) { error in
            guard case .malformed = error as? PNGError else { return XCTFail("unexpected \(error)") }
        }
    }

    func testDecodeRefusesEveryTruncationBeforeTheImageEnds() throws {
        let bitmap = BitmapTests.pixelByPixel(width: 40, height: 30) { x, y in (x ^ y) & 4 == 0 }
        let png = try PNG.encode(bitmap)
        let iendLength = 12
        for length in 8..<(png.count - iendLength) {
            XCTAssertThrowsError(try PNG.decode(Array(png.prefix(length))), "truncated to \(length) bytes")
        }
    }

    func testDecodeRefusesCorruptedImageData() throws {
        let bitmap = BitmapTests.pixelByPixel(width: 40, height: 30) { x, y in (x + y) % 3 == 0 }
        var png = try PNG.encode(bitmap)
        let idat = try XCTUnwrap(Self.offset(of: "IDAT", in: png))
        png[idat + 8] ^= 0x55
        XCTAssertThrowsError(try PNG.decode(png)) { error in
            XCTAssertTrue("\(error)".contains("damaged"), "\(error)")
        }
    }

    func testEncodeRefusesEmptyBitmap() {
        XCTAssertThrowsError(try PNG.encode(Bitmap(width: 0, height: 5))) { error in
            XCTAssertEqual(error as? PNGError, .emptyImage(width: 0, height: 5))
        }
    }

    func testWriteReplacesTheFileWithoutLeavingTemporaryFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("frame.png").path
        var first = Bitmap(width: 20, height: 10)
        first.fill(Rect(x: 0, y: 0, width: 5, height: 5))
        var second = Bitmap(width: 20, height: 10)
        second.dither(second.bounds)
        try PNG.write(first, to: path)
        try PNG.write(second, to: path)
        XCTAssertEqual(try PNG.decode(Array(Data(contentsOf: URL(fileURLWithPath: path)))), second)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["frame.png"])
    }

    func testWriteIntoMissingFolderFailsNamingThePath() {
        let path = "/nonexistent-\(UUID().uuidString)/frame.png"
        XCTAssertThrowsError(try PNG.write(Bitmap(width: 2, height: 2), to: path)) { error in
            XCTAssertTrue("\(error)".contains("nonexistent"), "\(error)")
        }
    }

    // MARK: Helpers

    private static func offset(of chunkType: String, in png: [UInt8]) -> Int? {
        let type = Array(chunkType.utf8)
        return (0..<png.count - 4).first { Array(png[$0..<$0 + 4]) == type }
    }

    /// A minimal 8-bit RGBA PNG built by hand (stored, uncompressed deflate), so decoding is
    /// checked against input that did not come from our own encoder.
    static func rgbaPNG(width: Int, height: Int, pixels: [[UInt8]]) -> [UInt8] {
        var raw: [UInt8] = []
        for y in 0..<height {
            raw.append(0)  // filter: none
            for x in 0..<width { raw += pixels[y * width + x] }
        }
        var zlib: [UInt8] = [0x78, 0x01, 0x01]  // header, then one final stored block
        let length = UInt16(raw.count)
        zlib += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        zlib += raw
        zlib += bigEndian(adler32(raw))
        var ihdr = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        ihdr += [8, 6, 0, 0, 0]  // 8-bit, RGBA, deflate, no filter method variants, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", ihdr) + chunk("IDAT", zlib) + chunk("IEND", [])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc32(typeAndData))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }
}
