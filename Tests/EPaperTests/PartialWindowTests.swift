import EPaper
import Render
import XCTest

/// The partial window's bytes at the edges where the reference's encoding goes wrong, and the
/// widening to whole bytes.
final class PartialWindowTests: XCTestCase {
    private struct UnexpectedTraffic: Error {}

    /// The 0x90 parameters and the number of bytes per plane the driver sends for `window`.
    private func partialTraffic(for window: Rect) throws -> (parameters: [UInt8], planeBytes: Int) {
        let wire = WireRecorder()
        let driver = wire.driver()
        try driver.initPartial()
        wire.clear()
        try driver.displayPartial(Frames.board(), window: window, previous: Frames.white())
        let events = wire.events
        guard let windowCommand = events.firstIndex(of: command(0x90)),
            case .spi(true, let parameters) = events[windowCommand + 1],
            let oldCommand = events.firstIndex(of: command(0x10)),
            case .spi(true, let old) = events[oldCommand + 1]
        else {
            XCTFail("Expected a partial window and an OLD plane in \(events)")
            throw UnexpectedTraffic()
        }
        return (parameters, old.count)
    }

    func testWindowEndingAtColumn256EndsAt255NotAtTheReferences511() throws {
        // The reference sends x_end / 256 = 1 and x_end % 256 - 1 = 0xFF: 0x1FF.
        let traffic = try partialTraffic(for: Rect(x: 200, y: 10, width: 56, height: 20))
        XCTAssertEqual(traffic.parameters, [0x00, 0xC8, 0x00, 0xFF, 0x00, 0x0A, 0x00, 0x1D, 0x01])
        XCTAssertEqual(traffic.planeBytes, 7 * 20)
    }

    func testWindowEndingAtColumn512EndsAt511NotAt767() throws {
        let traffic = try partialTraffic(for: Rect(x: 480, y: 0, width: 32, height: 8))
        XCTAssertEqual(traffic.parameters, [0x01, 0xE0, 0x01, 0xFF, 0x00, 0x00, 0x00, 0x07, 0x01])
    }

    func testWindowEndingAtColumn768EndsAt767NotAt1023() throws {
        let traffic = try partialTraffic(for: Rect(x: 760, y: 100, width: 8, height: 1))
        XCTAssertEqual(traffic.parameters, [0x02, 0xF8, 0x02, 0xFF, 0x00, 0x64, 0x00, 0x64, 0x01])
    }

    func testWindowEndingAtRow256EndsAt255NotAt511() throws {
        let traffic = try partialTraffic(for: Rect(x: 0, y: 250, width: 8, height: 6))
        XCTAssertEqual(traffic.parameters, [0x00, 0x00, 0x00, 0x07, 0x00, 0xFA, 0x00, 0xFF, 0x01])
    }

    func testWindowWithOddXIsWidenedToWholeBytesOnBothSides() throws {
        // Columns 13..<23 touch bytes 1 and 2, so the window becomes 8..<24.
        let traffic = try partialTraffic(for: Rect(x: 13, y: 5, width: 10, height: 2))
        XCTAssertEqual(traffic.parameters, [0x00, 0x08, 0x00, 0x17, 0x00, 0x05, 0x00, 0x06, 0x01])
        XCTAssertEqual(traffic.planeBytes, 2 * 2)
    }

    func testWindowTouchingTheRightAndBottomEdgesEndsAtTheLastPixel() throws {
        let traffic = try partialTraffic(for: Rect(x: 790, y: 470, width: 10, height: 10))
        XCTAssertEqual(traffic.parameters, [0x03, 0x10, 0x03, 0x1F, 0x01, 0xD6, 0x01, 0xDF, 0x01])
        XCTAssertEqual(traffic.planeBytes, 2 * 10)
    }

    func testWindowOverhangingThePanelIsClippedToIt() throws {
        let traffic = try partialTraffic(for: Rect(x: 795, y: 475, width: 20, height: 20))
        XCTAssertEqual(traffic.parameters, [0x03, 0x18, 0x03, 0x1F, 0x01, 0xDB, 0x01, 0xDF, 0x01])
        XCTAssertEqual(traffic.planeBytes, 1 * 5)
    }

    func testWindowOutsideThePanelIsRefused() throws {
        let wire = WireRecorder()
        let driver = wire.driver()
        try driver.initPartial()
        let window = Rect(x: 800, y: 0, width: 16, height: 16)
        XCTAssertThrowsError(try driver.displayPartial(Frames.white(), window: window, previous: Frames.white())) {
            XCTAssertEqual($0 as? PanelError, .windowOutsidePanel(window))
        }
    }

    func testDecodingIgnoresTheStartsLowBitsAndSetsTheEndsLikeTheChip() {
        let window = UC8179PartialWindow(parameters: [0x00, 0x0D, 0x00, 0x10, 0x00, 0x05, 0x00, 0x06, 0x00])
        XCTAssertEqual(window.rect, Rect(x: 8, y: 5, width: 16, height: 2))
        XCTAssertFalse(window.scansOutside)
    }

    func testDecodingTheReferencesBytesForAnEndAt256GivesAWindowReaching511() {
        // What EPD_7IN5_V2_Display_Part sends for x 200..<256, y 10..<30.
        let window = UC8179PartialWindow(parameters: [0x00, 0xC8, 0x01, 0xFF, 0x00, 0x0A, 0x00, 0x1D, 0x01])
        XCTAssertEqual(window.horizontalEnd, 511)
        XCTAssertEqual(window.rect.width, 312)
    }

    func testEncodingThenDecodingGivesTheWidenedWindowBack() {
        for rect in [
            Rect(x: 0, y: 0, width: 800, height: 480), Rect(x: 255, y: 255, width: 2, height: 2),
            Rect(x: 511, y: 1, width: 258, height: 300), Rect(x: 7, y: 479, width: 1, height: 1),
        ] {
            let window = UC8179PartialWindow(covering: rect)
            XCTAssertEqual(UC8179PartialWindow(parameters: window.parameters), window, "\(rect)")
            XCTAssertEqual(window.rect.y, rect.y)
            XCTAssertEqual(window.rect.height, rect.height)
            XCTAssertLessThanOrEqual(window.rect.x, rect.x)
            XCTAssertGreaterThanOrEqual(window.rect.maxX, rect.maxX)
            XCTAssertEqual(window.rect.x % 8, 0)
            XCTAssertEqual(window.rect.width % 8, 0)
        }
    }
}
