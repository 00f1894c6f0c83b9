import CGPIOD
import Synchronization

/// A GPIO line requested as an output (reset, data/command, power), held until this object is
/// released.
///
/// Sendable because the request handle lives in a `Mutex` (see `GPIOHandle`). The object keeps its
/// chip alive, as libgpiod 1.x frees a chip's lines with the chip.
public final class GPIOOutput: OutputLine, CustomStringConvertible {
    /// The chip the line belongs to.
    public let chip: GPIOChip
    /// How messages name the line: `GPIO25`, or `line "DC" (GPIO25)`.
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

    public func set(_ high: Bool) throws {
        let code = handle.withLock { osb_gpio_line_set($0.pointer, high ? 1 : 0) }
        guard code == 0 else {
            throw GPIOError.operationFailed("set", line: line, chip: chip.identity, code: code)
        }
    }
}
