import XCTest

@testable import Scanner

final class KeyTableTests: XCTestCase {
    /// The characters of QR alphanumeric mode (ISO/IEC 18004, table 5), which the board's codes use.
    static let qrAlphanumeric = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    /// Other characters of URLs and plain codes that a scanner may type.
    static let otherPrintable = Array("abcdefghijklmnopqrstuvwxyz_=?&#@~,;!^()[]{}<>'\"`|\\")

    func testEveryQRAlphanumericCharacterRoundTripsThroughItsLinuxKeyAndShift() {
        for character in Self.qrAlphanumeric + Self.otherPrintable {
            guard let keystroke = LinuxKeyCodes.keystroke(for: character) else {
                XCTFail("no Linux key types \(character)")
                continue
            }
            XCTAssertEqual(
                LinuxKeyCodes.output(key: keystroke.key, shifted: keystroke.shifted), .character(character),
                "\(character)")
        }
    }

    func testEveryQRAlphanumericCharacterRoundTripsThroughItsHIDUsageAndShift() {
        for character in Self.qrAlphanumeric + Self.otherPrintable {
            guard let keystroke = HIDUsageTable.keystroke(for: character) else {
                XCTFail("no HID usage types \(character)")
                continue
            }
            XCTAssertEqual(
                HIDUsageTable.output(usage: UInt8(keystroke.key), shifted: keystroke.shifted), .character(character),
                "\(character)")
        }
    }

    /// Anchors against include/uapi/linux/input-event-codes.h, so a round trip cannot hide a
    /// table that is consistently wrong.
    func testLinuxKeyCodesMatchTheKernelHeaderOnAUSLayout() {
        let expected: [(UInt16, Bool, Character)] = [
            (30, false, "a"), (30, true, "A"), (44, true, "Z"), (2, false, "1"), (11, false, "0"),
            (39, true, ":"), (53, false, "/"), (52, false, "."), (12, false, "-"), (12, true, "_"),
            (5, true, "$"), (6, true, "%"), (9, true, "*"), (13, true, "+"), (13, false, "="), (53, true, "?"),
            (8, true, "&"), (4, true, "#"), (3, true, "@"), (41, true, "~"), (51, false, ","), (57, false, " "),
            (55, false, "*"), (78, false, "+"), (74, false, "-"), (98, false, "/"), (83, false, "."), (82, false, "0"),
        ]
        for (key, shifted, character) in expected {
            XCTAssertEqual(LinuxKeyCodes.output(key: key, shifted: shifted), .character(character), "KEY \(key)")
        }
    }

    func testHIDUsagesMatchTheUsageTablesOnAUSLayout() {
        let expected: [(UInt8, Bool, Character)] = [
            (0x04, false, "a"), (0x04, true, "A"), (0x1D, true, "Z"), (0x1E, false, "1"), (0x27, false, "0"),
            (0x33, true, ":"), (0x38, false, "/"), (0x37, false, "."), (0x2D, false, "-"), (0x2D, true, "_"),
            (0x21, true, "$"), (0x22, true, "%"), (0x25, true, "*"), (0x2E, true, "+"), (0x2C, false, " "),
            (0x38, true, "?"), (0x24, true, "&"), (0x20, true, "#"), (0x1F, true, "@"), (0x35, true, "~"),
            (0x36, false, ","), (0x55, false, "*"), (0x57, false, "+"), (0x56, false, "-"), (0x62, false, "0"),
        ]
        for (usage, shifted, character) in expected {
            XCTAssertEqual(
                HIDUsageTable.output(usage: usage, shifted: shifted), .character(character), "usage \(usage)")
        }
    }

    func testEnterKeypadEnterAndTabAreSuffixKeysWithOrWithoutShift() {
        for shifted in [false, true] {
            XCTAssertEqual(LinuxKeyCodes.output(key: LinuxKeyCodes.enter, shifted: shifted), .enter)
            XCTAssertEqual(LinuxKeyCodes.output(key: LinuxKeyCodes.keypadEnter, shifted: shifted), .enter)
            XCTAssertEqual(LinuxKeyCodes.output(key: LinuxKeyCodes.tab, shifted: shifted), .tab)
            XCTAssertEqual(HIDUsageTable.output(usage: HIDUsageTable.enter, shifted: shifted), .enter)
            XCTAssertEqual(HIDUsageTable.output(usage: HIDUsageTable.keypadEnter, shifted: shifted), .enter)
            XCTAssertEqual(HIDUsageTable.output(usage: HIDUsageTable.tab, shifted: shifted), .tab)
        }
    }

    func testModifiersLocksAndFunctionKeysTypeNothing() {
        XCTAssertTrue(LinuxKeyCodes.isModifierOrLock(LinuxKeyCodes.leftShift))
        XCTAssertTrue(LinuxKeyCodes.isModifierOrLock(58))  // KEY_CAPSLOCK
        XCTAssertNil(LinuxKeyCodes.output(key: 59, shifted: false))  // KEY_F1
        XCTAssertNil(LinuxKeyCodes.output(key: 1, shifted: false))  // KEY_ESC
        XCTAssertTrue(HIDUsageTable.isModifierOrLock(0xE1))  // Left Shift in a report-protocol array
        XCTAssertTrue(HIDUsageTable.isModifierOrLock(0x39))  // Caps Lock
        XCTAssertNil(HIDUsageTable.output(usage: 0x3A, shifted: false))  // F1
    }
}
