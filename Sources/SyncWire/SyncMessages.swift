import BoardModel
import Foundation

/// The push/pull/poke protocol between boards (and browsers) and the hub.
///
/// The hub is the authority: a board sends its mutations with its own increasing ids, the hub
/// applies each once and in id order, and a board learns the result by pulling everything that
/// changed since its cookie (the hub's version when it last pulled).
public enum SyncProtocol {
    /// The protocol version this build speaks; a request naming another one is refused.
    public static let version = 1
    /// Where the protocol's endpoints live on the hub.
    public static let basePath = "/api/v1"
    /// The largest push body the hub reads, in bytes.
    public static let maxPushBytes = 1 << 20
    /// The most mutations one push may carry.
    public static let maxBatch = 500
    /// The longest panel problem a board reports with a pull (`panel=`); longer ones are cut.
    public static let maxPanelProblemLength = 300
}

/// One mutation as a board pushes it.
public struct PushedMutation: Hashable, Sendable, Codable {
    /// The client's own id: 1, 2, 3, … with no gaps, in the order the board accepted them.
    public var id: Int64
    public var mutation: Mutation
    public var actor: Actor
    /// The board's clock when the scan was accepted; shown in a card's history, never used to
    /// decide who wins a cell.
    public var createdAt: Date

    public init(id: Int64, mutation: Mutation, actor: Actor, createdAt: Date) {
        self.id = id
        self.mutation = mutation
        self.actor = actor
        self.createdAt = createdAt
    }
}

/// `POST /api/v1/push`: a board's pending mutations, oldest first.
public struct PushRequest: Hashable, Sendable, Codable {
    public var protocolVersion: Int
    /// The board the pusher says it is; the hub refuses a push whose token belongs to another.
    public var boardID: String?
    /// The journal's own id (a new journal is a new client whose ids start again at 1); the hub
    /// keeps each board's clients apart, so a board can only ever push into its own.
    public var clientID: String
    public var mutations: [PushedMutation]

    public init(
        boardID: String? = nil, clientID: String, mutations: [PushedMutation],
        protocolVersion: Int = SyncProtocol.version
    ) {
        self.protocolVersion = protocolVersion
        self.boardID = boardID
        self.clientID = clientID
        self.mutations = mutations
    }
}

/// What the hub did with a push.
public struct PushResponse: Hashable, Sendable, Codable {
    /// The highest of this client's mutation ids the hub has applied (before or now).
    public var lastMutationID: Int64
    /// The hub's version after the push.
    public var version: Int64
    /// How many of the pushed mutations were applied by this push (the rest were already applied,
    /// or came after a gap).
    public var applied: Int
    /// Set when the batch skipped an id: the hub stopped before it and expects this id next.
    public var expectedID: Int64?

    public init(lastMutationID: Int64, version: Int64, applied: Int, expectedID: Int64? = nil) {
        self.lastMutationID = lastMutationID
        self.version = version
        self.applied = applied
        self.expectedID = expectedID
    }
}

/// How the hub settled one mutation.
public enum MutationStatus: String, Hashable, Sendable, Codable {
    /// Applied as asked.
    case applied
    /// Refused for good, with the card kept: it waits in the "needs a slot" lane.
    case parked
    /// Refused for good and nothing changed (the card, if any, stays where it was).
    case rejected
}

/// The hub's word on one of a client's mutations.
public struct MutationResult: Hashable, Sendable, Codable {
    public var id: Int64
    public var status: MutationStatus
    /// Why it was parked or rejected, in words for the board's status line.
    public var reason: String?

    public init(id: Int64, status: MutationStatus, reason: String? = nil) {
        self.id = id
        self.status = status
        self.reason = reason
    }
}

/// `GET /api/v1/pull`: what changed since the caller's cookie, read from one snapshot.
public struct PullResponse: Hashable, Sendable, Codable {
    public var protocolVersion: Int
    /// The hub's version this answer is complete up to: the caller's next cookie.
    public var cookie: Int64
    /// True when the answer is the whole grid (no cookie, or one the hub cannot continue from):
    /// the caller replaces what it holds instead of patching it.
    public var reset: Bool
    public var cards: [CardState]
    public var blocks: [BlockState]
    /// For an authenticated board: the highest of its client's ids the hub has applied.
    public var lastMutationID: Int64?
    /// For an authenticated board: the results of its mutations after the `after` id it sent.
    public var results: [MutationResult]
    /// For an authenticated board: cards staff sent to its printer after the cookie.
    public var prints: [PrintOrder]

    public init(
        cookie: Int64, reset: Bool, cards: [CardState], blocks: [BlockState], lastMutationID: Int64? = nil,
        results: [MutationResult] = [], prints: [PrintOrder] = [], protocolVersion: Int = SyncProtocol.version
    ) {
        self.prints = prints
        self.protocolVersion = protocolVersion
        self.cookie = cookie
        self.reset = reset
        self.cards = cards
        self.blocks = blocks
        self.lastMutationID = lastMutationID
        self.results = results
    }
}

/// A card staff sent to a board's printer.
public struct PrintOrder: Hashable, Sendable, Codable {
    /// The hub's id for the request, so a board can tell it has queued it already.
    public var id: Int64
    public var card: CardID

    public init(id: Int64, card: CardID) {
        self.id = id
        self.card = card
    }
}

/// `POST /api/v1/enrol`: a new board trades its one-time code for its token.
public struct EnrolRequest: Hashable, Sendable, Codable {
    public var protocolVersion: Int
    public var code: String

    public init(code: String, protocolVersion: Int = SyncProtocol.version) {
        self.protocolVersion = protocolVersion
        self.code = code
    }
}

public struct EnrolResponse: Hashable, Sendable, Codable {
    public var boardID: String
    /// The board's bearer token; the hub keeps only its hash, so this is the only copy.
    public var token: String

    public init(boardID: String, token: String) {
        self.boardID = boardID
        self.token = token
    }
}

/// The body of every refusal the API sends: a sentence for people, a code for programs.
public struct ProblemResponse: Hashable, Sendable, Codable {
    public var error: String
    public var code: String

    public init(error: String, code: String) {
        self.error = error
        self.code = code
    }
}

/// One JSON coder setup for the wire, so dates and keys look the same everywhere.
public enum SyncCoding {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
