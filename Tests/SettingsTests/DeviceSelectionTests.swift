import LinuxIO
import Printer
import Scanner
import XCTest

@testable import Settings

final class DeviceSelectionTests: XCTestCase {
    func testScannerSelectionsParseAsWrittenAndNonsenseIsRefused() throws {
        XCTAssertEqual(try ScannerSelection("evdev:05e0:1200"), .evdev(.vendorProduct(0x05E0, 0x1200)))
        XCTAssertEqual(
            try ScannerSelection("evdev:/dev/input/by-id/usb-x-event-kbd"),
            .evdev(.path("/dev/input/by-id/usb-x-event-kbd")))
        XCTAssertEqual(try ScannerSelection("evdev:Barcode Scanner"), .evdev(.name("Barcode Scanner")))
        XCTAssertEqual(try ScannerSelection("/dev/input/event3"), .evdev(.path("/dev/input/event3")))
        XCTAssertEqual(try ScannerSelection("usb:1d6b:0104"), .usb(vendor: 0x1D6B, product: 0x0104))
        XCTAssertEqual(try ScannerSelection("serial:/dev/ttyACM0"), .serial(path: "/dev/ttyACM0"))
        XCTAssertEqual(try ScannerSelection("/dev/ttyACM1"), .serial(path: "/dev/ttyACM1"))
        for nonsense in [
            "", "evdev:", "usb:", "usb:xyz", "usb:1d6b", "usb:12345:1", "serial:ttyACM0", "bluetooth:1", "1d6b:0104",
        ] {
            XCTAssertThrowsError(try ScannerSelection(nonsense), nonsense) { error in
                XCTAssertTrue("\(error)".contains("scanner '\(nonsense)'"), "\(error)")
            }
        }
    }

    func testPrinterSelectionsParseAsWrittenAndNonsenseIsRefused() throws {
        XCTAssertEqual(try PrinterSelection("usb"), .usb(nil))
        XCTAssertEqual(try PrinterSelection("usb:0416:5011"), .usb(USBDeviceID(vendor: 0x0416, product: 0x5011)))
        XCTAssertEqual(try PrinterSelection("/dev/usb/lp0"), .device(path: "/dev/usb/lp0"))
        XCTAssertEqual(try PrinterSelection("device:/dev/usb/lp1"), .device(path: "/dev/usb/lp1"))
        XCTAssertEqual(try PrinterSelection("tcp:10.0.0.5"), .network(host: "10.0.0.5", port: 9100))
        XCTAssertEqual(try PrinterSelection("tcp:printer.local:9101"), .network(host: "printer.local", port: 9101))
        XCTAssertEqual(try PrinterSelection("tcp:[fd00::5]:9100"), .network(host: "fd00::5", port: 9100))
        XCTAssertEqual(try PrinterSelection("tcp:[fd00::5]"), .network(host: "fd00::5", port: 9100))
        for nonsense in [
            "", "usb:0416", "tcp:", "tcp:host:0", "tcp:host:70000", "tcp:a:b:c", "tcp:[::1", "lp0", "cups:x",
        ] {
            XCTAssertThrowsError(try PrinterSelection(nonsense), nonsense) { error in
                XCTAssertTrue("\(error)".contains("printer '\(nonsense)'"), "\(error)")
            }
        }
    }
}
