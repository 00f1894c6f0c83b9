/// The key a scanner is set up to send after each code.
public enum ScanSuffix: Sendable, Equatable {
    case enter
    case tab
    /// No suffix: a scan ends when the keys stop (`ScanRules.interKeyGap`).
    case none
}
