import BoardModel
import Foundation
import Hub
import SharedTestSupport
import SyncWire
import XCTest

/// The fault campaign (`ChaosCampaign`): a hub and five boards under a seeded schedule of
/// partitions, slow links, kills, stops and database restarts, then judged by `ChaosChecker`.
///
/// `make test` runs one short campaign on each store; `make chaos` runs long ones:
/// `OPENSPACE_CHAOS_FAULTS` faults per run (24 by default), `OPENSPACE_CHAOS_RUNS` runs per store
/// (1), from `OPENSPACE_CHAOS_SEED` (random, printed; give it to replay a run).
final class ChaosTests: XCTestCase {
    private static func setting(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    private static var faults: Int { setting("OPENSPACE_CHAOS_FAULTS").flatMap(Int.init) ?? 24 }
    private static var runs: Int { setting("OPENSPACE_CHAOS_RUNS").flatMap(Int.init) ?? 1 }
    private static var firstSeed: UInt64 {
        setting("OPENSPACE_CHAOS_SEED").flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64(UInt32.max))
    }

    func testNothingAcknowledgedIsLostUnderFaultsWithTheHubOnSQLite() async throws {
        try await campaigns { _ in .sqlite }
    }

    func testNothingAcknowledgedIsLostUnderFaultsWithTheHubOnPostgreSQL() async throws {
        var made: [PostgresTestServer.Database] = []
        defer {
            let dropping = made
            let done = DispatchSemaphore(value: 0)
            Task {
                for database in dropping { try? await PostgresTestServer.drop(database) }
                done.signal()
            }
            done.wait()
        }
        let dataDirectory = try PostgresTestServer.dataDirectory()
        try await campaigns { _ in
            let database = try await PostgresTestServer.createDatabase()
            made.append(database)
            guard let port = URLComponents(string: database.url)?.port else {
                throw TestSetupFailure("no port in \(database.url)")
            }
            let socket = "postgres://openspace@/\(database.name)?host=\(dataDirectory)&port=\(port)"
            return .postgres(url: database.url, socketURL: socket)
        }
    }

    /// A line on standard output at once (a long campaign's progress, even when output goes to a file).
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Runs the campaigns for one store and fails with every broken promise, the seed and the log.
    private func campaigns(store: (Int) async throws -> ChaosCampaign.Store) async throws {
        let first = Self.firstSeed
        for run in 0..<Self.runs {
            let seed = first &+ UInt64(run)
            let chosen = try await store(run)
            Self.say("chaos: \(chosen), \(Self.faults) faults, seed \(seed) (OPENSPACE_CHAOS_SEED=\(seed) replays it)")
            let campaign = try ChaosCampaign(seed: seed, faults: Self.faults, store: chosen)
            let started = Date()
            let result = try await campaign.run()
            let kinds = Dictionary(grouping: campaign.schedule, by: \.kind).mapValues(\.count)
                .sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
            Self.say(
                "chaos: seed \(seed): \(Int(Date().timeIntervalSince(started))) s, faults: \(kinds.joined(separator: ", "))"
                    + (result.exits.isEmpty ? "" : "; ended on their own: \(result.exits.sorted { $0.key < $1.key })"))
            let acknowledged = result.boards.reduce(0) { $0 + $1.acknowledged.count }
            let settled = Dictionary(grouping: result.hub.log, by: \.status).mapValues(\.count)
            Self.say(
                "chaos: seed \(seed): \(result.scans) scans typed, \(acknowledged) acknowledged; the hub applied "
                    + "\(settled[.applied] ?? 0), parked \(settled[.parked] ?? 0), rejected \(settled[.rejected] ?? 0); "
                    + "\(result.hub.grid.placements.count) placed and \(result.hub.grid.parked.count) parked at the end, "
                    + "\(result.failures.count) failures")
            XCTAssertGreaterThanOrEqual(campaign.schedule.count, Self.faults)
            XCTAssertGreaterThan(acknowledged, 0, "seed \(seed): the hosts' scans were acknowledged")
            if result.failures.isEmpty {
                try? FileManager.default.removeItem(atPath: campaign.folder)
            } else {
                XCTFail(
                    "seed \(seed) on \(chosen) (OPENSPACE_CHAOS_SEED=\(seed) replays it; journals, frames and the hub's "
                        + "data are in \(campaign.folder)):\n"
                        + result.failures.joined(separator: "\n") + "\n--- what happened ---\n"
                        + result.log.joined(separator: "\n"))
            }
        }
    }

    // MARK: The schedule and the checker on their own

    func testOneSeedGivesOneScheduleAndNoResourceHasTwoFaultsAtOnce() {
        let schedule = ChaosSchedule.make(seed: 42, count: 300, boards: 5, database: true)
        XCTAssertEqual(schedule, ChaosSchedule.make(seed: 42, count: 300, boards: 5, database: true))
        XCTAssertNotEqual(schedule, ChaosSchedule.make(seed: 43, count: 300, boards: 5, database: true))
        XCTAssertEqual(schedule.count, 300)
        XCTAssertEqual(Set(schedule.map(\.kind)), Set(PlannedFault.Kind.allCases), "every kind of fault is in it")
        for (resource, faults) in Dictionary(grouping: schedule, by: \.resource) {
            for (one, next) in zip(faults, faults.dropFirst()) {
                XCTAssertGreaterThan(next.at, one.at + one.lasting, "\(resource): \(one) overlaps \(next)")
            }
        }
        XCTAssertFalse(
            ChaosSchedule.make(seed: 42, count: 300, boards: 5, database: false).contains {
                $0.kind == .restartDatabase
            }, "no database restarts without PostgreSQL")
    }

    private let cards = (1...3).map { Card(id: CardID(value: UInt32(700 + $0)), title: "Card \($0)") }
    private let cells = ["R101", "R102", "R103"].map {
        CellRef(day: 1, room: $0, start: ClockTime(hour: 10, minute: 0))
    }

    /// A grid with these cards known, placed and parked as given.
    private func grid(placed: [(Int, Int)], parked: [Int] = []) throws -> Grid {
        var grid = Grid()
        for card in cards { grid.record(.cardAdded(card)) }
        for (card, cell) in placed { grid.record(.placed(cards[card].id, cells[cell])) }
        for card in parked { grid.record(.parked(cards[card].id)) }
        return grid
    }

    private func pair(_ card: Int, _ cell: Int) -> HostAction { .place(cards[card].id, cells[cell]) }

    /// Board "a" placed card 0 in cell 0, board "b" card 1 in the same cell: the hub gave it to
    /// card 0 and parked card 1.
    private func agreeing() throws -> (boards: [BoardOutcome], hub: HubOutcome) {
        let final = try grid(placed: [(0, 0)], parked: [1])
        let boards = [
            BoardOutcome(
                id: "a", typed: [pair(0, 0): 1, pair(2, 1): 1, .remove(cards[2].id): 2], acknowledged: [pair(0, 0)],
                grid: final, pending: 0),
            BoardOutcome(id: "b", typed: [pair(1, 0): 1], acknowledged: [pair(1, 0)], grid: final, pending: 0),
        ]
        let hub = HubOutcome(
            grid: final,
            log: [
                LoggedAction(board: "a", action: pair(0, 0), status: .applied, version: 1),
                LoggedAction(board: "b", action: pair(1, 0), status: .parked, version: 2),
                // Card 2 was placed, then taken off the board by its host.
                LoggedAction(board: "a", action: pair(2, 1), status: .applied, version: 3),
                LoggedAction(board: "a", action: .remove(cards[2].id), status: .applied, version: 4),
            ], webPlaced: [cards[0].id: cells[0].code],
            webParked: [cards[1].id])
        return (boards, hub)
    }

    func testTheCheckerPassesAConsistentEnd() throws {
        let (boards, hub) = try agreeing()
        XCTAssertEqual(ChaosChecker.failures(boards: boards, hub: hub), [])
    }

    func testTheCheckerFindsALostADuplicatedAndAPhantomScan() throws {
        var (boards, hub) = try agreeing()
        hub.log = [
            LoggedAction(board: "b", action: pair(1, 0), status: .parked, version: 1),
            LoggedAction(board: "b", action: pair(1, 0), status: .parked, version: 2),
            LoggedAction(board: "a", action: pair(2, 2), status: .applied, version: 3),
            LoggedAction(board: "a", action: .remove(cards[2].id), status: .rejected, version: 4),
            LoggedAction(board: "a", action: .remove(cards[2].id), status: .rejected, version: 5),
            LoggedAction(board: "a", action: .remove(cards[2].id), status: .rejected, version: 6),
        ]
        let failures = ChaosChecker.failures(boards: boards, hub: hub)
        XCTAssertTrue(
            failures.contains("board a acknowledged \(pair(0, 0)) 1 times, the hub has it 0 times"), "\(failures)")
        XCTAssertTrue(
            failures.contains("the hub has \(pair(1, 0)) from board b 2 times, typed there 1 times"), "\(failures)")
        XCTAssertTrue(
            failures.contains("the hub has \(pair(2, 2)) from board a 1 times, typed there 0 times"), "\(failures)")
        XCTAssertTrue(
            failures.contains("the hub has remove \(cards[2].id.text) from board a 3 times, typed there 2 times"),
            "\(failures)")
    }

    func testTheCheckerFindsADoubleBookedCellAndADroppedCard() throws {
        var (boards, hub) = try agreeing()
        // Card 1 vanished from the parked lane; cell 1 is double-booked through a forged grid.
        hub.grid = try grid(placed: [(0, 0)])
        var failures = ChaosChecker.failures(boards: boards, hub: hub)
        XCTAssertTrue(failures.contains("card \(cards[1].id.text) lost its cell and is not parked"), "\(failures)")
        XCTAssertFalse(failures.contains { $0.contains("card \(cards[2].id.text) lost") }, "its host removed it")
        XCTAssertTrue(failures.contains { $0.hasPrefix("board a parks") }, "\(failures)")

        var doubled = try grid(placed: [(0, 1)], parked: [1])
        doubled.record(.placed(cards[2].id, cells[1]))
        hub.grid = doubled
        boards = boards.map {
            var board = $0
            board.grid = doubled
            return board
        }
        failures = ChaosChecker.failures(boards: boards, hub: hub)
        XCTAssertTrue(failures.contains { $0.hasPrefix("cell \(cells[1].code) holds 2 cards") }, "\(failures)")
    }

    func testTheCheckerFindsABoardOrTheWebShowingAnotherGrid() throws {
        var (boards, hub) = try agreeing()
        boards[1].grid = try grid(placed: [(1, 0)])
        boards[1].pending = 1
        hub.webParked = []
        let failures = ChaosChecker.failures(boards: boards, hub: hub)
        XCTAssertTrue(failures.contains("board b still holds 1 unsent mutations"), "\(failures)")
        XCTAssertTrue(failures.contains { $0.hasPrefix("board b shows other placements") }, "\(failures)")
        XCTAssertTrue(failures.contains("the web's parked lane differs from the hub's"), "\(failures)")
    }

    func testAcknowledgementsAreMatchedToTheScansThatMadeThem() throws {
        let layout = try ConferenceLayout.load(path: TestPaths.exampleLayout)
        let typed: Set<HostAction> = [pair(0, 0), pair(0, 1), .remove(cards[0].id)]
        let said = ChaosCampaign.acknowledgements(
            in: [
                ChaosCampaign.cancelled,
                "prompt: Room 101, Fri 10:00 is free: now scan your card",
                "accepted: Placed \"Card 1\" in Room 101, Fri 10:00",
                "accepted: Moved \"Card 1\" to Room 102, Fri 10:00",
                "accepted: Removed \"Card 1\" from the board",
                "accepted: Placed \"Card 2\" in Room 103, Fri 10:00",
            ], typed: typed, cards: cards, layout: layout)
        XCTAssertEqual(said.actions, [pair(0, 0), pair(0, 1), .remove(cards[0].id)])
        XCTAssertEqual(said.strangers, ["accepted: Placed \"Card 2\" in Room 103, Fri 10:00"])
    }
}
