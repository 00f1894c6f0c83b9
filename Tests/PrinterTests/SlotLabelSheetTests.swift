import BoardModel
import Foundation
import Render
import XCTest

@testable import Printer

final class SlotLabelSheetTests: XCTestCase {
    /// Two days, three rooms (one with a long name), four slots: 24 labels, so two pages.
    static let conference = ConferenceLayout(
        eventName: "Test Open Spaces", timeZone: TimeZone(identifier: "Europe/Prague")!, freezeMinutes: 10,
        rooms: [
            .init(code: "R101", name: "Room 101"),
            .init(code: "GARDEN", name: "Garden pavilion by the north entrance"),
            .init(code: "R201", name: "會議室 201"),
        ],
        days: [1, 2].map { number in
            .init(
                number: number, date: CalendarDate(year: 2030, month: 6, day: number), label: number == 1 ? "Fri" : "",
                slots: [10, 11, 13, 14].map {
                    TimeSlot(start: ClockTime(hour: $0, minute: 0), end: ClockTime(hour: $0 + 1, minute: 0))
                })
        },
        blocked: [])

    func sheet(dpi: Int = 200) -> SlotLabelSheet {
        SlotLabelSheet(
            conference: Self.conference, codes: TestSupport.codes, renderer: TestSupport.renderer, dotsPerInch: dpi)
    }

    func testEveryCellGetsOneLabelWithItsOwnCodeAcrossA4Pages() throws {
        let sheet = sheet()
        let pages = try sheet.pages()
        XCTAssertEqual(sheet.cells.count, 24)
        XCTAssertEqual(pages.count, 2, "21 labels fit a page")
        for page in pages {
            XCTAssertEqual(page.bitmap.width, 1654, "210 mm at 200 dpi")
            XCTAssertEqual(page.bitmap.height, 2339, "297 mm at 200 dpi")
        }
        let labels = pages.flatMap { $0.boxes(.label) }
        XCTAssertEqual(labels.map(\.text), sheet.cells.map(\.code))
        let codes = pages.flatMap(\.qrCodes)
        XCTAssertEqual(codes.map(\.text), sheet.cells.map { TestSupport.codes.code(for: $0) })
    }

    func testEachLabelHoldsItsCodeAndTextInsideItsArea() throws {
        for page in try sheet().pages() {
            let labels = page.boxes(.label)
            XCTAssertEqual(labels.count, page.qrCodes.count)
            for (label, code) in zip(labels, page.qrCodes) {
                XCTAssertNotNil(label.rect.intersection(code.rect))
                XCTAssertEqual(label.rect.intersection(code.rect), code.rect, "\(label.text)'s code leaves its label")
                XCTAssertGreaterThanOrEqual(code.moduleSize, 2)
            }
            for box in page.boxes where box.role != .label {
                XCTAssertTrue(
                    labels.contains { $0.rect.intersection(box.rect) == box.rect }, "\(box) is outside every label")
            }
            XCTAssertEqual(page.missingScalars, [])
        }
    }

    func testLabelsShowRoomDayAndTimeInWords() throws {
        let first = try XCTUnwrap(try sheet().pages().first)
        XCTAssertEqual(first.boxes(.roomName).first?.text, "Room 101")
        XCTAssertEqual(first.boxes(.day).first?.text, "Fri")
        XCTAssertEqual(first.boxes(.time).first?.text, "10:00–11:00")
        XCTAssertEqual(first.boxes(.slotCode).first?.text, "1-R101-1000")
        let second = try XCTUnwrap(try sheet().pages().last)
        XCTAssertEqual(second.boxes(.day).first?.text, "2030-06-02", "a day without a label shows its date")
    }

    func testSampledLabelsDecodeToExactlyTheirSlotCode() throws {
        for dpi in [150, 200] {
            let pages = try sheet(dpi: dpi).pages()
            let samples = [(0, 0), (0, 10), (0, 20), (1, 2)]
            for (pageIndex, labelIndex) in samples {
                let page = pages[pageIndex]
                let label = page.boxes(.label)[labelIndex]
                let decoded = try TestSupport.zbarDecode(page.bitmap.cropped(to: label.rect))
                XCTAssertEqual(decoded, [TestSupport.codes.code(for: CellRef(code: label.text)!)], "\(dpi) dpi")
            }
        }
    }

    func testPagesEncodeAsPNG() throws {
        let pngs = try sheet(dpi: 150).pngPages()
        XCTAssertEqual(pngs.count, 2)
        let decoded = try PNG.decode(pngs[0])
        XCTAssertEqual(decoded.width, 1240, "210 mm at 150 dpi")
        XCTAssertEqual(decoded.height, 1754, "297 mm at 150 dpi")
    }
}
