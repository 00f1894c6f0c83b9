/// An output line that records every level written through it (`gpio RST=0`) in a `Trace`.
public struct TracingOutputLine: OutputLine {
    /// The name the trace gives the line: RST, DC, PWR, ...
    public let name: String
    private let line: any OutputLine
    private let trace: Trace
    private let isDataCommand: Bool

    /// Wraps `line`. Pass `isDataCommand: true` for the panel's DC line: the trace then labels each
    /// SPI write as a command (DC low) or data (DC high).
    public init(_ line: any OutputLine, name: String, trace: Trace, isDataCommand: Bool = false) {
        self.line = line
        self.name = name
        self.trace = trace
        self.isDataCommand = isDataCommand
    }

    public func set(_ high: Bool) throws {
        let entry = "gpio \(name)=\(high ? 1 : 0)"
        do {
            try line.set(high)
        } catch {
            trace.record("\(entry) failed: \(error)")
            throw error
        }
        if isDataCommand {
            trace.recordDataCommand(high, entry)
        } else {
            trace.record(entry)
        }
    }
}
