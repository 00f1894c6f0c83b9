import Foundation
import XCTest

@testable import LinuxIO

final class GPIOErrorTests: XCTestCase {
    private let pi4 = GPIOError.Chip(name: "gpiochip0", label: "pinctrl-bcm2711", lineCount: 58)

    private func busy(offset: Int, holder: String?) -> GPIOError {
        GPIOError.requestFailed(
            line: "GPIO\(offset)", offset: offset, chip: pi4, purpose: "as output for \"openspace\"", code: EBUSY,
            holder: holder)
    }

    func testBusyChipSelect0SaysTheSPIDriverOwnsItAndHowToFreeIt() {
        let error = busy(offset: 8, holder: "spi0 CS0")
        XCTAssertTrue(error.message.contains("GPIO8 is held by another driver"), error.message)
        XCTAssertTrue(error.message.contains("consumer \"spi0 CS0\""), error.message)
        XCTAssertTrue(error.message.contains("the SPI driver owns CE0"), error.message)
        XCTAssertTrue(error.message.contains("dtoverlay=spi0-0cs"), error.message)
        XCTAssertTrue(error.message.contains("/boot/firmware/config.txt"), error.message)
        XCTAssertEqual(error.chip, "gpiochip0 [pinctrl-bcm2711]")
        XCTAssertEqual(error.line, "GPIO8")
    }

    func testBusyChipSelect1SaysTheSPIDriverOwnsCE1() {
        let error = busy(offset: 7, holder: nil)
        XCTAssertTrue(error.message.contains("the SPI driver owns CE1"), error.message)
        XCTAssertTrue(error.message.contains("dtoverlay=spi0-0cs"), error.message)
    }

    func testBusyOtherLinePointsAtGpioinfo() {
        let error = busy(offset: 24, holder: "gpiomon")
        XCTAssertTrue(
            error.message.contains("GPIO24 is held by another process or driver (consumer \"gpiomon\")"), error.message)
        XCTAssertTrue(error.message.contains("gpioinfo gpiochip0"), error.message)
        XCTAssertFalse(error.message.contains("spi0-0cs"), error.message)
    }

    func testPermissionDeniedSaysToJoinTheGPIOGroupOrUseTheUdevRule() {
        let error = GPIOError.requestFailed(
            line: "GPIO17", offset: 17, chip: pi4, purpose: "as output", code: EACCES, holder: nil)
        XCTAssertTrue(error.message.contains("gpio group"), error.message)
        XCTAssertTrue(error.message.contains("udev rule"), error.message)
    }

    func testOffsetPastTheLastLineSaysWhichOffsetsExist() {
        let error = GPIOError.requestFailed(
            line: "GPIO60", offset: 60, chip: pi4, purpose: "as input", code: EINVAL, holder: nil)
        XCTAssertTrue(
            error.message.contains("gpiochip0 has no line at offset 60 (its lines are 0 to 57)"), error.message)
    }

    func testUnknownLabelListsTheChipsFoundWithTheirLabels() {
        let chips = [
            GPIOChipSummary(path: "/dev/gpiochip0", label: "pinctrl-bcm2711", lineCount: 58, problem: nil),
            GPIOChipSummary(path: "/dev/gpiochip1", label: "raspberrypi-exp-gpio", lineCount: 8, problem: nil),
            GPIOChipSummary(path: "/dev/gpiochip2", label: nil, lineCount: nil, problem: "Permission denied"),
        ]
        let error = GPIOError.chipNotFound(labels: ["pinctrl-rp1"], code: ENOENT, chips: chips)
        XCTAssertEqual(
            error.message,
            "no GPIO chip labelled \"pinctrl-rp1\"; chips found: gpiochip0 [pinctrl-bcm2711] (58 lines), "
                + "gpiochip1 [raspberrypi-exp-gpio] (8 lines), gpiochip2 (cannot open: Permission denied); "
                + "pass the label of the chip that carries the header pins (gpiodetect lists them)")
    }

    func testLabelHiddenByUnreadableChipsSaysHowToGetAccess() {
        let chips = [GPIOChipSummary(path: "/dev/gpiochip0", label: nil, lineCount: nil, problem: "Permission denied")]
        let error = GPIOError.chipNotFound(labels: ["pinctrl-bcm2835"], code: EACCES, chips: chips)
        XCTAssertTrue(error.message.hasPrefix("no readable GPIO chip labelled \"pinctrl-bcm2835\""), error.message)
        XCTAssertTrue(error.message.contains("gpio group"), error.message)
    }

    func testUnknownLineNameSaysWhereToFindTheNames() {
        let error = GPIOError.lineNotFound(name: "EPD_BUSY", chip: pi4, code: ENOENT)
        XCTAssertTrue(
            error.message.contains("cannot find line \"EPD_BUSY\" on gpiochip0 [pinctrl-bcm2711]"), error.message)
        XCTAssertTrue(error.message.contains("gpioinfo gpiochip0"), error.message)
    }
}
