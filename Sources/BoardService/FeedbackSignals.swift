import BoardModel
import Foundation
import LinuxIO
import Synchronization

/// The accept and reject signals a host hears and sees at the board: a buzzer and an LED on GPIO.
///
/// Patterns play on a thread of their own, so a scan's path never waits for a beep; a new
/// pattern replaces one still playing, so fast scanning never queues up old beeps.
public final class FeedbackSignals: Sendable {
    /// One step of a pattern: lines on or off for a while.
    public struct Step: Equatable, Sendable {
        public var on: Bool
        public var duration: Duration
    }

    /// Accepted: one short beep (and the LED lit for as long). Refused: three quick beeps.
    /// A prompt (half of a pair) gets a single very short click so the host knows it registered.
    public static func pattern(for tone: Feedback.Tone) -> [Step] {
        switch tone {
        case .accepted: [Step(on: true, duration: .milliseconds(150)), Step(on: false, duration: .zero)]
        case .prompt: [Step(on: true, duration: .milliseconds(30)), Step(on: false, duration: .zero)]
        case .refused:
            [
                Step(on: true, duration: .milliseconds(70)), Step(on: false, duration: .milliseconds(60)),
                Step(on: true, duration: .milliseconds(70)), Step(on: false, duration: .milliseconds(60)),
                Step(on: true, duration: .milliseconds(70)), Step(on: false, duration: .zero),
            ]
        }
    }

    private let lines: [any OutputLine]
    private let sleep: @Sendable (Duration) -> Void
    /// Bumped by every new pattern; a playing pattern stops when it sees a newer one.
    private let generation = Mutex(0)
    private let player = DispatchQueue(label: "openspace.feedback")

    /// - Parameter lines: the buzzer and LED lines (either may be left out); high is on.
    public init(
        lines: [any OutputLine],
        sleep: @escaping @Sendable (Duration) -> Void = FeedbackSignals.threadSleep
    ) {
        self.lines = lines
        self.sleep = sleep
    }

    /// Blocks the calling thread (the player's own) for a step of a pattern.
    public static func threadSleep(_ duration: Duration) { Thread.sleep(forTimeInterval: duration.timeInterval) }

    /// Plays the pattern for a tone and returns at once.
    public func signal(_ tone: Feedback.Tone) {
        guard !lines.isEmpty else { return }
        let mine = generation.withLock { value in
            value += 1
            return value
        }
        let steps = Self.pattern(for: tone)
        player.async { [self] in
            for step in steps {
                guard generation.withLock({ $0 }) == mine else { return }
                for line in lines { try? line.set(step.on) }
                if step.duration > .zero { sleep(step.duration) }
            }
        }
    }

    /// Waits until every pattern asked for so far has played (for tests and shutdown).
    public func finish() { player.sync {} }
}

extension Duration {
    /// The duration in seconds, for Foundation's sleeps and dates.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
