/// USB HID keyboard usage IDs (HID Usage Tables 1.12, section 10, Keyboard/Keypad page 0x07) and
/// what they type on a US keyboard, for reading a boot-keyboard scanner through libusb.
///
/// Shift comes from the report's modifier byte. Usage 0x32 (Non-US `#`) types a backslash, as
/// Linux maps it to `KEY_BACKSLASH`, so both sources agree.
public enum HIDUsageTable {
    public static let enter: UInt8 = 0x28
    public static let keypadEnter: UInt8 = 0x58
    public static let tab: UInt8 = 0x2B

    static let table = KeyTable(
        rows: [
            (0x1E, "1!"), (0x1F, "2@"), (0x20, "3#"), (0x21, "4$"), (0x22, "5%"), (0x23, "6^"),
            (0x24, "7&"), (0x25, "8*"), (0x26, "9("), (0x27, "0)"), (0x2C, " "), (0x2D, "-_"),
            (0x2E, "=+"), (0x2F, "[{"), (0x30, "]}"), (0x31, "\\|"), (0x32, "\\|"), (0x33, ";:"),
            (0x34, "'\""), (0x35, "`~"), (0x36, ",<"), (0x37, ".>"), (0x38, "/?"),
        ]
            + KeyTable.letters("abcdefghijklmnopqrstuvwxyz", from: 0x04)
            // The keypad types the same with or without Num Lock here, as in LinuxKeyCodes.
            + [
                (0x59, "1"), (0x5A, "2"), (0x5B, "3"), (0x5C, "4"), (0x5D, "5"), (0x5E, "6"), (0x5F, "7"),
                (0x60, "8"), (0x61, "9"), (0x62, "0"), (0x63, "."), (0x54, "/"), (0x55, "*"), (0x56, "-"),
                (0x57, "+"), (0x67, "="), (0x85, ","),
            ],
        enter: [UInt16(enter), UInt16(keypadEnter)],
        tab: [UInt16(tab)],
        // Caps Lock, Scroll Lock, Num Lock, and the eight modifiers (0xE0-0xE7), which a boot
        // report carries in its modifier byte but a report-protocol array may also list.
        ignored: Set([0x39, 0x47, 0x53] + (0xE0...0xE7)))

    /// What `usage` types with shift held or not; nil for a usage that types nothing on a US layout.
    public static func output(usage: UInt8, shifted: Bool) -> KeyOutput? {
        table.output(key: UInt16(usage), shifted: shifted)
    }

    /// The usage and shift state that type `character`, for simulating a scanner (e.g. writing
    /// boot reports to a HID gadget).
    public static func keystroke(for character: Character) -> Keystroke? {
        table.keystroke(for: character)
    }

    /// Whether `usage` is a modifier or lock key, which types nothing.
    public static func isModifierOrLock(_ usage: UInt8) -> Bool {
        table.isIgnored(UInt16(usage))
    }
}
