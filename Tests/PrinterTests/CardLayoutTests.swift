import BoardModel
import Render
import XCTest

@testable import Printer

final class CardLayoutTests: XCTestCase {
    let codes = TestSupport.codes

    func layout(_ card: Card, on profile: PrinterProfile) throws -> PrintLayout {
        try CardLayout(profile: profile, renderer: TestSupport.renderer, codes: codes).layout(card)
    }

    func testCardIsExactlyThePaperWidth() throws {
        for profile in PrinterProfile.all {
            XCTAssertEqual(try layout(TestSupport.card(), on: profile).bitmap.width, profile.printableDots)
        }
    }

    func testQRCodeIsAtLeast25MillimetresWithWholeDotModulesAndFourModuleQuietZone() throws {
        let card = TestSupport.card()
        for profile in PrinterProfile.all {
            let printed = try layout(card, on: profile)
            XCTAssertEqual(printed.qrCodes.count, 1)
            let qr = try XCTUnwrap(printed.qrCodes.first)
            XCTAssertEqual(qr.text, codes.code(for: card.id))
            XCTAssertGreaterThanOrEqual(qr.symbolRect.width, 200, "25 mm at 203 dpi on \(profile)")
            XCTAssertEqual(qr.quietZoneModules, 4)
            XCTAssertEqual(qr.rect.width, (qr.modules + 8) * qr.moduleSize)
            XCTAssertLessThanOrEqual(qr.rect.maxX, profile.printableDots)
            // The printed pixels are exactly the symbol at that module size with a white border
            // of 4 modules, so every module is whole dots and the quiet zone holds no ink.
            let expected = try QRCode(qr.text, level: .medium).bitmap(moduleSize: qr.moduleSize, quietZone: 4)
            XCTAssertEqual(printed.bitmap.cropped(to: qr.rect), expected)
            XCTAssertEqual(printed.bitmap.inkCount(in: qr.rect), printed.bitmap.inkCount(in: qr.symbolRect))
        }
    }

    func testTitleHostHandleAndIDAreDrawnInsideThePaper() throws {
        let card = TestSupport.card()
        for profile in PrinterProfile.all {
            let printed = try layout(card, on: profile)
            for role in [PrintLayout.Role.title, .summary, .host, .contact, .cardID] {
                XCTAssertFalse(printed.boxes(role).isEmpty, "\(role) on \(profile)")
            }
            XCTAssertEqual(printed.boxes(.host).map(\.text), ["Ana Souza"])
            XCTAssertEqual(printed.boxes(.contact).map(\.text), ["@ana@fosstodon.org"])
            XCTAssertEqual(printed.boxes(.cardID).map(\.text), [card.id.text])
            for box in printed.boxes {
                XCTAssertGreaterThanOrEqual(box.rect.x, 0, "\(box)")
                XCTAssertLessThanOrEqual(box.rect.maxX, profile.printableDots, "\(box)")
                XCTAssertLessThanOrEqual(box.rect.maxY, printed.bitmap.height, "\(box)")
                if box.role != .ruledLine {
                    XCTAssertGreaterThan(printed.bitmap.inkCount(in: box.rect), 0, "\(box) is empty")
                }
            }
            let qr = try XCTUnwrap(printed.qrCodes.first)
            let idBox = try XCTUnwrap(printed.boxes(.cardID).first)
            XCTAssertGreaterThanOrEqual(idBox.rect.y, qr.rect.maxY, "the id is printed under the code")
        }
    }

    func testLongTitleWrapsAndLongSummaryEndsWithEllipsis() throws {
        var card = TestSupport.card(title: "A very long open space title about packaging, testing and releasing Python")
        card.summary = String(repeating: "Bring questions about wheels and lock files. ", count: 20)
        let printed = try layout(card, on: .paper58mm)
        XCTAssertGreaterThan(printed.boxes(.title).count, 1)
        XCTAssertEqual(printed.boxes(.summary).count, 6)
        XCTAssertTrue(printed.boxes(.summary).last?.text.hasSuffix("…") ?? false)
    }

    func testChineseTitleHasAGlyphForEveryCharacter() throws {
        let card = TestSupport.card(title: "開放空間：Python 與教育的未來，歡迎大家一起來討論")
        let printed = try layout(card, on: .paper58mm)
        XCTAssertEqual(printed.missingScalars, [])
        XCTAssertGreaterThan(printed.boxes(.title).count, 1, "CJK wraps between characters")
        for box in printed.boxes(.title) {
            XCTAssertGreaterThan(printed.bitmap.inkCount(in: box.rect), 0)
        }
    }

    func testCardWithoutHostOrSummaryStillHasTitleCodeAndID() throws {
        let card = Card(id: CardID(value: 42), title: "Lightning talks")
        let printed = try layout(card, on: .paper58mm)
        XCTAssertTrue(printed.boxes(.host).isEmpty)
        XCTAssertTrue(printed.boxes(.summary).isEmpty)
        XCTAssertEqual(printed.boxes(.title).map(\.text), ["Lightning talks"])
        XCTAssertEqual(printed.qrCodes.count, 1)
    }

    func testPrintedRasterDecodesToExactlyTheCardURL() throws {
        let card = TestSupport.card()
        for profile in PrinterProfile.all {
            let renderer = PrintJobRenderer(profile: profile, renderer: TestSupport.renderer, codes: codes)
            let ticket = PrintJobTicket(id: 1, kind: .card, card: card)
            let bytes = try renderer.bytes(for: ticket)
            let paper = try XCTUnwrap(try ESCPOSRaster.decode(bytes))
            XCTAssertEqual(paper, try renderer.layout(for: ticket).bitmap, "the raster is the layout, dot for dot")
            XCTAssertEqual(try TestSupport.zbarDecode(paper), [codes.code(for: card.id)])
        }
    }

    func testJobEndsWithACutOnPrintersWithACutterAndAFeedOtherwise() throws {
        let ticket = PrintJobTicket(id: 1, kind: .card, card: TestSupport.card())
        let withCutter = try PrintJobRenderer(profile: .paper80mm, renderer: TestSupport.renderer, codes: codes)
            .bytes(for: ticket)
        XCTAssertEqual(Array(withCutter.prefix(2)), ESCPOS.initialize)
        XCTAssertEqual(Array(withCutter.suffix(4)), ESCPOS.cut(.partial))
        let withoutCutter = try PrintJobRenderer(profile: .paper58mm, renderer: TestSupport.renderer, codes: codes)
            .bytes(for: ticket)
        XCTAssertEqual(Array(withoutCutter.suffix(3)), ESCPOS.feed(lines: 4))
    }

    func testNativeQRProfileLetsThePrinterDrawTheCodeInsteadOfTheRaster() throws {
        var profile = PrinterProfile.paper80mm
        profile.supportsNativeQR = true
        let card = TestSupport.card()
        let renderer = PrintJobRenderer(profile: profile, renderer: TestSupport.renderer, codes: codes)
        let ticket = PrintJobTicket(id: 1, kind: .card, card: card)
        let layout = try renderer.layout(for: ticket)
        let qr = try XCTUnwrap(layout.qrCodes.first)
        let commands = try ESCPOSCommand.parse(renderer.bytes(for: ticket))
        let url = Array(codes.code(for: card.id).utf8)
        XCTAssertTrue(commands.contains(.qrFunction(function: 0x50, parameters: [0x30] + url)))
        XCTAssertTrue(commands.contains(.qrFunction(function: 0x43, parameters: [UInt8(qr.moduleSize)])))
        let raster = try XCTUnwrap(try ESCPOSRaster.decode(renderer.bytes(for: ticket)))
        XCTAssertEqual(raster.height, layout.bitmap.height - qr.symbolRect.height, "the symbol rows are not rasterised")
    }

    func testBlankCardHasRuledLinesTheCodeAndTheID() throws {
        let id = CardID(value: 0x0ABC_DEF0)
        for profile in PrinterProfile.all {
            let printed = try BlankCardLayout(profile: profile, renderer: TestSupport.renderer, codes: codes).layout(id)
            XCTAssertEqual(printed.bitmap.width, profile.printableDots)
            XCTAssertEqual(printed.boxes(.caption).map(\.text), ["Topic", "Host", "Contact"])
            XCTAssertEqual(printed.boxes(.ruledLine).count, 5, "3 topic lines, host, contact")
            XCTAssertEqual(printed.boxes(.cardID).map(\.text), [id.text])
            let qr = try XCTUnwrap(printed.qrCodes.first)
            XCTAssertGreaterThanOrEqual(qr.symbolRect.width, 200)
            XCTAssertEqual(try TestSupport.zbarDecode(printed.bitmap), [codes.code(for: id)])
        }
    }
}
