import Foundation
import Synchronization

/// A readable log of what the board did to the panel's lines and bus, one line of text per
/// GPIO write, SPI write or BUSY wait, filled by the tracing decorators (`TracingOutputLine`,
/// `TracingInputLine`, `TracingSPIDevice`) that share it.
///
/// It also remembers the data/command line's level, so the SPI tracer can tell commands from
/// data the way the panel's controller does.
public final class Trace: Sendable {
    private struct State {
        var lines: [String] = []
        var dataCommandLevel: Bool?
    }

    private let state = Mutex(State())

    public init() {}

    /// Everything recorded so far, oldest first.
    public var lines: [String] { state.withLock { $0.lines } }

    /// The lines joined, each ending in a newline.
    public var text: String { lines.map { $0 + "\n" }.joined() }

    /// The level last written to the data/command line (false: command, true: data), nil
    /// before the first write.
    public var dataCommandLevel: Bool? { state.withLock { $0.dataCommandLevel } }

    /// Adds one line, e.g. a note from the driver about what comes next.
    public func record(_ line: String) {
        state.withLock { $0.lines.append(line) }
    }

    /// Records a write to the data/command line and the new level in one step, so an SPI write
    /// traced on another thread sees the level and the line together.
    func recordDataCommand(_ level: Bool, _ line: String) {
        state.withLock {
            $0.lines.append(line)
            $0.dataCommandLevel = level
        }
    }

    /// Writes `text` to the file at `path`, replacing it.
    public func write(to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
