/// What one key types on a US keyboard layout: a character, or one of the keys that can end a scan.
public enum KeyOutput: Sendable, Hashable {
    case character(Character)
    /// Enter or keypad Enter: the suffix most scanners send after a code.
    case enter
    /// Tab: the suffix of scanners set up to fill forms field by field.
    case tab
}
