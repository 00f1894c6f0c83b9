/// Turns key events into scans, and drops input that a scanner would not type.
///
/// Pure and time-injected: the caller passes each key event with its time, and calls `tick(at:)`
/// when no key came for a while (by `nextDeadline`), so a pause can end a scan and a held key can
/// be noticed. A scan ends at the suffix key of the rules or after a pause longer than the
/// inter-key gap. Once a scan is dropped, the rest of it is swallowed silently up to its end, so
/// one bad scan is reported once.
public struct ScanAssembler: Sendable {
    public let rules: ScanRules

    /// The scan being typed.
    private var text = ""
    private var length = 0
    private var lastCharacter: Character?
    private var repeats = 0
    /// The time of the last key event of the scan being typed; nil between scans.
    private var lastActivity: Duration?
    /// The scan being typed was dropped: its remaining keys are swallowed.
    private var discarding = false
    /// Keys down now, with when they went down and whether they were reported stuck.
    private var held: [UInt16: HeldKey] = [:]

    private struct HeldKey: Sendable {
        var since: Duration
        var reportedStuck = false
    }

    public init(rules: ScanRules = ScanRules()) {
        self.rules = rules
    }

    /// The time by which `tick(at:)` should be called if no key comes first; nil when nothing waits.
    public var nextDeadline: Duration? {
        let stuckDeadlines = held.values.filter { !$0.reportedStuck }.map { $0.since + rules.stuckKeyLimit }
        if let first = stuckDeadlines.min() { return first }
        return lastActivity.map { $0 + rules.interKeyGap }
    }

    /// Takes one key event; returns the scans and drops it completes, in order.
    public mutating func feed(_ event: KeyEvent) -> [ScannerEvent] {
        var results = tick(at: event.time)
        switch event.action {
        case .up:
            held[event.key] = nil
            if lastActivity != nil { lastActivity = event.time }
        case .autoRepeat:
            drop(.autoRepeat(key: event.key), at: event.time, into: &results)
        case .down:
            held[event.key] = HeldKey(since: event.time)
            press(event, into: &results)
        }
        return results
    }

    /// Ends a scan whose keys stopped longer than the gap ago, and reports keys held too long.
    /// While a key is down the scan goes on: that key either comes up or is reported stuck.
    public mutating func tick(at time: Duration) -> [ScannerEvent] {
        var results: [ScannerEvent] = []
        let keyDown = held.values.contains { !$0.reportedStuck }
        if !keyDown, let lastActivity, time - lastActivity > rules.interKeyGap {
            finish(into: &results)
        }
        for (key, state) in held where !state.reportedStuck && time - state.since > rules.stuckKeyLimit {
            held[key]?.reportedStuck = true
            drop(.stuckKey(key: key, heldFor: time - state.since), at: time, into: &results)
        }
        return results
    }

    /// Drops the scan being typed for a reason the source found (lost events), and forgets which
    /// keys are down, since their releases may be lost too.
    public mutating func abandon(because reason: ScanDropReason, at time: Duration) -> [ScannerEvent] {
        var results: [ScannerEvent] = []
        drop(reason, at: time, into: &results)
        held.removeAll()
        return results
    }

    private mutating func press(_ event: KeyEvent, into results: inout [ScannerEvent]) {
        switch event.output {
        case nil:
            drop(.unmappedKey(event.key), at: event.time, into: &results)
        case .enter where rules.suffix == .enter, .tab where rules.suffix == .tab:
            if !discarding {
                results.append(text.allSatisfy(\.isWhitespace) ? .dropped(.empty) : .scan(text))
            }
            clearScan()
        case .enter, .tab:
            // Not this scanner's suffix: ignored, but it is still activity within the scan.
            if lastActivity != nil { lastActivity = event.time }
        case .character(let character):
            add(character, at: event.time, into: &results)
        }
    }

    private mutating func add(_ character: Character, at time: Duration, into results: inout [ScannerEvent]) {
        guard !discarding else {
            lastActivity = time
            return
        }
        repeats = character == lastCharacter ? repeats + 1 : 1
        lastCharacter = character
        if repeats > rules.maximumRepeats {
            drop(.repeatedCharacter(character, count: repeats), at: time, into: &results)
        } else if length == rules.maximumLength {
            drop(.tooLong(limit: rules.maximumLength), at: time, into: &results)
        } else {
            text.append(character)
            length += 1
            lastActivity = time
        }
    }

    private mutating func finish(into results: inout [ScannerEvent]) {
        if !discarding && !text.isEmpty {
            results.append(text.allSatisfy(\.isWhitespace) ? .dropped(.empty) : .scan(text))
        }
        clearScan()
    }

    /// Reports `reason` unless the scan was already dropped, and swallows the rest of the scan.
    private mutating func drop(_ reason: ScanDropReason, at time: Duration, into results: inout [ScannerEvent]) {
        if !discarding { results.append(.dropped(reason)) }
        clearScan()
        discarding = true
        lastActivity = time
    }

    private mutating func clearScan() {
        text = ""
        length = 0
        lastCharacter = nil
        repeats = 0
        lastActivity = nil
        discarding = false
    }
}
