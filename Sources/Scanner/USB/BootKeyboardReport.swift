/// One HID boot-keyboard input report: the modifier byte, a reserved byte, and the usages of up
/// to six keys down now (HID 1.11, appendix B.1).
///
/// A report lists keys held, not key presses, so presses come from comparing a report with the
/// one before it (`keyEvents(after:at:)`), a pure function.
public struct BootKeyboardReport: Sendable, Equatable {
    public var modifiers: UInt8
    /// The usages of keys down, in report order, without the zero padding.
    public var keys: [UInt8]

    /// No key down: the state before the first report.
    public static let released = BootKeyboardReport(modifiers: 0, keys: [])

    public init(modifiers: UInt8, keys: [UInt8]) {
        self.modifiers = modifiers
        self.keys = keys
    }

    /// Reads the report as sent; nil when it is too short to hold a key. Bytes past the eighth
    /// are ignored, as the boot protocol has none.
    public init?(bytes: some Collection<UInt8>) {
        let report = Array(bytes.prefix(HIDBootProtocol.reportLength))
        guard report.count >= 3 else { return nil }
        self.init(modifiers: report[0], keys: report[2...].filter { $0 != 0 })
    }

    /// Whether a shift key is down, by the modifier byte.
    public var shifted: Bool { modifiers & HIDBootProtocol.shiftModifiers != 0 }

    /// Whether this is a rollover or error report, which says nothing about which keys are down
    /// and must not be compared with the reports around it.
    public var isErrorReport: Bool { keys.contains(where: HIDBootProtocol.errorUsages.contains) }

    /// The keys released and pressed since `previous`, releases first, each in report order.
    /// Modifier and lock keys are left out (shift is read from the modifier byte). An error
    /// report yields nothing.
    public func keyEvents(after previous: BootKeyboardReport, at time: Duration) -> [KeyEvent] {
        guard !isErrorReport else { return [] }
        let released = previous.keys.filter { !keys.contains($0) && !HIDUsageTable.isModifierOrLock($0) }
        let pressed = keys.filter { !previous.keys.contains($0) && !HIDUsageTable.isModifierOrLock($0) }
        return released.map { usage in
            KeyEvent(
                key: UInt16(usage), output: HIDUsageTable.output(usage: usage, shifted: previous.shifted), action: .up,
                time: time)
        }
            + pressed.map { usage in
                KeyEvent(
                    key: UInt16(usage), output: HIDUsageTable.output(usage: usage, shifted: shifted), action: .down,
                    time: time)
            }
    }
}
