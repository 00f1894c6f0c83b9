/// Linux input event key codes (`KEY_*` in include/uapi/linux/input-event-codes.h) and what they
/// type on a US keyboard, independent of the host's keymap.
///
/// The evdev source reads these codes; Enter, keypad Enter and Tab map to suffix keys.
public enum LinuxKeyCodes {
    public static let leftShift: UInt16 = 42
    public static let rightShift: UInt16 = 54
    public static let enter: UInt16 = 28
    public static let keypadEnter: UInt16 = 96
    public static let tab: UInt16 = 15

    /// The digit row and the punctuation keys, unshifted and shifted.
    static let symbolRows: [(UInt16, String)] = [
        (2, "1!"), (3, "2@"), (4, "3#"), (5, "4$"), (6, "5%"), (7, "6^"), (8, "7&"), (9, "8*"),
        (10, "9("), (11, "0)"), (12, "-_"), (13, "=+"), (26, "[{"), (27, "]}"), (39, ";:"),
        (40, "'\""), (41, "`~"), (43, "\\|"), (51, ",<"), (52, ".>"), (53, "/?"), (57, " "),
    ]

    /// The keypad: some scanners type digits there. The codes name the keys, not the Num Lock
    /// state, so a keypad digit is a digit here.
    static let keypadRows: [(UInt16, String)] = [
        (71, "7"), (72, "8"), (73, "9"), (75, "4"), (76, "5"), (77, "6"), (79, "1"), (80, "2"),
        (81, "3"), (82, "0"), (83, "."), (55, "*"), (74, "-"), (78, "+"), (98, "/"), (117, "="),
        (121, ","),
    ]

    /// The letters, row by row from Q, A and Z.
    static let letterRows: [(UInt16, String)] =
        KeyTable.letters("qwertyuiop", from: 16) + KeyTable.letters("asdfghjkl", from: 30)
        + KeyTable.letters("zxcvbnm", from: 44)

    // Written as typed constants rather than one literal sum: Swift 6.2's type checker gives up
    // on the sum of literals.
    static let table = KeyTable(
        rows: symbolRows + letterRows + keypadRows,
        enter: [enter, keypadEnter],
        tab: [tab],
        // Ctrl, Shift, Alt, Meta (left and right), Caps Lock, Num Lock, Scroll Lock.
        ignored: [29, 97, leftShift, rightShift, 56, 100, 125, 126, 58, 69, 70])

    /// What `key` types with shift held or not; nil for a key that types nothing on a US layout.
    public static func output(key: UInt16, shifted: Bool) -> KeyOutput? {
        table.output(key: key, shifted: shifted)
    }

    /// The key and shift state that type `character`, for simulating a scanner.
    public static func keystroke(for character: Character) -> Keystroke? {
        table.keystroke(for: character)
    }

    /// Whether `key` is a modifier or lock key, which changes how others type but types nothing.
    public static func isModifierOrLock(_ key: UInt16) -> Bool {
        table.isIgnored(key)
    }
}
