/// How key presses become scans, and what input counts as abnormal and is dropped.
///
/// The defaults fit a wedge scanner typing a QR code of the board: a scanner types a whole code
/// in a few tens of milliseconds, so a longer pause, a held key or an endless stream is not a scan.
public struct ScanRules: Sendable, Equatable {
    /// The key that ends a scan; the other suffix key is ignored.
    public var suffix: ScanSuffix
    /// A pause between keys longer than this ends the scan being typed, suffix or not.
    public var interKeyGap: Duration
    /// Scans longer than this many characters (bytes on a serial scanner) are dropped.
    public var maximumLength: Int
    /// A key held down longer than this without release is stuck; its scan is dropped.
    public var stuckKeyLimit: Duration
    /// More than this many of the same character in a row is a stuck key too.
    public var maximumRepeats: Int

    /// Values below their minimum (a gap under 1 ms, a length under 1) are raised to it, so no
    /// configuration can make every scan end at once or be dropped.
    public init(
        suffix: ScanSuffix = .enter,
        interKeyGap: Duration = .milliseconds(100),
        maximumLength: Int = 512,
        stuckKeyLimit: Duration = .seconds(1),
        maximumRepeats: Int = 32
    ) {
        self.suffix = suffix
        self.interKeyGap = max(interKeyGap, .milliseconds(1))
        self.maximumLength = max(maximumLength, 1)
        self.stuckKeyLimit = max(stuckKeyLimit, .milliseconds(1))
        self.maximumRepeats = max(maximumRepeats, 1)
    }
}
