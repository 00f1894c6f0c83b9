/// One key going down, coming up or repeating, as a source read it: the input of `ScanAssembler`.
public struct KeyEvent: Sendable, Equatable {
    /// What happened to the key.
    public enum Action: Sendable, Equatable {
        case down
        case up
        /// The kernel's auto-repeat of a held key (evdev value 2): a scanner never holds a key.
        case autoRepeat
    }

    /// The key's code in its source's numbering (Linux `KEY_*` or HID usage), pairing a press with
    /// its release.
    public var key: UInt16
    /// What the key types with the shift state of the moment; nil when it types nothing.
    public var output: KeyOutput?
    public var action: Action
    /// When it happened, on a monotonic clock with any origin; only differences matter.
    public var time: Duration

    public init(key: UInt16, output: KeyOutput?, action: Action, time: Duration) {
        self.key = key
        self.output = output
        self.action = action
        self.time = time
    }
}
