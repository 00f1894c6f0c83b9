import Foundation
import Synchronization

/// Tells every listener (a board's or a browser's event stream) the hub's newest version.
///
/// Listeners get only the latest version: a slow one that misses a poke still gets the next,
/// and a pull from its cookie catches everything up.
public final class Pokes: Sendable {
    private struct State {
        var version: Int64 = 0
        var listeners: [UInt64: AsyncStream<Int64>.Continuation] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    /// Told the number of listeners whenever one comes or goes (for the metrics gauge).
    private let countChanged: @Sendable (Int) -> Void

    public init(version: Int64 = 0, countChanged: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.countChanged = countChanged
        state.withLock { $0.version = version }
    }

    /// The newest version poked so far.
    public var version: Int64 { state.withLock { $0.version } }

    public var listenerCount: Int { state.withLock { $0.listeners.count } }

    /// Announces a version; older or equal versions than the newest are ignored.
    public func poke(_ version: Int64) {
        let listeners = state.withLock { state -> [AsyncStream<Int64>.Continuation] in
            guard version > state.version else { return [] }
            state.version = version
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.yield(version) }
    }

    /// A stream of versions, starting with the current one when it is newer than `after`.
    public func listen(after: Int64?) -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int64.self, bufferingPolicy: .bufferingNewest(1))
        let (id, current, count) = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.listeners[id] = continuation
            return (id, state.version, state.listeners.count)
        }
        countChanged(count)
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            let count = self.state.withLock { state in
                state.listeners.removeValue(forKey: id)
                return state.listeners.count
            }
            self.countChanged(count)
        }
        if let after, current > after { continuation.yield(current) }
        return stream
    }
}
