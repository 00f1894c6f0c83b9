import Doctor
import Printer
import XCTest

final class PrinterCheckTests: XCTestCase {
    func printer(_ open: @escaping @Sendable () throws -> any PrinterTransport) throws -> CheckResult {
        let tree = try FakeTree()
        var environment = DoctorEnvironment.fake(tree)
        environment.openPrinter = { _ in try open() }
        return PrinterCheck(config: try exampleConfig(), environment: environment).run()
    }

    func testReadyPrinterIsOK() throws {
        let result = try printer { FakePrinter(replies: [1: 0x12, 4: 0x12]) }
        XCTAssertEqual(result, CheckResult(.ok, "printer", "USB 0416:5011 (bus 1 address 4) ready"))
    }

    func testUnpluggedPrinterOnlyWarnsCardsWaitInTheQueue() throws {
        let result = try printer {
            throw PrinterTransportError(
                .notFound, device: "USB printer 0416:5011", message: "no USB device 0416:5011 is connected")
        }
        XCTAssertEqual(result.status, .warning)
        XCTAssertEqual(
            result.detail,
            "usb 0416:5011: no USB device 0416:5011 is connected; the board keeps cards queued and prints them when it is back"
        )
        XCTAssertTrue(result.fix?.hasPrefix("plug the printer in") ?? false)
    }

    func testPaperOutAndCoverOpenWarnWithTheirFixes() throws {
        // Off-line (0x08); cause: cover open (0x04) and paper end stop (0x20).
        let result = try printer { FakePrinter(replies: [1: 0x1A, 2: 0x36, 4: 0x72]) }
        XCTAssertEqual(result.status, .warning)
        XCTAssertTrue(result.detail.contains("paper out, cover open"), result.detail)
        XCTAssertEqual(result.fix, "load a paper roll; close the cover")
    }

    func testOfflinePrinterIsToldToGoOnline() throws {
        let result = try printer { FakePrinter(replies: [1: 0x1A, 2: 0x12, 4: 0x12]) }
        XCTAssertEqual(result.status, .warning)
        XCTAssertTrue(result.fix?.hasPrefix("put it on-line") ?? false, "\(result)")
    }

    func testPrinterWithoutStatusPrintsAnyway() throws {
        let result = try printer { FakePrinter(replies: [:]) }
        XCTAssertEqual(result.status, .ok)
        XCTAssertTrue(result.detail.contains("gives no status"), result.detail)
    }

    func testNoPrinterConfigured() throws {
        let tree = try FakeTree()
        let result = PrinterCheck(
            config: try exampleConfig([("printer.device", "none", "--printer")]), environment: .fake(tree)
        ).run()
        XCTAssertEqual(result.status, .info)
    }
}
