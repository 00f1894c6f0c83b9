import Doctor
import LinuxIO
import XCTest

final class GPIOCheckTests: XCTestCase {
    func checks(
        _ tree: FakeTree, gpio: FakeGPIO = FakeGPIO(), _ overrides: [(key: String, value: String?, option: String)] = []
    ) throws -> PanelChecks {
        var environment = DoctorEnvironment.fake(tree)
        environment.gpio = gpio
        return PanelChecks(config: try exampleConfig(overrides), environment: environment)
    }

    // MARK: The chip

    func testPiHeaderChipIsFoundByLabel() throws {
        let (result, chip) = try checks(FakeTree()).gpioChip()
        XCTAssertEqual(result, CheckResult(.ok, "gpiochip", "gpiochip0 [pinctrl-bcm2711] (58 lines) at /dev/gpiochip0"))
        XCTAssertEqual(chip?.path, "/dev/gpiochip0")
    }

    func testWrongLabelListsTheChipsAndNamesTheKey() throws {
        let gpio = FakeGPIO(listed: [
            ChipListing(path: "/dev/gpiochip0", label: "pinctrl-bcm2711", lineCount: 58),
            ChipListing(path: "/dev/gpiochip1", label: "raspberrypi-exp-gpio", lineCount: 8),
        ])
        let (result, chip) = try checks(FakeTree(), gpio: gpio, [("panel.gpio_chip", "pinctrl-bcm2835", "--gpio-chip")])
            .gpioChip()
        XCTAssertNil(chip)
        XCTAssertEqual(result.status, .blocking)
        XCTAssertEqual(
            result.detail,
            "no chip labelled pinctrl-bcm2835; chips: gpiochip0 [pinctrl-bcm2711] (58 lines), "
                + "gpiochip1 [raspberrypi-exp-gpio] (8 lines)")
        XCTAssertTrue(result.fix?.contains("set panel.gpio_chip") ?? false, "\(result)")
        XCTAssertTrue(result.fix?.contains("`gpio_chip: pinctrl-bcm2711`") ?? false, "\(result)")
    }

    func testChipByPath() throws {
        let gpio = FakeGPIO(listed: [ChipListing(path: "/dev/gpiochip4", label: "pinctrl-rp1", lineCount: 54)])
        let (result, chip) = try checks(FakeTree(), gpio: gpio, [("panel.gpio_chip", "/dev/gpiochip4", "--gpio-chip")])
            .gpioChip()
        XCTAssertEqual(result.status, .ok)
        XCTAssertEqual(chip?.label, "pinctrl-rp1")
    }

    func testUnreadableChipsPointAtAccess() throws {
        let gpio = FakeGPIO(listed: [
            ChipListing(path: "/dev/gpiochip0", label: nil, lineCount: nil, problem: "Permission denied")
        ])
        let (result, chip) = try checks(FakeTree(), gpio: gpio).gpioChip()
        XCTAssertNil(chip)
        XCTAssertEqual(result.status, .blocking)
        XCTAssertTrue(result.detail.contains("gpiochip0 (cannot open: Permission denied)"), result.detail)
        XCTAssertTrue(result.fix?.contains("access") ?? false, "\(result)")
    }

    func testNoChipsAtAll() throws {
        let (result, _) = try checks(FakeTree(), gpio: FakeGPIO(listed: [])).gpioChip()
        XCTAssertEqual(result.status, .blocking)
        XCTAssertTrue(result.detail.hasSuffix("no /dev/gpiochip* at all"), result.detail)
    }

    // MARK: The lines

    let chip = ChipListing(path: "/dev/gpiochip0", label: "pinctrl-bcm2711", lineCount: 58)
    let sim = ChipListing(path: "/dev/gpiochip0", label: "gpio-sim.0-node0", lineCount: 28)

    func testFreeLinesAreOK() throws {
        let results = try checks(FakeTree()).lines(on: chip)
        XCTAssertEqual(
            results, [CheckResult(.ok, "lines", "RST GPIO17, DC GPIO25, BUSY GPIO24, PWR GPIO18 free on gpiochip0")])
    }

    func testBuzzerOnTheSPIChipSelectGetsTheSpi00csFix() throws {
        let gpio = FakeGPIO(listed: [sim], held: [8: "spi0 CS0"])
        let results = try checks(FakeTree(), gpio: gpio, [("feedback.buzzer", "8", "--pin-buzzer")]).lines(on: sim)
        let result = try finding("lines", in: results)
        XCTAssertEqual(result.status, .blocking)
        XCTAssertEqual(
            result.detail, "buzzer GPIO8 is held by \"spi0 CS0\": the SPI driver claims it as a chip select")
        XCTAssertEqual(
            result.fix,
            "add `dtoverlay=spi0-0cs` to /boot/firmware/config.txt and reboot (the HAT drives its own CS), "
                + "or choose another pin for feedback.buzzer")
    }

    func testCE1OnThePiHeaderChipIsAChipSelectWhateverItsConsumer() throws {
        let tree = try FakeTree()
        try tree.raspberryPi()
        let gpio = FakeGPIO(listed: [chip], held: [7: "spi-cs"])
        let results = try checks(tree, gpio: gpio, [("feedback.led", "7", "--pin-led")]).lines(on: chip)
        XCTAssertTrue(try finding("lines", in: results).fix?.hasPrefix("add `dtoverlay=spi0-0cs`") ?? false)
    }

    func testLineHeldByAnotherProgramNamesIt() throws {
        let gpio = FakeGPIO(listed: [chip], held: [24: "epd-demo"])
        let result = try finding("lines", in: try checks(FakeTree(), gpio: gpio).lines(on: chip))
        XCTAssertEqual(result.status, .blocking)
        XCTAssertEqual(result.detail, "BUSY GPIO24 is held by \"epd-demo\"")
        XCTAssertEqual(
            result.fix,
            "stop the program holding it (`gpioinfo gpiochip0` shows it) or choose another pin for panel.pins.busy")
    }

    func testLinesHeldByTheRunningBoardOnlyWarn() throws {
        let gpio = FakeGPIO(listed: [chip], held: [17: "openspace-panel"])
        let result = try finding("lines", in: try checks(FakeTree(), gpio: gpio).lines(on: chip))
        XCTAssertEqual(result.status, .warning)
        XCTAssertTrue(result.fix?.contains("systemctl stop openspace-board") ?? false)
    }

    func testLineConfiguredTwiceBlocks() throws {
        let results = try checks(FakeTree(), [("feedback.led", "25", "--pin-led")]).lines(on: chip)
        let result = try finding("lines", in: results)
        XCTAssertEqual(result.status, .blocking)
        XCTAssertEqual(result.detail, "GPIO25 is configured twice: panel.pins.dc (DC) and feedback.led (LED)")
        XCTAssertEqual(result.fix, "give each its own line: change feedback.led")
    }

    func testUnknownLineNameAndOffsetBeyondTheChip() throws {
        let results = try checks(
            FakeTree(), [("panel.pins.rst", "EPD_RST", "--pin-rst"), ("panel.pins.busy", "60", "--pin-busy")]
        ).lines(on: chip)
        XCTAssertEqual(results.count, 2, DoctorReport(results).text)
        XCTAssertEqual(results.map(\.status), [.blocking, .blocking])
        XCTAssertTrue(
            results.contains { $0.detail == "RST (panel.pins.rst) is line \"EPD_RST\", which gpiochip0 has not" })
        XCTAssertTrue(
            results.contains { $0.detail == "BUSY (panel.pins.busy) is GPIO60, but gpiochip0 has lines 0 to 57" })
    }
}
