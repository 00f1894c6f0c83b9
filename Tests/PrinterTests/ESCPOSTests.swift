import Render
import XCTest

@testable import Printer

final class ESCPOSTests: XCTestCase {
    func testInitializeIsEscAt() {
        XCTAssertEqual(ESCPOS.initialize, [0x1B, 0x40])
    }

    func testSmallRasterHasHeaderWithBytesPerRowAndRowsThenTheRowsAsPacked() {
        var bitmap = Bitmap(width: 12, height: 2)
        bitmap[0, 0] = true
        bitmap[11, 0] = true
        bitmap[1, 1] = true
        XCTAssertEqual(
            ESCPOS.raster(bitmap),
            [
                0x1D, 0x76, 0x30, 0x00,  // GS v 0, normal density
                0x02, 0x00,  // 2 bytes per row
                0x02, 0x00,  // 2 rows
                0x80, 0x10,  // row 0: dots 0 and 11
                0x40, 0x00,  // row 1: dot 1
            ])
    }

    func testTallImageIsSplitIntoBandsOfAtMost255Rows() {
        var bitmap = Bitmap(width: 16, height: 600)
        for y in 0..<600 { bitmap[y % 16, y] = true }
        let bytes = ESCPOS.raster(bitmap)
        XCTAssertEqual(bytes.count, 3 * 8 + 600 * 2)
        let headers = [(0, 255), (8 + 255 * 2, 255), (16 + 510 * 2, 90)]
        for (offset, rows) in headers {
            XCTAssertEqual(Array(bytes[offset..<(offset + 8)]), [0x1D, 0x76, 0x30, 0, 2, 0, UInt8(rows), 0])
        }
        XCTAssertEqual(try ESCPOSRaster.decode(bytes), bitmap, "the bands stack back into the image")
    }

    func testBandHeightFollowsTheProfileLimit() {
        let bitmap = Bitmap(width: 8, height: 2400)
        let bytes = ESCPOS.raster(bitmap, maxBandRows: 960)
        XCTAssertEqual(bytes.count, 3 * 8 + 2400)
        XCTAssertEqual(Array(bytes[4..<8]), [1, 0, 0xC0, 0x03], "960 rows: yL 0xC0, yH 3")
    }

    func testEmptyBitmapPrintsNothing() {
        XCTAssertEqual(ESCPOS.raster(Bitmap(width: 384, height: 0)), [])
    }

    func testNativeQRSelectsModelTwoSizeLevelMStoresAndPrints() throws {
        let text = "HTTPS://OS.EXAMPLE.ORG/C/7K3M2QX"
        let data = Array(text.utf8)
        let expected: [UInt8] =
            [0x1D, 0x28, 0x6B, 4, 0, 0x31, 0x41, 0x32, 0x00]  // fn 65: model 2
            + [0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x43, 6]  // fn 67: 6 dots per module
            + [0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x45, 0x31]  // fn 69: level M
            + [0x1D, 0x28, 0x6B, UInt8(data.count + 3), 0, 0x31, 0x50, 0x30] + data  // fn 80: store
            + [0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x51, 0x30]  // fn 81: print
        XCTAssertEqual(try ESCPOS.nativeQRCode(text, moduleSize: 6, level: .medium), expected)
    }

    func testNativeQRRefusesModuleSizesThePrinterCannotDraw() {
        XCTAssertThrowsError(try ESCPOS.nativeQRCode("X", moduleSize: 17, level: .medium)) { error in
            XCTAssertEqual(error as? ESCPOSError, .qrModuleSize(17, allowed: 1...16))
        }
    }

    func testCutFeedsToTheCutterThenCutsPartiallyOrFully() {
        XCTAssertEqual(ESCPOS.cut(.partial), [0x1D, 0x56, 66, 0])
        XCTAssertEqual(ESCPOS.cut(.full, extraFeed: 24), [0x1D, 0x56, 65, 24])
        XCTAssertEqual(ESCPOS.cut(.full, feedToCutter: false), [0x1D, 0x56, 0])
        XCTAssertEqual(ESCPOS.cut(.partial, feedToCutter: false), [0x1D, 0x56, 1])
    }

    func testFeedAndJustifyAndStatusRequestBytes() {
        XCTAssertEqual(ESCPOS.feed(lines: 4), [0x1B, 0x64, 4])
        XCTAssertEqual(ESCPOS.justify(.center), [0x1B, 0x61, 1])
        XCTAssertEqual(
            StatusRequest.allCases.map(ESCPOS.statusRequest),
            [
                [0x10, 0x04, 1], [0x10, 0x04, 2], [0x10, 0x04, 3], [0x10, 0x04, 4],
            ])
    }

    func testParserReadsBackEveryCommandTheEncoderWrites() throws {
        var bitmap = Bitmap(width: 8, height: 1)
        bitmap[3, 0] = true
        let bytes =
            ESCPOS.initialize + Array("OS-CARD-42\n".utf8) + ESCPOS.raster(bitmap) + ESCPOS.justify(.center)
            + (try ESCPOS.nativeQRCode("A", moduleSize: 4, level: .low)) + ESCPOS.feed(lines: 2)
            + ESCPOS.statusRequest(.printer) + ESCPOS.cut(.partial)
        let commands = try ESCPOSCommand.parse(bytes)
        XCTAssertEqual(commands.count, 12)
        XCTAssertEqual(commands.first, .initialize)
        XCTAssertEqual(commands[1], .text(Array("OS-CARD-42\n".utf8)))
        XCTAssertEqual(commands[2], .raster(bitmap))
        XCTAssertEqual(commands[7], .qrFunction(function: 0x50, parameters: [0x30, 0x41]))
        XCTAssertEqual(Array(commands.suffix(3)), [.feed(lines: 2), .statusRequest(1), .cut(mode: 66, extraFeed: 0)])
    }

    func testParserRefusesUnknownCommandsWithTheirOffset() {
        XCTAssertThrowsError(try ESCPOSCommand.parse([0x1B, 0x40, 0x1B, 0x74, 0x10])) { error in
            XCTAssertEqual(error as? ESCPOSError, .unknownCommand(offset: 2, bytes: "1B 74 10"))
        }
    }

    func testParserReportsARasterCutShort() {
        XCTAssertThrowsError(try ESCPOSCommand.parse([0x1D, 0x76, 0x30, 0, 2, 0, 2, 0, 0xFF])) { error in
            XCTAssertEqual(error as? ESCPOSError, .truncated(command: "GS v 0 image data", offset: 0))
        }
    }
}
