/// What the panel shows from start until the grid takes over: which board this is, how to reach
/// it, and whether the hub answers; staff read it when they set a board up.
public struct BootScreen: Sendable, Equatable {
    /// The board's name, shown large (the configured name, or the machine's host name).
    public var boardName: String
    /// The release running, `OpenSpaceVersion.current`.
    public var version: String
    /// The machine's network addresses, IPv4 first; empty when it has none.
    public var addresses: [String]
    public var hub: HubLine
    /// The board's page on the hub, in upper case so its QR stays in alphanumeric mode
    /// (`ScanCodeFormat.boardPage(for:)`); nil when the board has no hub or no id yet.
    public var pageURL: String?
    /// The conference's name, under the board's.
    public var conference: String?
    /// The local date and time, so a wrong clock (a Pi without network time) is seen at once.
    public var clock: String?
    /// The last note about the board's own devices or scans (scanner unplugged, a scan refused).
    public var note: String?

    /// What the board knows of its hub.
    public enum HubLine: Sendable, Equatable {
        /// No hub configured: the board keeps its changes to itself.
        case noHub
        /// Trying to reach the hub at the address, no answer yet.
        case connecting(String)
        case online(String)
        /// The hub at the address did not answer, with why when known.
        case offline(String, reason: String?)
        /// The board has no token for the hub at the address.
        case notEnrolled(String)

        /// The hub's address, nil without a hub.
        public var address: String? {
            switch self {
            case .noHub: nil
            case .connecting(let address), .online(let address), .offline(let address, _),
                .notEnrolled(let address):
                address
            }
        }

        /// The line as the panel says it.
        public var text: String {
            switch self {
            case .noHub: "No hub: this board works on its own"
            case .connecting(let address): "Connecting to the hub at \(address)…"
            case .online(let address): "Hub online: \(address)"
            case .offline(_, let reason):
                "Hub offline\(reason.map { " (\($0))" } ?? ""): scans still work and wait here until the hub is back"
            case .notEnrolled(let address):
                "Not enrolled with the hub at \(address): scans work here; staff enrol it with a code from the hub"
            }
        }

        /// The line after a sync report: online, or offline with the report's problem.
        public func reported(online: Bool, problem: String?) -> HubLine {
            guard let address else { return self }
            return online ? .online(address) : .offline(address, reason: problem)
        }
    }

    public init(
        boardName: String, version: String, addresses: [String], hub: HubLine, pageURL: String? = nil,
        conference: String? = nil, clock: String? = nil, note: String? = nil
    ) {
        self.boardName = boardName
        self.version = version
        self.addresses = addresses
        self.hub = hub
        self.pageURL = pageURL
        self.conference = conference
        self.clock = clock
        self.note = note
    }
}
