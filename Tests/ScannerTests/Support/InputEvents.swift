import Foundation
import XCTest

@testable import Scanner

/// Packed `struct input_event`s, as an evdev device delivers them, for feeding a pipe or FIFO.
enum InputEvents {
    static let eventKey: UInt16 = 1
    static let eventMisc: UInt16 = 4
    static let miscScan: UInt16 = 4

    /// The time now on CLOCK_REALTIME, the clock a FIFO's or pipe's reader compares with.
    static func now() -> Duration {
        KernelClock.now(CLOCK_REALTIME)
    }

    static func event(type: UInt16, code: UInt16, value: Int32, at time: Duration) -> [UInt8] {
        let (seconds, attoseconds) = time.components
        var bytes: [UInt8] = []
        withUnsafeBytes(of: Int(seconds)) { bytes += $0 }
        withUnsafeBytes(of: Int(attoseconds / 1_000_000_000_000)) { bytes += $0 }
        withUnsafeBytes(of: type) { bytes += $0 }
        withUnsafeBytes(of: code) { bytes += $0 }
        withUnsafeBytes(of: value) { bytes += $0 }
        return bytes
    }

    static func report(at time: Duration) -> [UInt8] {
        event(type: 0, code: 0, value: 0, at: time)
    }

    /// A key event followed by `SYN_REPORT`, preceded by the `MSC_SCAN` that USB keyboards send.
    static func key(_ code: UInt16, _ value: Int32, at time: Duration) -> [UInt8] {
        event(type: eventMisc, code: miscScan, value: 0x70000 + Int32(code), at: time)
            + event(type: eventKey, code: code, value: value, at: time) + report(at: time)
    }

    /// `text` typed as a US-layout wedge scanner types it, one key every `interval` from `start`,
    /// shift pressed around each upper-case letter and symbol; "\n" is Enter and "\t" Tab.
    static func typing(_ text: String, from start: Duration, interval: Duration = .milliseconds(2)) -> [UInt8] {
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
                guard let found = LinuxKeyCodes.keystroke(for: character) else {
                    XCTFail("no key types \(character)")
                    continue
                }
                keystroke = found
            }
            if keystroke.shifted { bytes += key(LinuxKeyCodes.leftShift, 1, at: next()) }
            bytes += key(keystroke.key, 1, at: next())
            bytes += key(keystroke.key, 0, at: next())
            if keystroke.shifted { bytes += key(LinuxKeyCodes.leftShift, 0, at: next()) }
        }
        return bytes
    }
}
