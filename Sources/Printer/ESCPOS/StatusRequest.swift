/// Which status byte `DLE EOT n` asks for; the raw value is n.
public enum StatusRequest: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// On-line or off-line (and the drawer pin).
    case printer = 1
    /// Why the printer is off-line: cover open, paper end, FEED button, error.
    case offlineCause = 2
    /// Which error: autocutter, unrecoverable, automatically recoverable.
    case errorCause = 3
    /// The roll paper sensors: near end, paper end.
    case paperSensor = 4

    public var description: String {
        switch self {
        case .printer: "DLE EOT 1 (printer status)"
        case .offlineCause: "DLE EOT 2 (off-line cause)"
        case .errorCause: "DLE EOT 3 (error cause)"
        case .paperSensor: "DLE EOT 4 (paper sensor)"
        }
    }
}
