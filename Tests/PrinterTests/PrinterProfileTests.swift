import XCTest

@testable import Printer

final class PrinterProfileTests: XCTestCase {
    func testFiftyEightMillimetrePaperHas384DotsAndEightyHas576() {
        XCTAssertEqual(PrinterProfile.paper58mm.printableDots, 384)
        XCTAssertEqual(PrinterProfile.paper80mm.printableDots, 576)
        for profile in PrinterProfile.all {
            XCTAssertEqual(profile.dotsPerMillimetre, 8, "203 dpi")
            XCTAssertEqual(profile.printableDots % 8, 0, "whole raster bytes per row")
        }
    }

    func testProfilesAreFoundByTheirConfigNames() {
        XCTAssertEqual(PrinterProfile.named("58mm"), .paper58mm)
        XCTAssertEqual(PrinterProfile.named("80MM"), .paper80mm)
        XCTAssertNil(PrinterProfile.named("110mm"))
    }

    func testNativeQRIsOffByDefault() {
        XCTAssertFalse(PrinterProfile.paper58mm.supportsNativeQR)
        XCTAssertFalse(PrinterProfile.paper80mm.supportsNativeQR)
    }

    func testTwentyFiveMillimetresAreTwoHundredDots() {
        XCTAssertEqual(PrinterProfile.paper58mm.dots(millimetres: 25), 200)
    }
}
