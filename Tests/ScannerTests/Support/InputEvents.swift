import Foundation
import XCTest

@testable import Scanner

/// Packed `struct input_event`s, as an evdev device delivers them, for feeding a pipe or FIFO:
/// `EvdevTypist`'s bytes, with a test failure for text no US key types.
enum InputEvents {
    static func now() -> Duration { EvdevTypist.now() }

    static func event(type: UInt16, code: UInt16, value: Int32, at time: Duration) -> [UInt8] {
        EvdevTypist.event(type: type, code: code, value: value, at: time)
    }

    static func report(at time: Duration) -> [UInt8] { EvdevTypist.report(at: time) }

    static func key(_ code: UInt16, _ value: Int32, at time: Duration) -> [UInt8] {
        EvdevTypist.key(code, value, at: time)
    }

    static func typing(_ text: String, from start: Duration, interval: Duration = .milliseconds(2)) -> [UInt8] {
        guard let bytes = EvdevTypist.typing(text, from: start, interval: interval) else {
            XCTFail("no US key types some character of \(text)")
            return []
        }
        return bytes
    }
}
