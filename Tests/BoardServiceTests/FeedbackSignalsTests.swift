import BoardModel
import LinuxIO
import Synchronization
import XCTest

@testable import BoardService

final class FeedbackSignalsTests: XCTestCase {
    final class RecordingLine: OutputLine {
        let levels = Mutex<[Bool]>([])
        func set(_ high: Bool) throws { levels.withLock { $0.append(high) } }
    }

    func testAcceptIsOneBeepAndRejectIsThreeOnBuzzerAndLED() {
        let buzzer = RecordingLine()
        let led = RecordingLine()
        let signals = FeedbackSignals(lines: [buzzer, led], sleep: { _ in })
        signals.signal(.accepted)
        signals.finish()
        XCTAssertEqual(buzzer.levels.withLock { $0 }, [true, false])
        XCTAssertEqual(led.levels.withLock { $0 }, [true, false])
        signals.signal(.refused)
        signals.finish()
        XCTAssertEqual(buzzer.levels.withLock { $0 }.dropFirst(2), [true, false, true, false, true, false])
    }

    func testSignalReturnsAtOnceWhileThePatternPlays() {
        let line = RecordingLine()
        let started = ContinuousClock.now
        let signals = FeedbackSignals(lines: [line])
        signals.signal(.refused)
        XCTAssertLessThan(ContinuousClock.now - started, .milliseconds(50), "the scan path does not wait for beeps")
        signals.finish()
        XCTAssertEqual(line.levels.withLock { $0 }.last, false, "the buzzer ends silent")
    }

    func testANewPatternCutsTheOldOneShortAndEndsSilent() {
        let line = RecordingLine()
        let gate = DispatchSemaphore(value: 0)
        let signals = FeedbackSignals(lines: [line], sleep: { _ in gate.wait() })
        signals.signal(.refused)
        signals.signal(.accepted)
        for _ in 0..<8 { gate.signal() }
        signals.finish()
        let levels = line.levels.withLock { $0 }
        XCTAssertEqual(levels.suffix(2), [true, false], "the accept tone played last")
        XCTAssertLessThan(levels.count, 2 + 6, "the reject pattern did not play out in full")
    }
}
