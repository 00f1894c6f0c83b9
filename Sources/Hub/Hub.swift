import BoardModel
import Foundation
import Logging
import SyncWire
import Synchronization

/// The hub's settings that do not live in its store.
public struct HubSettings: Sendable {
    public var layout: ConferenceLayout
    /// The hub's public address: printed codes and page links start with it.
    public var codes: ScanCodeFormat
    /// How long a board's one-time enrolment code stays usable.
    public var enrolCodeLifetime: TimeInterval
    /// How long a staff sign-in lasts.
    public var sessionLifetime: TimeInterval

    public init(
        layout: ConferenceLayout, codes: ScanCodeFormat, enrolCodeLifetime: TimeInterval = 7 * 86_400,
        sessionLifetime: TimeInterval = 12 * 3_600
    ) {
        self.layout = layout
        self.codes = codes
        self.enrolCodeLifetime = enrolCodeLifetime
        self.sessionLifetime = sessionLifetime
    }
}

/// The hub's work, apart from HTTP: boards and their tokens, pushes and pulls, staff sign-in and
/// staff actions, and the pokes that tell listeners a new version exists.
public final class Hub: Sendable {
    public let store: any HubStore
    public let settings: HubSettings
    public let pokes: Pokes
    public let metrics: HubMetrics
    let logger: Logger
    let clock: @Sendable () -> Date
    /// What each board last said in a pull (outbox depth, software) and when the hub wrote it down:
    /// a pull writes again only when either changed or `touchInterval` passed, so a poke answered
    /// by 50 boards is not 50 writes.
    private let touched = Mutex<[String: (pending: Int?, software: String?, panel: String?, at: Date)]>([:])
    /// How stale a board's "last seen" may get while it pulls with nothing new to say.
    static let touchInterval: TimeInterval = 10

    public init(
        store: any HubStore, settings: HubSettings, logger: Logger = Logger(label: "openspace.hub"),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.settings = settings
        let metrics = HubMetrics()
        self.metrics = metrics
        pokes = Pokes(countChanged: { metrics.listeners.record($0) })
        self.logger = logger
        self.clock = clock
    }

    /// Brings the store's schema up to date and starts the pokes at the stored version.
    public func prepare() async throws {
        try await store.migrate()
        pokes.poke(try await store.version())
    }

    // MARK: Boards

    /// Adds a board and returns its one-time enrolment code (shown once, stored hashed).
    public func addBoard(id: String, name: String) async throws -> String {
        guard Self.isBoardID(id) else { throw HubError.invalid("a board id is 1 to 32 of a-z, 0-9 and '-'") }
        let code = Credentials.newEnrolCode()
        do {
            try await store.addBoard(
                id: id, name: name.isEmpty ? id : name, enrolCodeHash: Credentials.hash(code),
                codeExpires: clock().addingTimeInterval(settings.enrolCodeLifetime), now: clock())
        } catch let error as HubStoreError {
            throw HubError.invalid(error.description)
        }
        logger.info("board added", metadata: ["board": "\(id)"])
        return code
    }

    static func isBoardID(_ id: String) -> Bool {
        (1...32).contains(id.count)
            && id.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Trades a one-time code for a board token.
    public func enrol(code: String) async throws -> EnrolResponse {
        let token = Credentials.newToken()
        guard
            let board = try await store.enrol(
                codeHash: Credentials.hash(Credentials.normalisedEnrolCode(code)), tokenHash: Credentials.hash(token),
                now: clock())
        else { throw HubError.unauthorized("the enrolment code is unknown, used or expired: ask staff for a new one") }
        logger.info("board enrolled", metadata: ["board": "\(board.id)"])
        return EnrolResponse(boardID: board.id, token: token)
    }

    /// The board a bearer token belongs to, unless it is unknown or revoked.
    public func board(token: String) async throws -> BoardRecord? {
        try await store.board(tokenHash: Credentials.hash(token))
    }

    // MARK: Sync

    /// Applies a board's push, pokes listeners when anything changed.
    public func push(_ request: PushRequest, from board: BoardRecord) async throws -> PushResponse {
        guard request.protocolVersion == SyncProtocol.version else {
            throw HubError.unsupportedProtocol(request.protocolVersion)
        }
        if let claimed = request.boardID, claimed != board.id {
            metrics.refusedRequests.increment()
            throw HubError.forbidden("this token belongs to board \(board.id), not \(claimed)")
        }
        guard !request.clientID.isEmpty, request.clientID.count <= 64 else {
            throw HubError.invalid("clientID must be 1 to 64 characters")
        }
        guard request.mutations.count <= SyncProtocol.maxBatch else {
            throw HubError.invalid("a push carries at most \(SyncProtocol.maxBatch) mutations")
        }
        let settled: (response: PushResponse, entries: [Ledger.Entry])
        do {
            settled = try await store.settlePush(
                request.mutations, client: "\(board.id)/\(request.clientID)", board: board.id,
                layout: settings.layout, now: clock())
        } catch let error as HubStoreError {
            throw HubError.forbidden(error.description)
        }
        metrics.pushes.increment()
        metrics.pushedMutations.increment(by: settled.entries.count)
        metrics.conflicts.increment(by: settled.entries.filter { $0.status != .applied }.count)
        pokes.poke(settled.response.version)
        return settled.response
    }

    /// What changed since a cookie; for a board, its own results and print requests too.
    public func pull(
        cookie: Int64?, board: BoardRecord?, clientID: String?, after: Int64?, pending: Int?, software: String? = nil,
        panelProblem: String? = nil
    ) async throws -> PullResponse {
        let client = board.flatMap { board in clientID.map { "\(board.id)/\($0)" } }
        let pull = try await store.pull(since: cookie, client: client, after: after, board: board?.id)
        if let board {
            let now = clock()
            let due = touched.withLock { touched in
                if let last = touched[board.id], last.pending == pending, last.software == software,
                    last.panel == panelProblem, now.timeIntervalSince(last.at) < Self.touchInterval
                {
                    return false
                }
                touched[board.id] = (pending, software, panelProblem, now)
                return true
            }
            if due {
                try await store.touchBoard(
                    id: board.id, pending: pending, software: software, panelProblem: panelProblem, now: now)
            }
            if let pending { metrics.queueDepth(board: board.id, pending) }
        }
        metrics.pulls.increment()
        return pull
    }

    // MARK: Staff

    /// Signs a staff member in; returns a session token, or nil for a wrong name or password.
    public func signIn(name: String, password: String) async throws -> String? {
        // An unknown name costs the same bcrypt check as a wrong password, so the time an answer
        // takes does not tell which staff names exist.
        let stored = try await store.staffPasswordHash(name: name)
        guard Credentials.verify(password: password, hash: stored ?? Credentials.unknownStaffHash), stored != nil
        else {
            logger.notice("staff sign-in refused", metadata: ["staff": "\(name)"])
            return nil
        }
        let token = Credentials.newToken()
        try await store.addSession(
            tokenHash: Credentials.hash(token), staff: name,
            expires: clock().addingTimeInterval(settings.sessionLifetime))
        return token
    }

    /// The staff member a session token (or a staff API token) belongs to.
    public func staff(session token: String) async throws -> String? {
        try await store.sessionStaff(tokenHash: Credentials.hash(token), now: clock())
    }

    public func signOut(session token: String) async throws {
        try await store.deleteSession(tokenHash: Credentials.hash(token))
    }

    /// Sets a staff member's password (creating them), ending their sessions.
    public func setStaffPassword(name: String, password: String) async throws {
        guard Self.isBoardID(name) else { throw HubError.invalid("a staff name is 1 to 32 of a-z, 0-9 and '-'") }
        guard password.count >= 10 else { throw HubError.invalid("a staff password has at least 10 characters") }
        try await store.putStaff(name: name, passwordHash: Credentials.hashPassword(password))
    }

    /// Applies a change made on the hub (a staff action, a blank card filled in) and pokes.
    public func perform(_ mutation: Mutation, actor: Actor) async throws -> MutationResult {
        let (result, version) = try await store.perform(mutation, actor: actor, layout: settings.layout, now: clock())
        if result.status != .applied { metrics.conflicts.increment() }
        pokes.poke(version)
        return result
    }

    /// Creates a new card (staff), returns it; optionally queues it on a board's printer.
    public func createCard(title: String, host: String, contact: String, summary: String, staff: String) async throws
        -> Card
    {
        let card = Card(id: CardID.random(), title: title, host: host, contact: contact, summary: summary)
        let result = try await perform(.registerCard(card), actor: .staff(staff))
        guard result.status == .applied else { throw HubError.invalid(result.reason ?? "the card was not created") }
        return card
    }

    /// Queues a known card on a board's printer.
    public func requestPrint(card: CardID, board: String) async throws {
        do {
            let request = try await store.requestPrint(board: board, card: card)
            pokes.poke(request.version)
        } catch let error as HubStoreError {
            throw HubError.invalid(error.description)
        }
    }

    /// The grid as it stands, with its version.
    public func snapshot() async throws -> (version: Int64, grid: Grid) {
        try await store.snapshot()
    }

    public var now: Date { clock() }
}

/// Why the hub refused a request, with the HTTP status it answers with.
public enum HubError: Error, Equatable, CustomStringConvertible {
    case unauthorized(String)
    case forbidden(String)
    case invalid(String)
    case notFound(String)
    case unsupportedProtocol(Int)

    public var description: String {
        switch self {
        case .unauthorized(let text), .forbidden(let text), .invalid(let text), .notFound(let text): text
        case .unsupportedProtocol(let version):
            "sync protocol version \(version) is not supported: this hub speaks version \(SyncProtocol.version); "
                + "upgrade the older side"
        }
    }

    public var code: String {
        switch self {
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .invalid: "invalid"
        case .notFound: "not-found"
        case .unsupportedProtocol: "unsupported-protocol"
        }
    }
}
