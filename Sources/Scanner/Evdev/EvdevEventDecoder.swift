import LinuxIO

/// Decodes the bytes read from an evdev device into key events, tracking shift.
///
/// Reads may split an event (a pipe does), so an incomplete tail waits for the next bytes.
/// Modifier and lock keys become shift state or nothing; `EV_MSC`, `EV_LED` and the like are
/// ignored. After `SYN_DROPPED` the kernel's advice is followed: events up to the next
/// `SYN_REPORT` are discarded, and the shift state is forgotten with them.
public struct EvdevEventDecoder {
    /// One decoded event.
    public enum Decoded: Equatable {
        case key(KeyEvent)
        /// The kernel dropped events (`SYN_DROPPED`) at this time.
        case overrun(Duration)
    }

    private var tail: [UInt8] = []
    private var shiftKeysDown: Set<UInt16> = []
    private var skippingToReport = false

    public init() {}

    public mutating func decode(_ bytes: UnsafeRawBufferPointer) -> [Decoded] {
        tail.append(contentsOf: bytes)
        let size = LinuxInput.eventSize
        let whole = tail.count / size * size
        var decoded: [Decoded] = []
        tail.withUnsafeBytes { raw in
            for offset in stride(from: 0, to: whole, by: size) {
                if let event = decodeEvent(raw, at: offset) { decoded.append(event) }
            }
        }
        tail.removeFirst(whole)
        return decoded
    }

    private mutating func decodeEvent(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Decoded? {
        let event = InputEvent(raw, at: offset)
        let (type, code, value, time) = (event.type, event.code, event.value, event.time)

        if type == LinuxInput.eventSynchronization {
            if code == LinuxInput.synchronizationDropped {
                skippingToReport = true
                shiftKeysDown.removeAll()
                return .overrun(time)
            }
            if code == LinuxInput.synchronizationReport { skippingToReport = false }
            return nil
        }
        guard type == LinuxInput.eventKey, !skippingToReport else { return nil }
        if code == LinuxKeyCodes.leftShift || code == LinuxKeyCodes.rightShift {
            if value == 0 { shiftKeysDown.remove(code) } else { shiftKeysDown.insert(code) }
            return nil
        }
        guard !LinuxKeyCodes.isModifierOrLock(code) else { return nil }
        let action: KeyEvent.Action
        switch value {
        case 0: action = .up
        case 1: action = .down
        case 2: action = .autoRepeat
        default: return nil
        }
        let output = LinuxKeyCodes.output(key: code, shifted: !shiftKeysDown.isEmpty)
        return .key(KeyEvent(key: code, output: output, action: action, time: time))
    }
}
