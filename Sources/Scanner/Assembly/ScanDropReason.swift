/// Why input from a scanner was dropped instead of becoming a scan; sources log it and pass it on.
public enum ScanDropReason: Sendable, Equatable, CustomStringConvertible {
    /// More characters than `ScanRules.maximumLength` before the scan ended.
    case tooLong(limit: Int)
    /// The kernel repeated a held key (evdev value 2).
    case autoRepeat(key: UInt16)
    /// A key stayed down longer than `ScanRules.stuckKeyLimit`.
    case stuckKey(key: UInt16, heldFor: Duration)
    /// The same character more than `ScanRules.maximumRepeats` times in a row.
    case repeatedCharacter(Character, count: Int)
    /// A key that types nothing on a US layout (a function key, Escape, an arrow).
    case unmappedKey(UInt16)
    /// A suffix with nothing, or only spaces, before it.
    case empty
    /// The kernel's event buffer overflowed (evdev `SYN_DROPPED`): keys were lost.
    case inputOverrun

    public var description: String {
        switch self {
        case .tooLong(let limit):
            "more than \(limit) characters without a suffix or pause: something types continuously "
                + "(a keyboard or a scanner in continuous mode); check what is plugged in as the scanner"
        case .autoRepeat(let key):
            "key \(key) auto-repeated, so it was held down: a scanner never holds a key; "
                + "check that the device is the scanner and not a keyboard"
        case .stuckKey(let key, let heldFor):
            "key \(key) held down for \(heldFor) without release: a stuck key; replug the scanner"
        case .repeatedCharacter(let character, let count):
            "\(count) times \"\(character)\" in a row: a stuck key; replug the scanner"
        case .unmappedKey(let key):
            "key \(key) types no character on a US keyboard: set the scanner to the US keyboard layout "
                + "with no special prefix"
        case .empty:
            "a suffix with no code before it: check the scanner's prefix and suffix settings"
        case .inputOverrun:
            "the kernel's input buffer overflowed and keys were lost: scan again"
        }
    }
}
