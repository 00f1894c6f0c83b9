import Foundation
import LinuxIO

/// The bytes an evdev keyboard device gives when a US-layout wedge scanner types some text: the
/// simulated scanner's side of `EvdevScannerSource(match: .path(fifo))`, for development, tests
/// and `openspace bench`.
///
/// Each key is `MSC_SCAN`, `EV_KEY` and `SYN_REPORT`, as a USB keyboard sends them; shift is
/// pressed around upper-case letters and symbols; "\n" is Enter and "\t" Tab.
public enum EvdevTypist {
    static let eventMisc: UInt16 = 4
    static let miscScan: UInt16 = 4

    /// One `input_event` as this machine's kernel lays it out.
    public static func event(type: UInt16, code: UInt16, value: Int32, at time: Duration) -> [UInt8] {
        InputEvent(time: time, type: type, code: code, value: value).bytes
    }

    /// `SYN_REPORT`: the end of one batch of events.
    public static func report(at time: Duration) -> [UInt8] {
        event(type: 0, code: 0, value: 0, at: time)
    }

    /// A key going down (1), up (0) or repeating (2), with its scan code and report.
    public static func key(_ code: UInt16, _ value: Int32, at time: Duration) -> [UInt8] {
        event(type: eventMisc, code: miscScan, value: 0x70000 + Int32(code), at: time)
            + event(type: LinuxInput.eventKey, code: code, value: value, at: time) + report(at: time)
    }

    /// `text` typed one key event every `interval` from `start` (a kernel time on
    /// `CLOCK_REALTIME`, as evdev stamps its events); nil when a character has no key on a US
    /// keyboard.
    public static func typing(_ text: String, from start: Duration, interval: Duration = .milliseconds(2)) -> [UInt8]? {
        var time = start
        var bytes: [UInt8] = []
        func next() -> Duration {
            time += interval
            return time
        }
        for character in text {
            let keystroke: Keystroke
            switch character {
            case "\n": keystroke = Keystroke(key: LinuxKeyCodes.enter, shifted: false)
            case "\t": keystroke = Keystroke(key: LinuxKeyCodes.tab, shifted: false)
            default:
                guard let found = LinuxKeyCodes.keystroke(for: character) else { return nil }
                keystroke = found
            }
            if keystroke.shifted { bytes += key(LinuxKeyCodes.leftShift, 1, at: next()) }
            bytes += key(keystroke.key, 1, at: next())
            bytes += key(keystroke.key, 0, at: next())
            if keystroke.shifted { bytes += key(LinuxKeyCodes.leftShift, 0, at: next()) }
        }
        return bytes
    }

    /// The kernel's time now on `CLOCK_REALTIME`, the clock evdev events carry.
    public static func now() -> Duration { KernelClock.now(CLOCK_REALTIME) }
}
