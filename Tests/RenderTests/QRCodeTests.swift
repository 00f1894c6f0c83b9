import Foundation
import Render
import SharedTestSupport
import XCTest

final class QRCodeTests: XCTestCase {
    /// 39 characters: one more than version 2-M holds in alphanumeric mode.
    private let cardURL = "HTTPS://OPENSPACE.EXAMPLE.ORG/C/7K3M2QX"
    /// 33 characters: fits version 2-M only in alphanumeric mode (8-bit mode holds 26).
    private let shortCardURL = "HTTPS://OSB.EXAMPLE.ORG/C/7K3M2QX"

    func testBitmapHasFourModuleWhiteQuietZoneAndWholePixelModules() throws {
        let code = try QRCode(cardURL)
        let moduleSize = 3
        let bitmap = code.bitmap(moduleSize: moduleSize)
        let quiet = 4 * moduleSize
        XCTAssertEqual(bitmap.width, (code.size + 8) * moduleSize)
        XCTAssertEqual(bitmap.height, bitmap.width)
        // Finder patterns sit in three corners, so the ink starts and ends exactly at the quiet zone.
        XCTAssertEqual(
            bitmap.inkBounds(in: bitmap.bounds),
            Rect(x: quiet, y: quiet, width: code.size * moduleSize, height: code.size * moduleSize))
        for y in 0..<code.size {
            for x in 0..<code.size {
                let module = Rect(
                    x: quiet + x * moduleSize, y: quiet + y * moduleSize, width: moduleSize, height: moduleSize)
                let expected = code.isDark(x: x, y: y) ? moduleSize * moduleSize : 0
                XCTAssertEqual(bitmap.inkCount(in: module), expected, "module (\(x), \(y))")
            }
        }
    }

    func testCustomQuietZoneIsHonoured() throws {
        let code = try QRCode("OPEN SPACE")
        let bitmap = code.bitmap(moduleSize: 2, quietZone: 1)
        XCTAssertEqual(bitmap.width, (code.size + 2) * 2)
        XCTAssertEqual(bitmap.inkBounds(in: bitmap.bounds)?.x, 2)
    }

    func testUpperCaseCardURLDecodesExactlyWithZbarimg() throws {
        let code = try QRCode(cardURL)
        XCTAssertEqual(try Self.zbarDecode(code.bitmap(moduleSize: 4)), cardURL)
    }

    func testShortUpperCaseURLUsesAlphanumericModeAndFitsVersionTwo() throws {
        let code = try QRCode(shortCardURL, level: .medium)
        XCTAssertLessThanOrEqual(code.version, 2)
        XCTAssertEqual(code.size, 17 + 4 * code.version)
        XCTAssertEqual(try Self.zbarDecode(code.bitmap(moduleSize: 4)), shortCardURL)
        // The same length in lower case must go to 8-bit mode and a bigger symbol.
        XCTAssertGreaterThan(try QRCode(shortCardURL.lowercased(), level: .medium).version, code.version)
    }

    func testThirtyNineCharacterCardURLNeedsVersionThreeAtLevelM() throws {
        XCTAssertEqual(try QRCode(cardURL, level: .medium).version, 3)
        XCTAssertEqual(try QRCode(cardURL, level: .low).version, 2)
    }

    func testLowerCaseURLKeepsItsCaseAndDecodesExactly() throws {
        let url = "https://os.example.org/c/7k3m2qx?from=board"
        XCTAssertEqual(try Self.zbarDecode(QRCode(url).bitmap(moduleSize: 4)), url)
    }

    func testChineseTextDecodesExactly() throws {
        let text = "開放空間：Python 與教育"
        XCTAssertEqual(try Self.zbarDecode(QRCode(text, level: .quartile).bitmap(moduleSize: 4)), text)
    }

    func testHigherLevelNeedsAtLeastAsLargeASymbol() throws {
        let versions = try QRCode.Level.allCases.map { try QRCode(cardURL, level: $0).version }
        XCTAssertEqual(versions, versions.sorted())
    }

    func testEmptyTextIsRefused() {
        XCTAssertThrowsError(try QRCode("")) { error in
            XCTAssertEqual(error as? QRCodeError, .emptyText)
        }
    }

    func testTextBeyondVersionFortyIsRefusedWithItsSize() {
        let text = String(repeating: "x", count: 3000)
        XCTAssertThrowsError(try QRCode(text, level: .high)) { error in
            XCTAssertEqual(error as? QRCodeError, .tooLong(byteCount: 3000, level: .high))
            XCTAssertTrue("\(error)".contains("3000"))
        }
    }

    /// Decodes the bitmap with zbarimg, an implementation independent of libqrencode, and returns
    /// exactly what it read (its output without the trailing newline).
    static func zbarDecode(_ bitmap: Bitmap) throws -> String {
        try ZBar.decode(bitmap).joined(separator: "\n")
    }
}
