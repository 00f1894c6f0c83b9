import Foundation
import LinuxIO
import Logging
import Synchronization

/// The reading thread every source shares: connect, read until the device goes away, look for it
/// again every `retryInterval`, until stopped.
///
/// Reads block in poll() or libusb, so they run on a thread of their own, never on Swift's
/// cooperative pool. Sendable because its mutable state is two atomics and a lock; the
/// connections it opens never leave the reading thread.
///
/// The thread checks whether to stop at least every `longestWait`, while reading and while
/// looking for the scanner; each check is its sign of life, so a call that hangs in the kernel
/// or in libusb (an open, a read) shows as silence (`isResponsive(longest:)`).
final class ScannerReadLoop: Sendable {
    /// The longest a read waits before it checks whether to stop.
    static let longestWait: Duration = .milliseconds(100)

    private let logger: Logger
    private let retryInterval: Duration
    private let stopping = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let lastCheck = Mutex(ContinuousClock.now)

    /// `label` names what is looked for (`evdev 1d6b:0104`) in every log line.
    init(label: String, logger: Logger, retryInterval: Duration) {
        var logger = logger
        logger[metadataKey: "scanner"] = "\(label)"
        self.logger = logger
        self.retryInterval = retryInterval
    }

    var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// Whether to stop; called by the reading thread between waits, which marks it alive.
    func shouldStop() -> Bool {
        lastCheck.withLock { $0 = .now }
        return isStopping
    }

    /// False once the reading thread has not checked in for `longest`: it is stuck in one call.
    func isResponsive(longest: Duration) -> Bool {
        ContinuousClock.now - lastCheck.withLock { $0 } < longest
    }

    func stop() {
        stopping.store(true, ordering: .releasing)
    }

    /// Starts the reading thread, which calls `connect` to open the scanner at first and after it
    /// went away; `connect` throws a `ScannerError` naming the device and the fix. A second call
    /// returns a stream that has already ended, since one device cannot be read twice.
    func events(connect: @escaping @Sendable () throws -> any ScannerConnection) -> AsyncStream<ScannerEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ScannerEvent.self)
        guard started.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else {
            logger.error("events() called a second time on one scanner source; only the first stream is fed")
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [self] _ in stop() }
        let thread = Thread { [self] in
            run(connect, continuation)
        }
        thread.name = "scanner"
        thread.start()
        return stream
    }

    private func run(
        _ connect: () throws -> any ScannerConnection, _ continuation: AsyncStream<ScannerEvent>.Continuation
    ) {
        // Whether the consumer already knows the scanner is absent, so failures to find it again
        // are logged but not reported every half second.
        var absenceReported = false
        var lastFailure: String?
        while !shouldStop() {
            do {
                let connection = try connect()
                logger.info("scanner connected: \(connection.description)")
                continuation.yield(.connected(connection.description))
                absenceReported = false
                lastFailure = nil
                let end = connection.read(
                    until: { shouldStop() },
                    emit: { event in
                        log(event, from: connection.description)
                        continuation.yield(event)
                    })
                guard case .lost(let reason) = end else { break }
                logger.warning("scanner \(connection.description) disconnected: \(reason); looking for it again")
                continuation.yield(.disconnected(reason))
                absenceReported = true
            } catch {
                let message = String(describing: error)
                if message != lastFailure {
                    logger.warning("\(message); looking again every \(retryInterval)")
                    lastFailure = message
                }
                if !absenceReported {
                    continuation.yield(.disconnected(message))
                    absenceReported = true
                }
            }
            waitUnlessStopped(retryInterval)
        }
        logger.debug("scanner reading stopped")
        continuation.finish()
    }

    private func log(_ event: ScannerEvent, from device: String) {
        switch event {
        case .scan(let text): logger.debug("scan from \(device): \(text)")
        case .dropped(let reason): logger.warning("input from \(device) dropped: \(reason)")
        case .connected, .disconnected: break
        }
    }

    private func waitUnlessStopped(_ interval: Duration) {
        let end = KernelClock.now() + interval
        while !shouldStop() {
            let left = end - KernelClock.now()
            guard left > .zero else { return }
            let (seconds, attoseconds) = min(left, Self.longestWait).components
            Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
        }
    }
}
