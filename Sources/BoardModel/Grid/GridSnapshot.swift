/// The grid as rows: every card with its cell or parked rank, and the cells staff closed.
///
/// This is what the hub stores and serves, and what a board keeps as the hub's confirmed state.
public struct GridSnapshot: Hashable, Sendable, Codable {
    public var cards: [CardState]
    public var blocks: [BlockState]

    public init(cards: [CardState] = [], blocks: [BlockState] = []) {
        self.cards = cards
        self.blocks = blocks
    }

    /// The rows of a grid; parked cards are ranked in lane order from `firstRank` on.
    public init(_ grid: Grid, firstRank: Int64 = 1) {
        let ranks = Dictionary(uniqueKeysWithValues: grid.parked.enumerated().map { ($1, firstRank + Int64($0)) })
        cards = grid.cards.values.sorted { $0.id < $1.id }.map {
            CardState(card: $0, cell: grid.placements[$0.id], parkedRank: ranks[$0.id])
        }
        blocks = grid.staffBlocks.sorted { $0.key < $1.key }.map { BlockState(cell: $0.key, reason: $0.value) }
    }

    /// The grid these rows describe.
    public var grid: Grid {
        var grid = Grid()
        for state in cards { grid.record(.cardAdded(state.card)) }
        for state in cards { if let cell = state.cell { grid.record(.placed(state.card.id, cell)) } }
        for state in cards.filter({ $0.parkedRank != nil }).sorted(by: { $0.parkedRank! < $1.parkedRank! }) {
            grid.record(.parked(state.card.id))
        }
        for block in blocks { if let reason = block.reason { grid.record(.blocked(block.cell, reason: reason)) } }
        return grid
    }

    /// Applies changed rows on top of these: changed cards replace their old rows, opened cells
    /// drop out; a reset replaces everything.
    public mutating func apply(cards changedCards: [CardState], blocks changedBlocks: [BlockState], reset: Bool) {
        if reset {
            cards = changedCards
            blocks = changedBlocks.filter { $0.reason != nil }
            return
        }
        var byID = Dictionary(cards.map { ($0.card.id, $0) }, uniquingKeysWith: { $1 })
        for state in changedCards { byID[state.card.id] = state }
        var byCell = Dictionary(blocks.map { ($0.cell, $0) }, uniquingKeysWith: { $1 })
        for block in changedBlocks { byCell[block.cell] = block.reason == nil ? nil : block }
        cards = byID.values.sorted { $0.card.id < $1.card.id }
        blocks = byCell.values.sorted { $0.cell < $1.cell }
    }
}

/// A card as the hub holds it: its words, and its cell or its place in the parked lane.
public struct CardState: Hashable, Sendable, Codable {
    public var card: Card
    public var cell: CellRef?
    /// Set while the card waits for a slot; lower ranks parked earlier.
    public var parkedRank: Int64?

    public init(card: Card, cell: CellRef? = nil, parkedRank: Int64? = nil) {
        self.card = card
        self.cell = cell
        self.parkedRank = parkedRank
    }
}

/// A cell staff closed (`reason` set) or opened again (`reason` nil).
public struct BlockState: Hashable, Sendable, Codable {
    public var cell: CellRef
    public var reason: String?

    public init(cell: CellRef, reason: String?) {
        self.cell = cell
        self.reason = reason
    }
}
