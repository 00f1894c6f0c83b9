import BoardModel
import BoardStore
import Foundation
import SharedTestSupport
import XCTest

/// `openspace board --config FILE`: the real binary reads board.yaml, takes the environment's
/// overrides, and refuses a bad value at start, naming it, with nothing changed.
final class BoardConfigProcessTests: XCTestCase {
    var folder: String!

    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("board-config") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    private func write(_ yaml: String) throws -> String {
        let path = folder + "/board.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private var simulatedBoard: String {
        """
        board:
          name: Test board
          layout: \(TestPaths.exampleLayout)
          journal: \(folder!)/journal.sqlite
        panel:
          model: simulated
          timing: instant
          frames: \(folder!)/frames
        scanner:
          device: none
        show:
          rooms: [R101, R102]

        """
    }

    func testABadValueStopsTheBoardAtStartNamingTheKeyAndLineAndChangingNothing() throws {
        let config = try write(simulatedBoard + "printer:\n  paper: 110mm\n")
        let run = try TestPaths.openspace(["board", "--config", config], input: "")
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(
            run.errors.contains("board.yaml line 14: printer.paper: '110mm' is not a paper width: write 58mm or 80mm"),
            run.errors)
        XCTAssertFalse(run.errors.contains("Usage:"), "a settings error is not a usage error:\n\(run.errors)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/journal.sqlite"), "nothing may be created")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/frames"), "nothing may be shown")
    }

    func testAnUnknownKeyAndAnEnvironmentValueAreRefusedByName() throws {
        let config = try write(simulatedBoard + "scaner:\n  device: none\n")
        let typo = try TestPaths.openspace(["board", "--config", config, "--check"])
        XCTAssertNotEqual(typo.status, 0)
        XCTAssertTrue(
            typo.errors.contains(
                "board.yaml line 14: scaner.device: not a setting this file has (did you mean scanner.device?)"),
            typo.errors)

        let good = try write(simulatedBoard)
        let environment = try TestPaths.openspace(
            ["board", "--config", good, "--check"], environment: ["OPENSPACE_PANEL_SPI_SPEED": "fast"])
        XCTAssertNotEqual(environment.status, 0)
        XCTAssertTrue(
            environment.errors.contains(
                "environment OPENSPACE_PANEL_SPI_SPEED: panel.spi_speed: 'fast' is not a whole"),
            environment.errors)
        let room = try TestPaths.openspace(
            ["board", "--config", good, "--check"], environment: ["OPENSPACE_SHOW_ROOMS": "R101,R999"])
        XCTAssertTrue(room.errors.contains("show.rooms: R999 is not a room of the conference"), room.errors)
    }

    func testTheBoardRunsFromItsConfigFileWithTheEnvironmentOverridingIt() throws {
        let config = try write(simulatedBoard)
        let check = try TestPaths.openspace(["board", "--config", config, "--check"])
        XCTAssertEqual(check.status, 0, check.errors)
        XCTAssertTrue(check.output.contains("the panel shows R101, R102"), check.output)
        XCTAssertTrue(check.output.contains("board: Test board"), check.output)

        let layout = try ConferenceLayout.load(path: TestPaths.exampleLayout)
        let codes = ScanCodeFormat(hub: "https://os.example.org")
        let card = Card(id: CardID(value: 4242), title: "Configured")
        let overridden = folder + "/elsewhere.sqlite"
        try BoardJournal(path: overridden).commit(
            .registerCard(card), context: .init(layout: layout, now: Date(), actor: .host))
        let cell = layout.cells(onDay: 1).first { $0.room == "R101" }!
        let run = try TestPaths.openspace(
            ["board", "--config", config, "--start", "2027-05-14T08:00"],
            environment: ["OPENSPACE_BOARD_JOURNAL": overridden],
            input: "\(codes.code(for: card.id))\n\(codes.code(for: cell))\n")
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertTrue(run.output.contains("accepted:"), run.output)
        XCTAssertEqual(try BoardJournal(path: overridden).grid().placements[card.id], cell)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: folder + "/journal.sqlite"), "the environment's journal is used")
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: folder + "/frames/latest.png"), "frames go where the file says")
    }

    /// Under systemd (`Type=notify`, `WatchdogSec=`), the board says when it is ready and then
    /// pings the watchdog from its main loop, once a second.
    func testTheBoardTellsSystemdItIsReadyAndPingsTheWatchdogFromItsMainLoop() throws {
        let config = try write(simulatedBoard)
        let notify = try NotifySocket()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = ["board", "--config", config, "--start", "2027-05-14T08:00"]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "10000000",
        ]) { $1 }
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        XCTAssertEqual(notify.receive(timeout: .seconds(20)), "READY=1\nSTATUS=working on its own (no hub)")
        let pings = (0..<2).compactMap { _ in notify.receive(timeout: .seconds(5)) }
        XCTAssertEqual(pings, ["WATCHDOG=1", "WATCHDOG=1"])
    }

    /// A board with no scanner whose standard input is /dev/null (a service showing the grid only)
    /// keeps running, where a board reading scans from a pipe ends with its input.
    func testABoardWithoutScannerOrInputKeepsShowingTheGrid() throws {
        let config = try write(simulatedBoard)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = ["board", "--config", config, "--start", "2027-05-14T08:00"]
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let lines = LineCollector(output.fileHandleForReading)
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        XCTAssertTrue(lines.wait(seconds: 20) { $0 == "no scanner: this board shows the grid only" }, "\(lines.all)")
        usleep(1_500_000)
        XCTAssertTrue(process.isRunning, "the board ended with nothing to read: \(lines.all)")
    }
}
