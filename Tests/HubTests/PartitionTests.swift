import BoardModel
import BoardStore
import Foundation
import Hub
import SharedTestSupport
import XCTest

/// A board and the hub in two network namespaces joined by a veth pair; the link goes down
/// while hosts scan, and comes back.
final class PartitionTests: XCTestCase {
    private let lab = NetworkLab()
    private var children: [ChildProcess] = []

    override func tearDown() async throws {
        for child in children.reversed() { child.stop() }
        lab.tearDown()
    }

    func testScansDuringAPartitionAllReachTheHubAfterItHeals() async throws {
        try NetworkLab.requireRoot()
        let folder = try TestPaths.temporaryFolder("partition")
        let subnet = lab.subnet(0)
        let hubSide = try await lab.namespace("osbh")
        let boardSide = try await lab.namespace("osbb")
        let boardDevice = "vb\(lab.tag)"
        try await lab.link(
            (hubSide, "vh\(lab.tag)", "\(subnet).1/24"), (boardSide, boardDevice, "\(subnet).2/24"))

        let database = folder + "/hub.sqlite"
        let add = try TestPaths.openspace([
            "hub", "board", "add", "hall-a", "--layout", TestPaths.exampleLayout, "--database", database,
        ])
        XCTAssertEqual(add.status, 0, add.errors)
        let code = try XCTUnwrap(add.output.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        let journal = folder + "/board/journal.sqlite"
        var cards: [CardID] = []
        for title in ["Before", "During one", "During two"] {
            let card = try TestPaths.openspace([
                "card", "add", "--layout", TestPaths.exampleLayout, "--journal", journal, "--title", title,
            ])
            XCTAssertEqual(card.status, 0, card.errors)
            cards.append(try CardID(validating: String(card.output.prefix(7))))
        }

        let hub = try ChildProcess(
            [
                "netns", "exec", hubSide, TestPaths.binary, "hub", "serve", "--layout", TestPaths.exampleLayout,
                "--database", database, "--host", "\(subnet).1", "--port", "8080",
            ], executable: "/usr/sbin/ip")
        children.append(hub)
        try hub.waitForLine(startingWith: "hub ready:")
        let board = try ChildProcess(
            [
                "netns", "exec", boardSide, TestPaths.binary, "board", "--simulate", "--panel-timing", "instant",
                "--layout",
                TestPaths.exampleLayout, "--journal", journal, "--frames", folder + "/frames", "--start",
                "2027-05-14T09:00", "--sync-with", "http://\(subnet).1:8080", "--enrol", code, "--pull-interval", "0.5",
            ], executable: "/usr/sbin/ip")
        children.append(board)
        try board.waitForLine(startingWith: "sync: online, 0 pending")
        board.type("HTTPS://OS.EXAMPLE.ORG/C/\(cards[0].text)")
        board.type("HTTPS://OS.EXAMPLE.ORG/S/1-R101-1000")
        try board.waitForLine(startingWith: "accepted: Placed \"Before\"")
        // The hub has it once the board's outbox is empty again.
        let deadline = Date().addingTimeInterval(20)
        while try !BoardJournal(path: journal).outbox().isEmpty {
            guard Date() < deadline else { throw TestSetupFailure("the first scan never reached the hub") }
            try await Task.sleep(for: .milliseconds(50))
        }

        // The cable is pulled: the board keeps taking scans and says it is offline.
        try await lab.setLink(boardDevice, in: boardSide, up: false)
        board.type("HTTPS://OS.EXAMPLE.ORG/C/\(cards[1].text)")
        board.type("HTTPS://OS.EXAMPLE.ORG/S/1-R102-1000")
        board.type("HTTPS://OS.EXAMPLE.ORG/C/\(cards[2].text)")
        board.type("HTTPS://OS.EXAMPLE.ORG/S/1-R103-1100")
        try board.waitForLine(startingWith: "accepted: Placed \"During two\"")
        try board.waitForLine(startingWith: "sync: offline", seconds: 40)
        XCTAssertEqual(try BoardJournal(path: journal).outbox().count, 2, "both scans wait in the outbox")

        // Healed: everything reaches the hub, nothing twice.
        let onlineBefore = board.count(startingWith: "sync: online, 0 pending")
        try await lab.setLink(boardDevice, in: boardSide, up: true)
        try board.waitForLine(startingWith: "sync: online, 0 pending", count: onlineBefore + 1, seconds: 90)
        board.stop()
        hub.stop()

        let store = try SQLiteHubStore(path: database)
        let placements = try await withThrowingTaskGroup(of: Grid?.self) { group in
            group.addTask {
                try? await store.run { _ in }
                return nil
            }
            group.addTask { try await store.snapshot().grid }
            defer { group.cancelAll() }
            while let grid = try await group.next() { if let grid { return grid.placements } }
            return [:]
        }
        XCTAssertEqual(
            placements,
            [
                cards[0]: CellRef(day: 1, room: "R101", start: ClockTime(hour: 10, minute: 0)),
                cards[1]: CellRef(day: 1, room: "R102", start: ClockTime(hour: 10, minute: 0)),
                cards[2]: CellRef(day: 1, room: "R103", start: ClockTime(hour: 11, minute: 0)),
            ])
        for card in cards {
            let places = try await store.history(of: card).filter { $0.mutation.kind == "place" }
            XCTAssertEqual(places.count, 1, "placed once: \(card)")
        }
    }
}
