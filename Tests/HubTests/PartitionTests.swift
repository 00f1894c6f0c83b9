import BoardModel
import BoardStore
import Foundation
import Hub
import SharedTestSupport
import XCTest

/// A board and the hub in two network namespaces joined by a veth pair; the link goes down
/// while hosts scan, and comes back.
final class PartitionTests: XCTestCase {
    private var namespaces: [String] = []
    private var children: [ChildProcess] = []

    override func tearDown() async throws {
        for child in children.reversed() { child.stop() }
        for namespace in namespaces { _ = try? Self.ip(["netns", "delete", namespace]) }
    }

    func testScansDuringAPartitionAllReachTheHubAfterItHeals() async throws {
        guard getuid() == 0 else {
            throw TestSetupFailure("network namespaces need root: run `make test` as root")
        }
        let folder = try TestPaths.temporaryFolder("partition")
        let tag = String(UInt16.random(in: 0x1000...0xFFFF), radix: 16)
        let subnet = "10.\(200 + Int.random(in: 0..<50)).\(Int.random(in: 0..<250))"
        let (hubSide, boardSide) = ("osbh\(tag)", "osbb\(tag)")
        try Self.ip(["netns", "add", hubSide])
        namespaces.append(hubSide)
        try Self.ip(["netns", "add", boardSide])
        namespaces.append(boardSide)
        try Self.ip(["link", "add", "vh\(tag)", "type", "veth", "peer", "name", "vb\(tag)"])
        try Self.ip(["link", "set", "vh\(tag)", "netns", hubSide])
        try Self.ip(["link", "set", "vb\(tag)", "netns", boardSide])
        for (namespace, device, address) in [
            (hubSide, "vh\(tag)", "\(subnet).1"), (boardSide, "vb\(tag)", "\(subnet).2"),
        ] {
            try Self.ip(["-n", namespace, "addr", "add", "\(address)/24", "dev", device])
            try Self.ip(["-n", namespace, "link", "set", device, "up"])
            try Self.ip(["-n", namespace, "link", "set", "lo", "up"])
        }

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
        try Self.ip(["-n", boardSide, "link", "set", "vb\(tag)", "down"])
        board.type("HTTPS://OS.EXAMPLE.ORG/C/\(cards[1].text)")
        board.type("HTTPS://OS.EXAMPLE.ORG/S/1-R102-1000")
        board.type("HTTPS://OS.EXAMPLE.ORG/C/\(cards[2].text)")
        board.type("HTTPS://OS.EXAMPLE.ORG/S/1-R103-1100")
        try board.waitForLine(startingWith: "accepted: Placed \"During two\"")
        try board.waitForLine(startingWith: "sync: offline", seconds: 40)
        XCTAssertEqual(try BoardJournal(path: journal).outbox().count, 2, "both scans wait in the outbox")

        // Healed: everything reaches the hub, nothing twice.
        let onlineBefore = board.count(startingWith: "sync: online, 0 pending")
        try Self.ip(["-n", boardSide, "link", "set", "vb\(tag)", "up"])
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

    @discardableResult
    private static func ip(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw TestSetupFailure("ip \(arguments.joined(separator: " ")) failed: \(complaint)")
        }
        return complaint
    }
}
