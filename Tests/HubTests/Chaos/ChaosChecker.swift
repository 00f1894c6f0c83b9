import BoardModel
import Foundation
import Hub
import SyncWire

/// What a host does at a board: put a card in a cell (place or move), or take it off the board.
enum HostAction: Hashable, Sendable, Comparable, CustomStringConvertible {
    case place(CardID, CellRef)
    case remove(CardID)

    var card: CardID {
        switch self {
        case .place(let card, _), .remove(let card): card
        }
    }

    var description: String {
        switch self {
        case .place(let card, let cell): "\(card.text) → \(cell.code)"
        case .remove(let card): "remove \(card.text)"
        }
    }

    static func < (one: HostAction, other: HostAction) -> Bool { one.description < other.description }
}

/// What one board did in a campaign, as the harness saw it.
struct BoardOutcome: Sendable {
    var id: String
    /// How often each action was typed into its scanner (some were lost with a killed process
    /// before any answer). A place is typed at most once per board, so its acknowledgement names it.
    var typed: [HostAction: Int]
    /// The actions it acknowledged (`accepted: Placed …`, `Moved …`, `Removed …`), in order.
    var acknowledged: [HostAction]
    /// Its journal's grid at the end, and how many mutations were still waiting in its outbox.
    var grid: Grid
    var pending: Int
}

/// One place, move or remove in the hub's log.
struct LoggedAction: Sendable {
    var board: String
    var action: HostAction
    var status: MutationStatus
    var version: Int64
}

/// What the hub holds at the end.
struct HubOutcome: Sendable {
    var grid: Grid
    /// The place, move and remove entries of the hub's log.
    var log: [LoggedAction]
    /// The schedule the web serves (`/schedule.json`): placed cards by cell code, and the parked lane.
    var webPlaced: [CardID: String]
    var webParked: Set<CardID>
}

/// The campaign's verdict: every acknowledged scan applied exactly once, one card per cell, every
/// card that lost its cell parked, and the boards, the hub and the web agreeing.
enum ChaosChecker {
    static func failures(boards: [BoardOutcome], hub: HubOutcome) -> [String] {
        var failures: [String] = []
        let grid = hub.grid

        // One card per cell, and never placed and parked at once.
        var holders: [CellRef: [CardID]] = [:]
        for (card, cell) in grid.placements { holders[cell, default: []].append(card) }
        for (cell, cards) in holders.sorted(by: { $0.key < $1.key }) where cards.count > 1 {
            failures.append("cell \(cell.code) holds \(cards.count) cards: \(cards.map(\.text).sorted())")
        }
        for card in grid.parked where grid.placements[card] != nil {
            failures.append("card \(card.text) is both placed and parked")
        }
        if Set(grid.parked).count != grid.parked.count { failures.append("the parked lane lists a card twice") }

        // Each acknowledged action is in the hub's log, and nothing is there more often than it
        // was typed: acknowledged <= logged <= typed, so a place (typed once) that was
        // acknowledged is applied exactly once.
        var logged: [String: [HostAction: Int]] = [:]
        for entry in hub.log { logged[entry.board, default: [:]][entry.action, default: 0] += 1 }
        for board in boards {
            let counts = logged[board.id] ?? [:]
            let said = Dictionary(board.acknowledged.map { ($0, 1) }, uniquingKeysWith: +)
            for (action, times) in said.sorted(by: { $0.key < $1.key }) where counts[action, default: 0] < times {
                failures.append(
                    "board \(board.id) acknowledged \(action) \(times) times, the hub has it \(counts[action, default: 0]) times"
                )
            }
            for (action, count) in counts.sorted(by: { $0.key < $1.key }) where count > board.typed[action, default: 0]
            {
                failures.append(
                    "the hub has \(action) from board \(board.id) \(count) times, typed there \(board.typed[action, default: 0]) times"
                )
            }
        }
        for entry in hub.log where !boards.contains(where: { $0.id == entry.board }) {
            failures.append("the hub holds \(entry.action) from an unknown board \(entry.board)")
        }

        // A card that was placed is still placed or waits in the parked lane, unless the last
        // thing the hub applied to it was a host taking it off the board: never dropped.
        let lastApplied = Dictionary(
            hub.log.filter { $0.status == .applied }.map { ($0.action.card, $0) },
            uniquingKeysWith: { $0.version > $1.version ? $0 : $1 })
        let everPlaced = Set(
            hub.log.compactMap { entry -> CardID? in
                if case .place = entry.action, entry.status != .rejected { return entry.action.card }
                return nil
            })
        for card in everPlaced.sorted(by: { $0.text < $1.text })
        where grid.placements[card] == nil && !grid.parked.contains(card) {
            if case .remove = lastApplied[card]?.action { continue }
            failures.append("card \(card.text) lost its cell and is not parked")
        }

        // Every board, and the web, show the hub's grid.
        for board in boards {
            if board.pending != 0 { failures.append("board \(board.id) still holds \(board.pending) unsent mutations") }
            if board.grid.placements != grid.placements {
                failures.append(
                    "board \(board.id) shows other placements: \(difference(board.grid.placements, grid.placements))")
            }
            if Set(board.grid.parked) != Set(grid.parked) {
                failures.append(
                    "board \(board.id) parks \(board.grid.parked.map(\.text).sorted()), the hub \(grid.parked.map(\.text).sorted())"
                )
            }
        }
        if hub.webPlaced != grid.placements.mapValues(\.code) {
            failures.append(
                "the web's schedule places other cards: \(difference(hub.webPlaced, grid.placements.mapValues(\.code)))"
            )
        }
        if hub.webParked != Set(grid.parked) { failures.append("the web's parked lane differs from the hub's") }
        return failures
    }

    /// The cards on which two placement maps disagree, for a failure message.
    private static func difference<Place: Equatable>(_ one: [CardID: Place], _ other: [CardID: Place]) -> String {
        Set(one.keys).union(other.keys).filter { one[$0] != other[$0] }.map(\.text).sorted().joined(separator: ", ")
    }
}
