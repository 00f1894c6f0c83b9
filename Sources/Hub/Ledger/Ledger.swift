import BoardModel
import Foundation
import SyncWire

/// Decides what a batch of pushed mutations does to the hub's grid, without touching storage.
///
/// Both stores load the grid and the client's last id inside their write transaction, ask the
/// ledger, and write what it returns, so SQLite and PostgreSQL settle every mutation the same way.
public enum Ledger {
    /// How far back a board's clock may date a mutation for the time rules (frozen, over): a
    /// board that was offline a while gets the rules as they stood when the host scanned, but
    /// never earlier than this before the hub sees it, and never in the hub's future.
    public static let clockGrace: TimeInterval = 30 * 60

    /// One settled mutation, for the hub's log and the card's history.
    public struct Entry: Hashable, Sendable {
        public var mutationID: Int64
        public var mutation: Mutation
        public var actor: Actor
        public var createdAt: Date
        public var status: MutationStatus
        public var reason: String?
        /// The card the mutation is about, if any, for the card's history.
        public var cardID: CardID?
        /// The cell it names, if any.
        public var cell: CellRef?
    }

    /// What a batch comes to.
    public struct Outcome: Sendable {
        public var grid: Grid
        public var entries: [Entry]
        public var lastMutationID: Int64
        /// Cards whose rows change.
        public var touchedCards: Set<CardID>
        /// Cells whose staff block changes.
        public var touchedBlocks: Set<CellRef>
        /// Set when the batch skipped an id: the id the hub expects next.
        public var expectedID: Int64?

        public var changed: Bool { !touchedCards.isEmpty || !touchedBlocks.isEmpty || !entries.isEmpty }
    }

    /// Settles the mutations in id order: ids at or below `lastMutationID` were applied before and
    /// are skipped; a gap stops the batch; a refusal is settled as parked or rejected, never lost.
    public static func settle(
        _ mutations: [PushedMutation], lastMutationID: Int64, grid: Grid, layout: ConferenceLayout, now: Date
    ) -> Outcome {
        var outcome = Outcome(
            grid: grid, entries: [], lastMutationID: lastMutationID, touchedCards: [], touchedBlocks: [])
        for pushed in mutations.sorted(by: { $0.id < $1.id }) {
            if pushed.id <= outcome.lastMutationID { continue }
            guard pushed.id == outcome.lastMutationID + 1 else {
                outcome.expectedID = outcome.lastMutationID + 1
                break
            }
            let ruleTime = min(now, max(pushed.createdAt, now.addingTimeInterval(-clockGrace)))
            settle(pushed, into: &outcome, context: .init(layout: layout, now: ruleTime, actor: pushed.actor))
            outcome.lastMutationID = pushed.id
        }
        return outcome
    }

    /// Settles one mutation that is known to come next (staff actions on the hub use this too).
    static func settle(_ pushed: PushedMutation, into outcome: inout Outcome, context: Grid.Context) {
        var entry = Entry(
            mutationID: pushed.id, mutation: pushed.mutation, actor: pushed.actor, createdAt: pushed.createdAt,
            status: .applied, reason: nil, cardID: pushed.mutation.cardID, cell: pushed.mutation.cell)
        do throws(Refusal) {
            let changes = try outcome.grid.apply(pushed.mutation, in: context)
            note(changes, in: &outcome)
        } catch {
            entry.reason = error.description
            switch pushed.mutation {
            case .registerCard(let card) where outcome.grid.cards[card.id] == card:
                // Two boards registered the same printed card: it is known as asked.
                entry.status = .applied
                entry.reason = nil
            case .place(let id, _), .placeOver(let id, _):
                // The cell went to someone else first: the card waits for a slot, never dropped.
                if outcome.grid.cards[id] != nil, outcome.grid.placements[id] == nil {
                    entry.status = .parked
                    if !outcome.grid.parked.contains(id) {
                        outcome.grid.record(.parked(id))
                        outcome.touchedCards.insert(id)
                    }
                } else {
                    entry.status = .rejected
                }
            default:
                entry.status = .rejected
            }
        }
        outcome.entries.append(entry)
    }

    private static func note(_ changes: [Grid.Change], in outcome: inout Outcome) {
        for change in changes {
            switch change {
            case .cardAdded(let card), .cardEdited(let card): outcome.touchedCards.insert(card.id)
            case .placed(let id, _), .unplaced(let id), .parked(let id), .unparked(let id):
                outcome.touchedCards.insert(id)
            case .blocked(let cell, _), .unblocked(let cell): outcome.touchedBlocks.insert(cell)
            }
        }
    }
}

extension Mutation {
    /// The card a mutation is about, if any.
    public var cardID: CardID? {
        switch self {
        case .registerCard(let card), .editCard(let card): card.id
        case .place(let id, _), .move(let id, _), .remove(let id), .placeOver(let id, _), .park(let id): id
        case .block, .unblock: nil
        }
    }

    /// The cell a mutation names, if any.
    public var cell: CellRef? {
        switch self {
        case .place(_, let cell), .move(_, let cell), .placeOver(_, let cell), .block(let cell, _), .unblock(let cell):
            cell
        case .registerCard, .remove, .editCard, .park: nil
        }
    }

    /// A short name for logs and metrics.
    public var kind: String {
        switch self {
        case .registerCard: "register"
        case .place: "place"
        case .move: "move"
        case .remove: "remove"
        case .placeOver: "place-over"
        case .park: "park"
        case .block: "block"
        case .unblock: "unblock"
        case .editCard: "edit"
        }
    }
}
