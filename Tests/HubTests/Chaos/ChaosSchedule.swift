import BoardModel
import Foundation

/// One fault of a campaign: what happens to which machine, when, and for how long.
struct PlannedFault: Hashable, Sendable, CustomStringConvertible {
    enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The board's cable is pulled (its link goes down) and put back.
        case partition
        /// The board's link gets slow and loses packets (tc netem where the kernel has it).
        case slowLink = "slow-link"
        /// The board's process gets SIGKILL and is started again.
        case killBoard = "kill-board"
        /// The board's process gets SIGSTOP, then SIGCONT.
        case pauseBoard = "pause-board"
        /// The hub gets SIGKILL and is started again on the same data.
        case killHub = "kill-hub"
        /// The hub gets SIGSTOP, then SIGCONT.
        case pauseHub = "pause-hub"
        /// PostgreSQL restarts: every connection of the hub drops.
        case restartDatabase = "restart-database"
    }

    var kind: Kind
    /// The board's number, for the board faults.
    var board: Int?
    /// Seconds from the campaign's start.
    var at: Double
    /// Seconds until it is healed.
    var lasting: Double

    /// What it holds while it lasts: two faults on one resource never overlap.
    var resource: String {
        switch kind {
        case .partition, .slowLink: "network-\(board ?? 0)"
        case .killBoard, .pauseBoard: "board-\(board ?? 0)"
        case .killHub, .pauseHub: "hub"
        case .restartDatabase: "database"
        }
    }

    var description: String {
        let target = board.map { " board \($0)" } ?? ""
        return String(format: "%7.2f s  %@%@ for %.2f s", at, kind.rawValue, target, lasting)
    }
}

/// A seeded fault schedule: the same seed gives the same faults at the same offsets.
enum ChaosSchedule {
    /// How often each kind is picked, out of their sum.
    static let weights: [PlannedFault.Kind: Int] = [
        .partition: 20, .slowLink: 15, .killBoard: 20, .pauseBoard: 15, .killHub: 10, .pauseHub: 8,
        .restartDatabase: 7,
    ]

    /// `count` faults over `boards` boards; `database` says whether PostgreSQL restarts are among
    /// them. Faults follow each other every 0.15 to 0.7 s and last 0.3 to 4 s (the hub's at most
    /// 2.5 s); a fault whose resource is still taken waits until it is free.
    static func make(seed: UInt64, count: Int, boards: Int, database: Bool) -> [PlannedFault] {
        var random = SeededGenerator(seed: seed)
        let kinds = PlannedFault.Kind.allCases.filter { database || $0 != .restartDatabase }
        let total = kinds.reduce(0) { $0 + weights[$1, default: 0] }
        var freeAt: [String: Double] = [:]
        var clock = 0.0
        var faults: [PlannedFault] = []
        while faults.count < count {
            clock += Double.random(in: 0.15...0.7, using: &random)
            var pick = Int.random(in: 0..<total, using: &random)
            let kind = kinds.first { kind in
                pick -= weights[kind, default: 0]
                return pick < 0
            }!
            let board: Int? =
                [.partition, .slowLink, .killBoard, .pauseBoard].contains(kind)
                ? Int.random(in: 0..<boards, using: &random) : nil
            let longest = [.killHub, .pauseHub, .restartDatabase].contains(kind) ? 2.5 : 4.0
            var fault = PlannedFault(
                kind: kind, board: board, at: clock, lasting: Double.random(in: 0.3...longest, using: &random))
            fault.at = max(fault.at, freeAt[fault.resource, default: 0])
            // A little time between one fault's heal and the next on the same resource.
            freeAt[fault.resource] = fault.at + fault.lasting + 0.2
            faults.append(fault)
        }
        return faults.sorted { $0.at < $1.at }
    }
}
