import CGPIOD
import Synchronization

/// A GPIO line requested as an input with edge detection (the panel's BUSY, a button), held
/// until this object is released. Waits sleep in the kernel until an edge or the timeout.
///
/// Sendable because the request handle lives in a `Mutex` (see `GPIOHandle`), held for the
/// whole of a wait, so a read from another thread waits for the wait to finish. The object keeps its chip
/// alive, as libgpiod 1.x frees a chip's lines with the chip.
public final class GPIOInput: InputLine, CustomStringConvertible {
    /// The chip the line belongs to.
    public let chip: GPIOChip
    /// How messages name the line: `GPIO24`, or `line "BUSY" (GPIO24)`.
    public let line: String

    private let handle: Mutex<GPIOHandle>

    public var description: String { "\(line) on \(chip)" }

    init(chip: GPIOChip, line: String, handle: OpaquePointer) {
        self.chip = chip
        self.line = line
        self.handle = Mutex(GPIOHandle(pointer: handle))
    }

    deinit {
        handle.withLock { osb_gpio_line_release($0.pointer) }
    }

    public func read() throws -> Bool {
        try handle.withLock { try level(of: $0.pointer) }
    }

    public func wait(for level: Bool, timeout: Duration) throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        return try handle.withLock { handle in
            let request = handle.pointer
            // The kernel queues edges from the moment of the request, so an edge between this
            // read and the wait below is not lost: it wakes the wait at once.
            while try self.level(of: request) != level {
                let remaining = clock.now.duration(to: deadline)
                guard remaining > .zero else { return false }
                var events: Int32 = 0
                let code = osb_gpio_line_wait_edge(request, Self.nanoseconds(remaining), &events)
                guard code == 0 else {
                    throw GPIOError.operationFailed("wait for an edge on", line: line, chip: chip.identity, code: code)
                }
                // No edge in time: one last look covers a change whose event the kernel dropped
                // (its event queue is bounded).
                if events == 0 { return try self.level(of: request) == level }
            }
            return true
        }
    }

    private func level(of request: OpaquePointer) throws -> Bool {
        var value: Int32 = 0
        let code = osb_gpio_line_get(request, &value)
        guard code == 0 else { throw GPIOError.operationFailed("read", line: line, chip: chip.identity, code: code) }
        return value != 0
    }

    /// Whole nanoseconds, rounded up so a wait never ends just before its deadline and spins.
    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds < Int64.max / 1_000_000_000 - 1 else { return Int64.max }
        return seconds * 1_000_000_000 + (attoseconds + 999_999_999) / 1_000_000_000
    }
}
