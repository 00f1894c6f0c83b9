import BoardModel
import Foundation
import GRDB

/// The journal's side of sync with the hub.
///
/// The journal keeps the hub's confirmed grid (as of the cookie) apart from the grid the board
/// shows. The shown grid is always the confirmed one with the outbox's pending mutations
/// replayed on top, so a pull that brings other boards' changes never hides a scan made here
/// that the hub has not seen yet.
extension BoardJournal {
    /// Where this journal stands with the hub.
    public struct SyncState: Hashable, Sendable {
        /// This journal's own id at the hub: a new journal starts its mutation ids at 1 again.
        public var clientID: String
        /// The hub's version the confirmed grid is complete up to; nil before the first pull.
        public var cookie: Int64?
        /// The highest outbox id the hub has confirmed.
        public var lastMutationID: Int64
        public var confirmed: GridSnapshot
    }

    /// What a pull brings, in the journal's terms.
    public struct PullPatch: Sendable {
        public var cookie: Int64
        public var reset: Bool
        public var cards: [CardState]
        public var blocks: [BlockState]
        public var lastMutationID: Int64?
        /// Cards the hub asks this board to print, by the hub's request id.
        public var prints: [(id: Int64, card: CardID)]

        public init(
            cookie: Int64, reset: Bool, cards: [CardState], blocks: [BlockState], lastMutationID: Int64?,
            prints: [(id: Int64, card: CardID)] = []
        ) {
            self.cookie = cookie
            self.reset = reset
            self.cards = cards
            self.blocks = blocks
            self.lastMutationID = lastMutationID
            self.prints = prints
        }
    }

    /// The grid after a pull, and what it changed here.
    public struct PullApplied: Sendable {
        public var grid: Grid
        /// Outbox mutations the hub confirmed with this pull.
        public var confirmed: Int
        /// Outbox mutations still waiting for the hub.
        public var pending: Int
        /// Print jobs the hub's requests added to the queue.
        public var queuedPrints: Int
    }

    static func createSyncTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE sync_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    client_id TEXT NOT NULL,
                    cookie INTEGER,
                    last_mutation_id INTEGER NOT NULL DEFAULT 0,
                    confirmed TEXT NOT NULL
                );
                CREATE TABLE hub_print (id INTEGER PRIMARY KEY NOT NULL);
                """)
        try db.execute(
            sql: "INSERT INTO sync_state (id, client_id, confirmed) VALUES (1, ?, ?)",
            arguments: [UUID().uuidString.lowercased(), try json(GridSnapshot())])
    }

    public func syncState() throws -> SyncState {
        try database.read { db in try Self.syncState(db) }
    }

    private static func syncState(_ db: Database) throws -> SyncState {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT client_id, cookie, last_mutation_id, confirmed FROM sync_state WHERE id = 1")
        else { throw Failure.cannotOpen(path: "", reason: "the journal has no sync state row") }
        return SyncState(
            clientID: row["client_id"], cookie: row["cookie"], lastMutationID: row["last_mutation_id"],
            confirmed: try decode(row["confirmed"]))
    }

    /// Applies a pull in one transaction: patches the confirmed grid, drops the outbox rows the
    /// hub applied, replays the rest on top (a pending mutation the new state refuses stays in
    /// the outbox for the hub to settle, it just does not show), queues the cards the hub sent
    /// to this board's printer once each, and stores the cookie.
    public func applyPull(_ patch: PullPatch, layout: ConferenceLayout, now: Date) throws -> PullApplied {
        try database.write { db in
            var state = try Self.syncState(db)
            state.confirmed.apply(cards: patch.cards, blocks: patch.blocks, reset: patch.reset)
            var confirmedCount = 0
            if let last = patch.lastMutationID, last > state.lastMutationID {
                try db.execute(sql: "DELETE FROM outbox WHERE id <= ?", arguments: [last])
                confirmedCount = db.changesCount
                state.lastMutationID = last
            }
            var grid = state.confirmed.grid
            let pending = try Self.outbox(db)
            for entry in pending {
                _ = try? grid.apply(entry.mutation, in: .init(layout: layout, now: now, actor: entry.actor))
            }
            try Self.replaceShownGrid(with: grid, db)
            var queued = 0
            for order in patch.prints {
                guard try Int.fetchOne(db, sql: "SELECT 1 FROM hub_print WHERE id = ?", arguments: [order.id]) == nil
                else { continue }
                try db.execute(sql: "INSERT INTO hub_print (id) VALUES (?)", arguments: [order.id])
                guard let card = grid.cards[order.card] else { continue }
                _ = try PrintQueue.insert(card.title.isEmpty ? .blankCard : .card, card: card, at: now, db)
                queued += 1
            }
            try db.execute(
                sql: "UPDATE sync_state SET cookie = ?, last_mutation_id = ?, confirmed = ? WHERE id = 1",
                arguments: [patch.cookie, state.lastMutationID, try Self.json(state.confirmed)])
            return PullApplied(grid: grid, confirmed: confirmedCount, pending: pending.count, queuedPrints: queued)
        }
    }

    /// Rewrites the shown grid's tables from a grid.
    private static func replaceShownGrid(with grid: Grid, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM parked; DELETE FROM placement; DELETE FROM card; DELETE FROM staff_block")
        for card in grid.cards.values.sorted(by: { $0.id < $1.id }) { try write(.cardAdded(card), db) }
        for (id, cell) in grid.placements.sorted(by: { $0.key < $1.key }) { try write(.placed(id, cell), db) }
        for id in grid.parked { try write(.parked(id), db) }
        for (cell, reason) in grid.staffBlocks.sorted(by: { $0.key < $1.key }) {
            try write(.blocked(cell, reason: reason), db)
        }
    }
}
