/// Which line of a GPIO chip to request: its offset (the BCM number on a Raspberry Pi's header
/// chip) or the name the device tree gives it.
public enum GPIOLineID: Sendable, Hashable, CustomStringConvertible {
    /// The line at this offset on the chip; on a Pi's header chip, GPIO*n* is offset *n*.
    case offset(Int)
    /// The line the device tree names so (`gpioinfo` shows the names).
    case name(String)

    /// How messages name the line: `GPIO8`, or `line "DC"`.
    public var description: String {
        switch self {
        case .offset(let offset): "GPIO\(offset)"
        case .name(let name): "line \"\(name)\""
        }
    }
}
