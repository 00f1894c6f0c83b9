import Foundation
import Synchronization

/// Where the board's time comes from: the wall clock, or a simulated one for demos and tests.
public struct BoardClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    /// The real time.
    public static let system = BoardClock { Date() }

    /// Runs in real time from a chosen start, so a simulated board can live in a conference day.
    public static func starting(at start: Date) -> BoardClock {
        let origin = ContinuousClock.now
        return BoardClock {
            start.addingTimeInterval((ContinuousClock.now - origin).timeInterval)
        }
    }
}

/// A clock that only moves when told to, for scripted runs.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }

    public var clock: BoardClock { BoardClock { self.current.withLock { $0 } } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) { current.withLock { $0 = date } }
}
