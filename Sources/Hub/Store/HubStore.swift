import BoardModel
import Foundation
import SyncWire

/// A board as the hub knows it.
public struct BoardRecord: Hashable, Sendable, Codable {
    /// A short name chosen by the organisers (`hall-a`), used in URLs and logs.
    public var id: String
    public var name: String
    /// True once the board traded its one-time code for a token.
    public var enrolled: Bool
    public var revoked: Bool
    public var createdAt: Date
    public var lastSeen: Date?
    /// What the board last said of its outbox: mutations it holds that the hub has not confirmed.
    public var pending: Int?
    /// The software the board last said it runs (`openspace-board/0.6.0`), from its User-Agent.
    public var software: String?
    /// What the board last said is wrong with its panel; nil while it works (or was never said).
    public var panelProblem: String?

    public init(
        id: String, name: String, enrolled: Bool, revoked: Bool, createdAt: Date, lastSeen: Date? = nil,
        pending: Int? = nil, software: String? = nil, panelProblem: String? = nil
    ) {
        self.panelProblem = panelProblem
        self.id = id
        self.name = name
        self.enrolled = enrolled
        self.revoked = revoked
        self.createdAt = createdAt
        self.lastSeen = lastSeen
        self.pending = pending
        self.software = software
    }
}

/// One line of a card's history: what was asked, by whom, and how the hub settled it.
public struct HistoryEntry: Hashable, Sendable, Codable {
    public var version: Int64
    /// The board that sent it, or `web` for a staff action or a card filled in on its page.
    public var boardID: String
    public var actor: Actor
    public var mutation: Mutation
    public var status: MutationStatus
    public var reason: String?
    /// When the hub settled it (the hub's clock).
    public var settledAt: Date

    public init(
        version: Int64, boardID: String, actor: Actor, mutation: Mutation, status: MutationStatus, reason: String?,
        settledAt: Date
    ) {
        self.version = version
        self.boardID = boardID
        self.actor = actor
        self.mutation = mutation
        self.status = status
        self.reason = reason
        self.settledAt = settledAt
    }
}

/// A card staff sent to a board's printer; the board picks it up with its next pull.
public struct PrintRequest: Hashable, Sendable, Codable {
    public var id: Int64
    public var boardID: String
    public var cardID: CardID
    public var version: Int64

    public init(id: Int64, boardID: String, cardID: CardID, version: Int64) {
        self.id = id
        self.boardID = boardID
        self.cardID = cardID
        self.version = version
    }
}

/// Where the hub keeps everything: one protocol, a SQLite and a PostgreSQL implementation, and
/// one test suite that runs against both.
///
/// Every write that changes the grid goes through `settle`, which runs the `Ledger` inside one
/// transaction that no other writer (in this process or another) can interleave with.
public protocol HubStore: Sendable {
    /// Runs what the store needs in the background until the task is cancelled: PostgreSQL's
    /// connection pool, and a LISTEN that hands `onVersion` the versions other hub processes
    /// wrote. Every other method may be called only while this runs.
    func run(onVersion: @escaping @Sendable (Int64) -> Void) async throws

    /// Creates or updates the schema.
    func migrate() async throws

    /// The hub's current version: it grows by one with every write that changes the grid.
    func version() async throws -> Int64

    /// In one transaction, with writers excluded: loads the grid and `client`'s last applied id,
    /// lets `decide` settle mutations on them, and writes the outcome under a new version (when
    /// anything changed). Returns the outcome and the version after it.
    func settle(
        client: String, board: String, now: Date,
        _ decide: @Sendable (_ grid: Grid, _ lastMutationID: Int64) -> Ledger.Outcome
    ) async throws -> (outcome: Ledger.Outcome, version: Int64)

    /// Everything changed after `cookie` (everything when nil) from one snapshot; with a client,
    /// its last applied id and its results after `after`; with a board, its print requests.
    func pull(since cookie: Int64?, client: String?, after: Int64?, board: String?) async throws -> PullResponse

    /// Every settled mutation about a card, oldest first.
    func history(of card: CardID) async throws -> [HistoryEntry]

    // Boards.

    /// Adds a board waiting to enrol with the code whose hash is given.
    func addBoard(id: String, name: String, enrolCodeHash: String, codeExpires: Date, now: Date) async throws
    /// Trades a one-time code for a token: returns the board, or nil when no board waits with a
    /// live code of that hash. The code cannot be used again.
    func enrol(codeHash: String, tokenHash: String, now: Date) async throws -> BoardRecord?
    /// The board a token belongs to, unless revoked.
    func board(tokenHash: String) async throws -> BoardRecord?
    func boards() async throws -> [BoardRecord]
    /// Revokes a board's token; returns false when there is no such board.
    func revokeBoard(id: String) async throws -> Bool
    /// Records that a board was heard from, and its outbox depth when it said.
    func touchBoard(id: String, pending: Int?, software: String?, panelProblem: String?, now: Date) async throws

    // Staff.

    func putStaff(name: String, passwordHash: String) async throws
    func staffPasswordHash(name: String) async throws -> String?
    /// Adds a session; sessions that expired before `now` are removed on the way.
    func addSession(tokenHash: String, staff: String, expires: Date, now: Date) async throws
    /// The staff member a live session belongs to.
    func sessionStaff(tokenHash: String, now: Date) async throws -> String?
    func deleteSession(tokenHash: String) async throws
    /// Ends every session of a staff member; returns how many there were.
    func deleteSessions(staff: String) async throws -> Int

    // Printing.

    /// Queues a card for a board's printer under a new version (so the board's next pull sees it).
    func requestPrint(board: String, card: CardID) async throws -> PrintRequest
}

/// Why the store refused.
public enum HubStoreError: Error, Equatable, CustomStringConvertible {
    case duplicateBoard(String)
    case unknownBoard(String)
    case unknownCard(CardID)
    /// A push named a client that another board's mutations came from.
    case clientOfAnotherBoard(client: String, owner: String)

    public var description: String {
        switch self {
        case .clientOfAnotherBoard(let client, _):
            "client \(client) belongs to another board: a board may push only its own mutations"
        case .duplicateBoard(let id): "a board named \(id) already exists"
        case .unknownBoard(let id): "there is no board named \(id)"
        case .unknownCard(let id): "there is no card \(id.text)"
        }
    }
}

extension HubStore {
    /// Applies a board's push: each mutation once, in id order, stopping at a gap.
    public func push(
        _ mutations: [PushedMutation], client: String, board: String, layout: ConferenceLayout, now: Date
    ) async throws -> PushResponse {
        try await settlePush(mutations, client: client, board: board, layout: layout, now: now).response
    }

    /// A push's answer with the entries it settled (how many were parked or rejected, for metrics).
    public func settlePush(
        _ mutations: [PushedMutation], client: String, board: String, layout: ConferenceLayout, now: Date
    ) async throws -> (response: PushResponse, entries: [Ledger.Entry]) {
        let (outcome, version) = try await settle(client: client, board: board, now: now) { grid, last in
            Ledger.settle(mutations, lastMutationID: last, grid: grid, layout: layout, now: now)
        }
        let response = PushResponse(
            lastMutationID: outcome.lastMutationID, version: version, applied: outcome.entries.count,
            expectedID: outcome.expectedID)
        return (response, outcome.entries)
    }

    /// Applies one change made on the hub itself (a staff action, a blank card filled in on its
    /// page) as the next mutation of the `web` client of that actor.
    public func perform(
        _ mutation: Mutation, actor: Actor, layout: ConferenceLayout, now: Date
    ) async throws -> (result: MutationResult, version: Int64) {
        let client: String
        switch actor {
        case .host: client = "web"
        case .staff(let name): client = "web:\(name)"
        }
        let (outcome, version) = try await settle(client: client, board: "web", now: now) { grid, last in
            let pushed = PushedMutation(id: last + 1, mutation: mutation, actor: actor, createdAt: now)
            return Ledger.settle([pushed], lastMutationID: last, grid: grid, layout: layout, now: now)
        }
        let entry = outcome.entries.first
        return (
            MutationResult(id: outcome.lastMutationID, status: entry?.status ?? .rejected, reason: entry?.reason),
            version
        )
    }

    /// The whole grid as it stands.
    public func snapshot() async throws -> (version: Int64, grid: Grid) {
        let pull = try await pull(since: nil, client: nil, after: nil, board: nil)
        return (pull.cookie, GridSnapshot(cards: pull.cards, blocks: pull.blocks).grid)
    }
}
