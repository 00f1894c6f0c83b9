import BoardModel
import BoardStore
import Foundation
import SharedTestSupport
import Sync
import SyncWire
import XCTest

/// The real `openspace` programs: a hub and a board in their own processes.
final class SyncProcessTests: XCTestCase {
    var folder = ""
    var children: [ChildProcess] = []

    override func setUp() async throws {
        folder = try TestPaths.temporaryFolder("sync-process")
    }

    override func tearDown() async throws {
        for child in children.reversed() { child.stop() }
    }

    private func start(_ arguments: [String]) throws -> ChildProcess {
        let child = try ChildProcess(arguments)
        children.append(child)
        return child
    }

    private func startHub(port: Int) throws -> (ChildProcess, Int) {
        let hub = try start([
            "hub", "serve", "--layout", TestPaths.exampleLayout, "--database", folder + "/hub.sqlite", "--port",
            "\(port)",
        ])
        let ready = try hub.waitForLine(startingWith: "hub ready: ")
        guard let bound = Int(ready.split(separator: ":").last?.filter(\.isNumber) ?? "") else {
            throw TestSetupFailure("no port in '\(ready)'")
        }
        return (hub, bound)
    }

    /// A scan committed at the board but never pushed (the board dies at once, the hub is down)
    /// reaches the hub when the board starts again.
    func testAScanCommittedButNotPushedReachesTheHubAfterTheBoardIsKilled() async throws {
        let add = try TestPaths.openspace([
            "hub", "board", "add", "hall-a", "--layout", TestPaths.exampleLayout, "--database", folder + "/hub.sqlite",
        ])
        XCTAssertEqual(add.status, 0, add.errors)
        let code = try XCTUnwrap(add.output.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        let journal = folder + "/board/journal.sqlite"
        let card = try TestPaths.openspace([
            "card", "add", "--layout", TestPaths.exampleLayout, "--journal", journal, "--title", "Survives SIGKILL",
        ])
        XCTAssertEqual(card.status, 0, card.errors)
        let cardID = try CardID(validating: String(card.output.prefix(7)))

        var (hub, port) = try startHub(port: 0)
        let boardArguments = [
            "board", "--simulate", "--panel-timing", "instant", "--layout", TestPaths.exampleLayout, "--journal",
            journal, "--frames",
            folder + "/frames", "--start", "2027-05-14T09:00", "--sync-with", "http://127.0.0.1:\(port)",
            "--pull-interval", "0.5",
        ]
        var board = try start(boardArguments + ["--enrol", code])
        _ = try board.waitForLine(startingWith: "sync: online, 0 pending")

        hub.kill()
        board.type("HTTPS://OS.EXAMPLE.ORG/C/\(cardID.text)")
        board.type("HTTPS://OS.EXAMPLE.ORG/S/1-R101-1000")
        _ = try board.waitForLine(startingWith: "accepted: Placed \"Survives SIGKILL\"")
        board.kill()
        XCTAssertEqual(try BoardJournal(path: journal).outbox().count, 1, "committed, not pushed")

        (hub, _) = try startHub(port: port)
        board = try start(boardArguments)
        _ = try board.waitForLine(startingWith: "sync: online, 0 pending")
        let pull = try await HubConnection(base: "http://127.0.0.1:\(port)", token: nil).pull(
            cookie: nil, clientID: nil, after: nil, pending: nil)
        let state = try XCTUnwrap(pull.cards.first { $0.card.id == cardID })
        XCTAssertEqual(state.cell, CellRef(day: 1, room: "R101", start: ClockTime(hour: 10, minute: 0)))
    }

    /// `openspace hub serve` with `tls` in hub.yaml serves HTTPS, and a SIGHUP (what
    /// `systemctl reload openspace-hub` sends) makes it serve the certificate issued since.
    func testTheHubServesHTTPSAndReadsItsCertificateAgainOnSIGHUP() async throws {
        let tls = folder + "/tls"
        for arguments in [["new-ca"], ["issue", "127.0.0.1"]] {
            let made = try TestPaths.openspace(["hub", "tls"] + arguments + ["--dir", tls])
            XCTAssertEqual(made.status, 0, made.errors)
        }
        let config = folder + "/hub.yaml"
        try """
        layout: \(TestPaths.exampleLayout)
        storage: \(folder)/hub.sqlite
        tls: { certificate: \(tls)/hub.pem, key: \(tls)/hub.key }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let hub = try start(["hub", "serve", "--config", config, "--port", "0"])
        let ready = try hub.waitForLine(startingWith: "hub ready: ")
        XCTAssertTrue(ready.hasPrefix("hub ready: https://"), ready)
        let base = String(ready.dropFirst("hub ready: ".count).dropLast())
        let first = try await HubTransport.certificatesSent(by: base).map(\.fingerprint)

        let reissued = try TestPaths.openspace(["hub", "tls", "issue", "127.0.0.1", "--dir", tls])
        XCTAssertEqual(reissued.status, 0, reissued.errors)
        kill(hub.process.processIdentifier, SIGHUP)
        let renewed = await waitUntil(seconds: 10) {
            let sent = try? await HubTransport.certificatesSent(by: base).map(\.fingerprint)
            return sent.map { $0.count == 2 && $0[0] != first[0] && $0[1] == first[1] } ?? false
        }
        XCTAssertTrue(renewed, "the renewed certificate is served after SIGHUP")
        XCTAssertTrue(hub.process.isRunning, "a SIGHUP does not stop the hub")
    }
}
