/// A key and the shift state that make a US keyboard type one character.
///
/// The key is a Linux `KEY_*` code or a USB HID usage ID, depending on the table it comes from.
public struct Keystroke: Sendable, Hashable {
    public var key: UInt16
    public var shifted: Bool

    public init(key: UInt16, shifted: Bool) {
        self.key = key
        self.shifted = shifted
    }
}
