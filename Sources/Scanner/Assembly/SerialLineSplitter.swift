/// Splits the bytes of a serial (CDC-ACM) scanner into scans: a line ends at CR or LF, or after
/// a pause longer than the inter-key gap, as `ScanAssembler` does for keys.
///
/// CR LF counts as one end of line. A line longer than `ScanRules.maximumLength` bytes is dropped
/// and the rest of it swallowed up to its end. Pure and time-injected, like `ScanAssembler`.
public struct SerialLineSplitter: Sendable {
    public let rules: ScanRules

    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A

    private var line: [UInt8] = []
    /// The time of the last byte of the line being received; nil between lines.
    private var lastActivity: Duration?
    private var discarding = false
    /// The previous byte ended a line with CR, so an LF right after it belongs to the same end.
    private var afterCarriageReturn = false

    public init(rules: ScanRules = ScanRules()) {
        self.rules = rules
    }

    /// The time by which `tick(at:)` should be called if no byte comes first; nil when nothing waits.
    public var nextDeadline: Duration? {
        lastActivity.map { $0 + rules.interKeyGap }
    }

    /// Takes bytes received at `time`; returns the scans and drops they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>, at time: Duration) -> [ScannerEvent] {
        var results = tick(at: time)
        for byte in bytes {
            defer { afterCarriageReturn = byte == Self.carriageReturn }
            switch byte {
            case Self.lineFeed where afterCarriageReturn:
                continue
            case Self.carriageReturn, Self.lineFeed:
                if !discarding {
                    let text = String(decoding: line, as: UTF8.self)
                    results.append(text.allSatisfy(\.isWhitespace) ? .dropped(.empty) : .scan(text))
                }
                clearLine()
            default:
                lastActivity = time
                guard !discarding else { continue }
                if line.count == rules.maximumLength {
                    results.append(.dropped(.tooLong(limit: rules.maximumLength)))
                    line.removeAll()
                    discarding = true
                } else {
                    line.append(byte)
                }
            }
        }
        return results
    }

    /// Ends a line whose bytes stopped longer than the gap ago.
    public mutating func tick(at time: Duration) -> [ScannerEvent] {
        guard let lastActivity, time - lastActivity > rules.interKeyGap else { return [] }
        var results: [ScannerEvent] = []
        if !discarding {
            let text = String(decoding: line, as: UTF8.self)
            if !text.allSatisfy(\.isWhitespace) { results.append(.scan(text)) }
        }
        clearLine()
        return results
    }

    private mutating func clearLine() {
        line.removeAll(keepingCapacity: true)
        lastActivity = nil
        discarding = false
    }
}
