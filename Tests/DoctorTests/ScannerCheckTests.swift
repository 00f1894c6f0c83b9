import BoardService
import Doctor
import Scanner
import XCTest

final class ScannerCheckTests: XCTestCase {
    func presence(_ outcome: ScannerProbeOutcome, _ overrides: [(key: String, value: String?, option: String)] = [])
        throws -> (CheckResult, usable: Bool)
    {
        let tree = try FakeTree()
        var environment = DoctorEnvironment.fake(tree)
        environment.scanners = FakeScanners(outcome: outcome)
        return ScannerChecks(config: try exampleConfig(overrides), environment: environment).presence()
    }

    func testScannerTakenAndReleasedIsOK() throws {
        let (result, usable) = try presence(.taken("/dev/input/event3 05e0:1200 \"Symbol Bar Code Scanner\""))
        XCTAssertEqual(result.status, .ok)
        XCTAssertTrue(usable)
    }

    func testNoScannerConfiguredReadsStandardInput() throws {
        let (result, usable) = try presence(.taken("unused"), [("scanner.device", "none", "--scanner")])
        XCTAssertEqual(result, CheckResult(.info, "scanner", "none configured: scans are read from standard input"))
        XCTAssertFalse(usable)
    }

    func testUnpluggedScannerBlocks() throws {
        let (result, usable) = try presence(.missing("no scanner 05e0:1200 found; input devices present: …"))
        XCTAssertEqual(result.status, .blocking)
        XCTAssertTrue(result.detail.hasPrefix("evdev 05e0:1200 not found: no scanner 05e0:1200 found"), result.detail)
        XCTAssertTrue(result.fix?.hasPrefix("plug the scanner in") ?? false)
        XCTAssertFalse(usable)
    }

    func testScannerGrabbedByAnotherProgramBlocksWithHowToFindIt() throws {
        let (result, _) = try presence(.busy("cannot take scanner /dev/input/event3 (EVIOCGRAB): another program …"))
        XCTAssertEqual(result.status, .blocking)
        XCTAssertTrue(result.detail.hasPrefix("evdev 05e0:1200 is held by another program"), result.detail)
        XCTAssertTrue(result.fix?.contains("fuser -v /dev/input/event*") ?? false)
    }

    func testScannerTheUserMayNotOpenBlocks() throws {
        let (result, _) = try presence(.denied("permission denied"))
        XCTAssertEqual(result.status, .blocking)
        XCTAssertTrue(result.fix?.contains("udev rules") ?? false)
    }

    func testSystemScannersFindNoScannerInAnEmptySysfs() throws {
        let tree = try FakeTree()
        try tree.folder("/sys/class/input")
        try tree.folder("/sys/bus/usb/devices")
        let scanners = SystemScanners(root: tree.root)
        guard case .missing(let reason) = scanners.probe(.evdev(.vendorProduct(0x05e0, 0x1200))) else {
            return XCTFail("an empty sysfs has no scanner")
        }
        XCTAssertTrue(reason.contains("no scanner 05e0:1200 found"), reason)
        XCTAssertEqual(
            scanners.probe(.usb(vendor: 0x05e0, product: 0x1200)),
            .missing("no USB scanner 05e0:1200 is plugged in; no USB devices at all"))
        XCTAssertEqual(
            scanners.probe(.serial(path: "/dev/ttyACM0")),
            .missing("/dev/ttyACM0 does not exist; no /dev/ttyACM* at all"))
    }
}
