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
    /// How many wrong guesses at a password or an enrolment code are answered.
    public var limits: HubLimits
    /// The addresses of reverse proxies whose X-Forwarded-For names the client.
    public var trustedProxies: TrustedProxies

    public init(
        layout: ConferenceLayout, codes: ScanCodeFormat, enrolCodeLifetime: TimeInterval = 7 * 86_400,
        sessionLifetime: TimeInterval = 12 * 3_600, limits: HubLimits = HubLimits(),
        trustedProxies: TrustedProxies = TrustedProxies()
    ) {
        self.layout = layout
        self.codes = codes
        self.enrolCodeLifetime = enrolCodeLifetime
        self.sessionLifetime = sessionLifetime
        self.limits = limits
        self.trustedProxies = trustedProxies
    }
}

/// The limits on guessing: staff passwords per client address and per staff name, enrolment
/// codes per client address (an enrolment names no board until its code is right).
public struct HubLimits: Sendable, Equatable {
    public var signInPerAddress = AttemptLimit(burst: 10, refillSeconds: 30)
    public var signInPerName = AttemptLimit(burst: 20, refillSeconds: 30)
    public var enrolPerAddress = AttemptLimit(burst: 10, refillSeconds: 30)

    public init() {}
}

/// Why a sign-in did not sign anyone in.
public enum SignInRefusal: Error, Equatable {
    /// The name or the password is wrong (which one is not said).
    case wrong
    /// Too many wrong guesses from this address or at this name: try again after this many
    /// seconds. No password was checked.
    case tooMany(retryAfter: Int)
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
    /// Guesses at passwords and enrolment codes, by address and by name.
    let attempts = AttemptLimiter()
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

    /// Trades a one-time code for a board token; `address` is the client's, for the limit on
    /// guesses.
    public func enrol(code: String, address: String = "local") async throws -> EnrolResponse {
        let keys = [(key: "enrol address \(address)", limit: settings.limits.enrolPerAddress)]
        if let wait = attempts.take(keys, now: clock()) {
            metrics.limitedAttempts(.enrol)
            logger.notice("enrolment refused: too many attempts", metadata: ["address": "\(address)"])
            throw HubError.tooMany(
                "too many enrolment attempts from this address: try again later", retryAfter: Self.seconds(wait))
        }
        let token = Credentials.newToken()
        guard
            let board = try await store.enrol(
                codeHash: Credentials.hash(Credentials.normalisedEnrolCode(code)), tokenHash: Credentials.hash(token),
                now: clock())
        else { throw HubError.unauthorized("the enrolment code is unknown, used or expired: ask staff for a new one") }
        attempts.giveBack(keys, now: clock())
        logger.info("board enrolled", metadata: ["board": "\(board.id)"])
        return EnrolResponse(boardID: board.id, token: token)
    }

    /// A wait in whole seconds, at least one, for Retry-After.
    static func seconds(_ wait: TimeInterval) -> Int { max(1, Int(wait.rounded(.up))) }

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

    /// Signs a staff member in and returns a session token. `address` is the client's: wrong
    /// guesses are limited per address and per name, and over the limit no password is checked.
    public func signIn(name: String, password: String, address: String = "local") async throws -> String {
        let keys = [
            (key: "sign-in address \(address)", limit: settings.limits.signInPerAddress),
            (key: "sign-in name \(name)", limit: settings.limits.signInPerName),
        ]
        if let wait = attempts.take(keys, now: clock()) {
            metrics.limitedAttempts(.signIn)
            logger.notice(
                "staff sign-in refused: too many attempts", metadata: ["staff": "\(name)", "address": "\(address)"])
            throw SignInRefusal.tooMany(retryAfter: Self.seconds(wait))
        }
        // An unknown name costs the same bcrypt check as a wrong password, so the time an answer
        // takes does not tell which staff names exist.
        let stored: String?
        do {
            stored = try await store.staffPasswordHash(name: name)
        } catch {
            attempts.giveBack(keys, now: clock())
            throw error
        }
        metrics.passwordChecks.increment()
        guard Credentials.verify(password: password, hash: stored ?? Credentials.unknownStaffHash), stored != nil
        else {
            logger.notice("staff sign-in refused", metadata: ["staff": "\(name)", "address": "\(address)"])
            throw SignInRefusal.wrong
        }
        attempts.giveBack(keys, now: clock())
        let token = Credentials.newToken()
        try await store.addSession(
            tokenHash: Credentials.hash(token), staff: name,
            expires: clock().addingTimeInterval(settings.sessionLifetime), now: clock())
        return token
    }

    /// The staff member a session token (or a staff API token) belongs to.
    public func staff(session token: String) async throws -> String? {
        try await store.sessionStaff(tokenHash: Credentials.hash(token), now: clock())
    }

    public func signOut(session token: String) async throws {
        try await store.deleteSession(tokenHash: Credentials.hash(token))
    }

    /// Ends every session of a staff member (a lost phone, a shared computer left signed in);
    /// returns how many there were.
    @discardableResult
    public func signOutEverywhere(staff name: String) async throws -> Int {
        let ended = try await store.deleteSessions(staff: name)
        logger.notice("staff signed out everywhere", metadata: ["staff": "\(name)", "sessions": "\(ended)"])
        return ended
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
    /// Too many attempts: the client may try again after `retryAfter` seconds.
    case tooMany(String, retryAfter: Int)

    public var description: String {
        switch self {
        case .unauthorized(let text), .forbidden(let text), .invalid(let text), .notFound(let text),
            .tooMany(let text, _):
            text
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
        case .tooMany: "too-many"
        }
    }
}
