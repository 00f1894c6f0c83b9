/// What one check found: how much it matters, what it is about, what was seen, and for a problem
/// the concrete fix (a command to run or a line to add).
public struct CheckResult: Sendable, Equatable, Codable {
    /// How much a finding matters to the board service.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Checked and fine.
        case ok
        /// Nothing to check, or how to check more (the scan test).
        case info
        /// The service runs, but something works worse or not at all (the printer, the hub).
        case warning
        /// The service cannot start or cannot do its job until this is fixed.
        case blocking

        /// The word that starts the finding's line.
        public var label: String {
            switch self {
            case .ok: "ok"
            case .info: "info"
            case .warning: "warn"
            case .blocking: "FAIL"
            }
        }
    }

    public var status: Status
    /// The part of the board checked: `SPI`, `gpiochip`, `scanner`, ….
    public var title: String
    public var detail: String
    public var fix: String?

    public init(_ status: Status, _ title: String, _ detail: String, fix: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.fix = fix
    }
}
