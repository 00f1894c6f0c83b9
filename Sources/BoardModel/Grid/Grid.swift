import Foundation

/// What the board holds: the known cards, where each is placed, the parked lane, staff blocks.
///
/// The rules live here so that the board, the hub and tests all decide the same way.
public struct Grid: Hashable, Sendable {
    public private(set) var cards: [CardID: Card] = [:]
    public private(set) var placements: [CardID: CellRef] = [:]
    public private(set) var occupants: [CellRef: CardID] = [:]
    /// Cards that lost their cell; they wait here for a slot, in the order they arrived.
    public private(set) var parked: [CardID] = []
    public private(set) var staffBlocks: [CellRef: String] = [:]

    public init() {}

    /// A change to stored state that applying a mutation produced, for the journal to write.
    public enum Change: Hashable, Sendable {
        case cardAdded(Card)
        /// A known card's words changed (its id and place stay).
        case cardEdited(Card)
        case placed(CardID, CellRef)
        case unplaced(CardID)
        case parked(CardID)
        case unparked(CardID)
        case blocked(CellRef, reason: String)
        case unblocked(CellRef)
    }

    /// The moment and the actor a rule check is made for.
    public struct Context: Sendable {
        public var layout: ConferenceLayout
        public var now: Date
        public var actor: Actor

        public init(layout: ConferenceLayout, now: Date, actor: Actor) {
            self.layout = layout
            self.now = now
            self.actor = actor
        }
    }

    /// Checks a mutation against the rules and applies it; a refusal changes nothing.
    @discardableResult
    public mutating func apply(_ mutation: Mutation, in context: Context) throws(Refusal) -> [Change] {
        let changes = try plan(mutation, in: context)
        for change in changes { record(change) }
        return changes
    }

    /// The changes a mutation would make, or why it is refused.
    public func plan(_ mutation: Mutation, in context: Context) throws(Refusal) -> [Change] {
        switch mutation {
        case .registerCard(let card):
            guard cards[card.id] == nil else { throw .cardAlreadyKnown(card.id) }
            return [.cardAdded(card)]
        case .place(let id, let cell):
            try requireCard(id)
            if let current = placements[id] { throw .cardAlreadyPlaced(id, at: current) }
            try requireOpen(cell, in: context)
            try requireFree(cell)
            return (parked.contains(id) ? [.unparked(id)] : []) + [.placed(id, cell)]
        case .move(let id, let cell):
            try requireCard(id)
            guard let current = placements[id] else { throw .cardNotPlaced(id) }
            guard current != cell else { throw .sameCell(cell) }
            try requireLeavable(current, in: context)
            try requireOpen(cell, in: context)
            try requireFree(cell)
            return [.unplaced(id), .placed(id, cell)]
        case .remove(let id):
            try requireCard(id)
            // The card stays registered: its printed QR can place it again later.
            if let current = placements[id] {
                try requireLeavable(current, in: context)
                return [.unplaced(id)]
            }
            guard parked.contains(id) else { throw .cardNotPlaced(id) }
            return [.unparked(id)]
        case .placeOver(let id, let cell):
            guard context.actor.isStaff else { throw .staffOnly("place a card over another") }
            try requireCard(id)
            if placements[id] == cell { throw .sameCell(cell) }
            try requireOpen(cell, in: context)
            var changes: [Change] = []
            if let current = placements[id] {
                try requireLeavable(current, in: context)
                changes.append(.unplaced(id))
            } else if parked.contains(id) {
                changes.append(.unparked(id))
            }
            if let occupant = occupants[cell] { changes += [.unplaced(occupant), .parked(occupant)] }
            return changes + [.placed(id, cell)]
        case .park(let id):
            guard context.actor.isStaff else { throw .staffOnly("park a card") }
            try requireCard(id)
            guard let current = placements[id] else { throw .cardNotPlaced(id) }
            try requireLeavable(current, in: context)
            return [.unplaced(id), .parked(id)]
        case .block(let cell, let reason):
            guard context.actor.isStaff else { throw .staffOnly("block a slot") }
            guard context.layout.contains(cell) else { throw .unknownCell(cell) }
            if let reason = staffBlocks[cell] ?? context.layout.blockReason(for: cell) {
                throw .cellBlocked(cell, reason: reason)
            }
            guard occupants[cell] == nil else { throw .cellHasCard(cell) }
            return [.blocked(cell, reason: reason.isEmpty ? "Closed by staff" : reason)]
        case .unblock(let cell):
            guard context.actor.isStaff else { throw .staffOnly("unblock a slot") }
            guard context.layout.contains(cell) else { throw .unknownCell(cell) }
            guard staffBlocks[cell] != nil else { throw .cellNotBlockedByStaff(cell) }
            return [.unblocked(cell)]
        case .editCard(let card):
            guard let known = cards[card.id] else { throw .unknownCard(card.id) }
            guard !card.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyTitle }
            guard known.title.isEmpty || context.actor.isStaff else { throw .cardAlreadyFilledIn(card.id) }
            guard known != card else { return [] }
            return [.cardEdited(card)]
        }
    }

    /// Applies a change that the rules already accepted (also used to load the journal).
    public mutating func record(_ change: Change) {
        switch change {
        case .cardAdded(let card), .cardEdited(let card):
            cards[card.id] = card
        case .placed(let id, let cell):
            placements[id] = cell
            occupants[cell] = id
        case .unplaced(let id):
            if let cell = placements.removeValue(forKey: id) { occupants[cell] = nil }
        case .parked(let id):
            if !parked.contains(id) { parked.append(id) }
        case .unparked(let id):
            parked.removeAll { $0 == id }
        case .blocked(let cell, let reason):
            staffBlocks[cell] = reason
        case .unblocked(let cell):
            staffBlocks[cell] = nil
        }
    }

    /// Why a cell cannot take a card now for this actor, or nil when it can (taken or not).
    public func openingProblem(_ cell: CellRef, in context: Context) -> Refusal? {
        do throws(Refusal) {
            try requireOpen(cell, in: context)
            return nil
        } catch {
            return error
        }
    }

    public func card(at cell: CellRef) -> Card? { occupants[cell].flatMap { cards[$0] } }

    /// Why the cell is blocked, by the organisers' layout or by staff.
    public func blockReason(_ cell: CellRef, layout: ConferenceLayout) -> String? {
        staffBlocks[cell] ?? layout.blockReason(for: cell)
    }

    private func requireCard(_ id: CardID) throws(Refusal) {
        guard cards[id] != nil else { throw .unknownCard(id) }
    }

    private func requireFree(_ cell: CellRef) throws(Refusal) {
        if let occupant = occupants[cell] {
            throw .cellTaken(cell, by: cards[occupant]?.displayTitle ?? occupant.text)
        }
    }

    /// A cell can take a card when it exists, is not blocked, not over, and (for hosts) not frozen.
    private func requireOpen(_ cell: CellRef, in context: Context) throws(Refusal) {
        guard let interval = context.layout.interval(of: cell) else { throw .unknownCell(cell) }
        if let reason = blockReason(cell, layout: context.layout) { throw .cellBlocked(cell, reason: reason) }
        guard context.now < interval.end else { throw .cellPast(cell) }
        try requireNotFrozen(cell, interval: interval, in: context)
    }

    /// A card can leave a cell unless its session is over (it stays as it happened), or (for
    /// hosts) about to start.
    private func requireLeavable(_ cell: CellRef, in context: Context) throws(Refusal) {
        guard let interval = context.layout.interval(of: cell) else { return }
        guard context.now < interval.end else { throw .sessionOver(cell) }
        try requireNotFrozen(cell, interval: interval, in: context)
    }

    private func requireNotFrozen(_ cell: CellRef, interval: DateInterval, in context: Context) throws(Refusal) {
        let freezeStart = interval.start.addingTimeInterval(-Double(context.layout.freezeMinutes) * 60)
        if !context.actor.isStaff && context.now >= freezeStart {
            let minutes = Int((interval.start.timeIntervalSince(context.now) / 60).rounded(.up))
            throw .cellFrozen(cell, minutesToStart: max(0, minutes))
        }
    }
}
