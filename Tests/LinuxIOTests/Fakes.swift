import LinuxIO
import Synchronization

/// An output line that remembers the levels written to it, and can be told to fail.
final class FakeOutputLine: OutputLine {
    private let written = Mutex<[Bool]>([])
    let failure: FakeFailure?

    init(failing failure: FakeFailure? = nil) { self.failure = failure }

    var levels: [Bool] { written.withLock { $0 } }

    func set(_ high: Bool) throws {
        if let failure { throw failure }
        written.withLock { $0.append(high) }
    }
}

/// An input line that answers reads and waits from a script, and can be told to fail.
final class FakeInputLine: InputLine {
    private let answers: Mutex<[Bool]>
    let level: Bool
    let failure: FakeFailure?

    init(level: Bool = false, waitAnswers: [Bool] = [], failing failure: FakeFailure? = nil) {
        self.level = level
        self.answers = Mutex(waitAnswers)
        self.failure = failure
    }

    func read() throws -> Bool {
        if let failure { throw failure }
        return level
    }

    func wait(for level: Bool, timeout: Duration) throws -> Bool {
        if let failure { throw failure }
        return answers.withLock { $0.isEmpty ? false : $0.removeFirst() }
    }
}

/// An SPI device that remembers each write, and can be told to fail.
final class FakeSPIDevice: SPIDevice {
    private let written = Mutex<[[UInt8]]>([])
    let failure: FakeFailure?

    init(failing failure: FakeFailure? = nil) { self.failure = failure }

    var writes: [[UInt8]] { written.withLock { $0 } }

    func write(_ bytes: [UInt8]) throws {
        if let failure { throw failure }
        written.withLock { $0.append(bytes) }
    }
}

struct FakeFailure: Error, CustomStringConvertible {
    let description: String
}

/// A clock whose every reading is `step` later than the one before, so a traced wait takes
/// exactly one step.
final class SteppingClock: Clock {
    struct Instant: InstantProtocol {
        let offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (left: Instant, right: Instant) -> Bool { left.offset < right.offset }
    }

    let step: Duration
    private let elapsed = Mutex(Duration.zero)

    init(step: Duration) { self.step = step }

    var now: Instant {
        elapsed.withLock {
            $0 += step
            return Instant(offset: $0)
        }
    }

    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {}
}
