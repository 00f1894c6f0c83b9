import Doctor
import XCTest

final class SPICheckTests: XCTestCase {
    func spi(_ tree: FakeTree, _ overrides: [(key: String, value: String?, option: String)] = []) throws -> CheckResult
    {
        PanelChecks(config: try exampleConfig(overrides), environment: .fake(tree)).spi()
    }

    func testPresentSpidevIsOK() throws {
        let tree = try FakeTree()
        try tree.write("/dev/spidev0.0")
        let result = try spi(tree)
        XCTAssertEqual(result, CheckResult(.ok, "SPI", "/dev/spidev0.0 present"))
    }

    func testPiWithoutDtparamIsToldToAddIt() throws {
        let tree = try FakeTree()
        try tree.raspberryPi(config: "[all]\n#dtparam=spi=on\ndtparam=audio=on\n")
        let result = try spi(tree)
        XCTAssertEqual(result.status, .blocking)
        XCTAssertEqual(result.detail, "/dev/spidev0.0 is missing: SPI is off on this Raspberry Pi 4 Model B Rev 1.5")
        XCTAssertEqual(
            result.fix,
            "add `dtparam=spi=on` to /boot/firmware/config.txt and reboot (or `sudo raspi-config nonint do_spi 0`)")
    }

    func testOlderPiOSKeepsConfigTxtInBoot() throws {
        let tree = try FakeTree()
        try tree.write("/proc/device-tree/model", "Raspberry Pi Zero 2 W Rev 1.0\0")
        try tree.write("/boot/config.txt", "dtparam=audio=on\n")
        let result = try spi(tree)
        XCTAssertTrue(result.fix?.contains("add `dtparam=spi=on` to /boot/config.txt") ?? false, "\(result)")
    }

    func testPiWithDtparamButNoDeviceIsToldToReboot() throws {
        let tree = try FakeTree()
        try tree.raspberryPi(config: "[all]\ndtparam=i2c_arm=on,spi=on\n")
        let result = try spi(tree)
        XCTAssertEqual(result.status, .blocking)
        XCTAssertTrue(result.detail.contains("although /boot/firmware/config.txt has dtparam=spi=on"), result.detail)
        XCTAssertTrue(result.fix?.hasPrefix("reboot") ?? false, "\(result)")
    }

    func testLaterSpiOffWins() throws {
        let tree = try FakeTree()
        try tree.raspberryPi(config: "dtparam=spi=on\ndtparam=spi=off\n")
        XCTAssertFalse(BootFiles(root: tree.root).spiEnabled)
        try tree.raspberryPi(config: "dtparam=spi\ndtoverlay=spi0-0cs\n")
        XCTAssertTrue(BootFiles(root: tree.root).spiEnabled)
        XCTAssertTrue(BootFiles(root: tree.root).chipSelectsFreed)
    }

    func testElsewhereTheSpidevDriverIsNamedAndOtherDevicesListed() throws {
        let tree = try FakeTree()
        try tree.write("/dev/spidev1.0")
        let result = try spi(tree)
        XCTAssertEqual(result.status, .blocking)
        XCTAssertEqual(result.detail, "/dev/spidev0.0 is missing; present: /dev/spidev1.0")
        XCTAssertTrue(result.fix?.hasPrefix("load the spidev driver") ?? false, "\(result)")
        XCTAssertTrue(result.fix?.hasSuffix("or set panel.spi_device to one of those") ?? false, "\(result)")
    }

    func testSimulatedPanelNeedsNoChecks() throws {
        let tree = try FakeTree()
        let results = PanelChecks(
            config: try exampleConfig([("panel.model", "simulated", "--simulate")]), environment: .fake(tree)
        ).run()
        XCTAssertEqual(results.map(\.title), ["panel", "panel now"])
        XCTAssertEqual(results.map(\.status), [.info, .info], "no board has run with this journal in the tree")
    }
}
