/// An input line that records every read (`busy read high`) and every wait, with its level,
/// limit, outcome and the time it took (`busy wait high ≤10s: ok after 3 ms`), in a `Trace`.
public struct TracingInputLine: InputLine {
    /// The name the trace gives the line: BUSY, ...
    public let name: String
    private let line: any InputLine
    private let trace: Trace
    private let clock: any Clock<Duration>

    /// Wraps `line`; waits are timed on `clock` (tests pass a clock of their own).
    public init(_ line: any InputLine, name: String, trace: Trace, clock: any Clock<Duration> = ContinuousClock()) {
        self.line = line
        self.name = name
        self.trace = trace
        self.clock = clock
    }

    public func read() throws -> Bool {
        let entry = "\(name.lowercased()) read"
        do {
            let high = try line.read()
            trace.record("\(entry) \(high ? "high" : "low")")
            return high
        } catch {
            trace.record("\(entry) failed: \(error)")
            throw error
        }
    }

    public func wait(for level: Bool, timeout: Duration) throws -> Bool {
        let entry = "\(name.lowercased()) wait \(level ? "high" : "low") ≤\(TraceFormat.limit(timeout))"
        let (outcome, waited) = Self.timed(on: clock) { try line.wait(for: level, timeout: timeout) }
        let after = "after \(TraceFormat.milliseconds(waited))"
        switch outcome {
        case .success(true): trace.record("\(entry): ok \(after)")
        case .success(false): trace.record("\(entry): timed out \(after)")
        case .failure(let error): trace.record("\(entry): failed \(after): \(error)")
        }
        return try outcome.get()
    }

    private static func timed<C: Clock>(
        on clock: C, _ body: () throws -> Bool
    ) -> (Result<Bool, any Error>, Duration) where C.Duration == Duration {
        let start = clock.now
        let outcome = Result { try body() }
        return (outcome, start.duration(to: clock.now))
    }
}
