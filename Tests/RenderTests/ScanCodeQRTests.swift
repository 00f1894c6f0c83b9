import BoardModel
import XCTest

@testable import Render

/// The codes the board prints stay small (QR alphanumeric mode) and decode to exactly their text.
final class ScanCodeQRTests: XCTestCase {
    let codes = ScanCodeFormat(hub: "https://os.example.org")

    func testCardAndSlotCodesFitVersionTwoAtLevelMAndDecodeExactly() throws {
        let texts = [
            codes.code(for: CardID(value: 0x3FFF_FFFF)),
            codes.code(for: CellRef(day: 3, room: "GARDEN", start: ClockTime(hour: 17, minute: 0))),
            codes.code(for: .remove),
        ]
        for text in texts {
            let qr = try QRCode(text, level: .medium)
            XCTAssertLessThanOrEqual(qr.version, 2, "\(text) needs version \(qr.version)")
            XCTAssertEqual(try QRCodeTests.zbarDecode(qr.bitmap(moduleSize: 4)), text)
        }
    }

    func testStaffBadgeDecodesExactly() throws {
        let issuer = BadgeIssuer()
        let badge = try issuer.issue(
            staffID: "ANNA", validThrough: CalendarDate(year: 2027, month: 5, day: 16), hub: codes.hub)
        let text = codes.code(for: badge)
        let qr = try QRCode(text, level: .medium)
        XCTAssertEqual(try QRCodeTests.zbarDecode(qr.bitmap(moduleSize: 3)), text)
    }
}
