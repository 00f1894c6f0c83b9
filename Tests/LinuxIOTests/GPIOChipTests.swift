import CGPIOD
import Foundation
import XCTest

@testable import LinuxIO

/// What is real on a machine without GPIO hardware: the lookups and their errors. Requests on real
/// lines run in the rig against gpio-sim.
final class GPIOChipTests: XCTestCase {
    private func gpioError(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> GPIOError? {
        do {
            _ = try body()
            XCTFail("expected a GPIOError", file: file, line: line)
        } catch let error as GPIOError {
            return error
        } catch {
            XCTFail("not a GPIOError: \(error)", file: file, line: line)
        }
        return nil
    }

    /// On this machine there may be no chip at all; in the rig there are: the message lists them.
    private func assertListsTheChipsThatExist(_ message: String, file: StaticString = #filePath, line: UInt = #line) {
        let chips = GPIOChipSummary.scan()
        if chips.isEmpty {
            XCTAssertTrue(message.contains("this machine has no GPIO chips"), message, file: file, line: line)
        } else {
            for chip in chips { XCTAssertTrue(message.contains(chip.description), message, file: file, line: line) }
        }
    }

    func testUnknownLabelNamesItAndListsTheChipsThatExist() throws {
        let error = try XCTUnwrap(gpioError { try GPIOChip(label: "osb-no-such-chip") })
        XCTAssertEqual(error.code, ENOENT)
        XCTAssertTrue(error.message.contains("no GPIO chip labelled \"osb-no-such-chip\""), error.message)
        assertListsTheChipsThatExist(error.message)
    }

    func testFindNamesEveryLabelItTried() throws {
        let error = try XCTUnwrap(gpioError { try GPIOChip.find(labels: ["osb-first", "osb-second"]) })
        XCTAssertEqual(error.code, ENOENT)
        XCTAssertTrue(error.message.contains("\"osb-first\" or \"osb-second\""), error.message)
        let all = try XCTUnwrap(gpioError { try GPIOChip.find() })
        XCTAssertTrue(
            all.message.contains("\"pinctrl-rp1\", \"pinctrl-bcm2711\" or \"pinctrl-bcm2835\""), all.message)
        assertListsTheChipsThatExist(error.message)
    }

    func testFindLooksForThePi5ThenPi4ThenOlderHeaderChips() {
        XCTAssertEqual(GPIOChip.raspberryPiHeaderLabels, ["pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835"])
    }

    func testMissingChipPathSaysItDoesNotExist() throws {
        let error = try XCTUnwrap(gpioError { try GPIOChip(path: "/dev/gpiochip-osb-missing") })
        XCTAssertEqual(error.code, ENOENT)
        XCTAssertTrue(error.message.contains("/dev/gpiochip-osb-missing: it does not exist"), error.message)
        assertListsTheChipsThatExist(error.message)
    }

    func testFileThatIsNotAChipIsRefusedAsSuch() throws {
        let error = try XCTUnwrap(gpioError { try GPIOChip(path: "/dev/null") })
        XCTAssertTrue([ENOTTY, ENODEV].contains(error.code), "errno \(error.code)")
        XCTAssertTrue(error.message.contains("/dev/null: it is not a GPIO chip device"), error.message)
    }

    func testSwiftPMBuildUsesTheLibgpiodGenerationOfTheSystemHeader() throws {
        let header = try String(contentsOfFile: "/usr/include/gpiod.h", encoding: .utf8)
        let expected: Int32 = header.contains("GPIOD_LINE_BULK_MAX_LINES") ? 1 : 2
        XCTAssertEqual(osb_gpio_api_generation(), expected)
        XCTAssertTrue(GPIOChip.libraryDescription.contains("(\(expected).x API)"), GPIOChip.libraryDescription)
    }

    func testLinesAreNamedByBCMNumberOrByName() {
        XCTAssertEqual(GPIOLineID.offset(24).description, "GPIO24")
        XCTAssertEqual(GPIOLineID.name("BUSY").description, "line \"BUSY\"")
    }
}
