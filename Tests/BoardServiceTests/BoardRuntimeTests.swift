import BoardModel
import BoardStore
import EPaper
import Foundation
import Logging
import Render
import Settings
import SharedTestSupport
import Synchronization
import XCTest

@testable import BoardService

/// The board as it runs for real: `BoardRuntime` with the controller emulator at the real panel's
/// timing, so a refresh takes seconds as it does on a Pi.
final class BoardRuntimeTests: XCTestCase {
    var folder: String!
    var layout: ConferenceLayout!
    let codes = ScanCodeFormat(hub: "https://os.example.org")

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("runtime")
        layout = try ConferenceLayout.load(path: TestPaths.exampleLayout)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func settings(timing: BoardConfig.Panel.Timing) -> BoardConfig {
        var settings = BoardConfig()
        settings.layoutPath = TestPaths.exampleLayout
        settings.journalPath = folder + "/journal.sqlite"
        settings.panel.model = .simulated
        settings.panel.timing = timing
        return settings
    }

    func testScansTypedDuringAFullRefreshAreAnsweredAtOnceAndThePanelCatchesUpInOneMoreRefresh() async throws {
        let clock = ManualClock(layout.instant(day: 1, at: ClockTime(hour: 8, minute: 0))!)
        let runtime = try BoardRuntime(
            settings: settings(timing: .realistic), layout: layout, clock: clock.clock, say: { _ in })
        let board = runtime.board
        let emulator = try XCTUnwrap(runtime.emulator)
        XCTAssertEqual(emulator.timing, .waveshare7in5V2)
        let cells = layout.cells(onDay: 1).filter { layout.blockReason(for: $0) == nil }.prefix(10)
        let cards = cells.indices.map { Card(id: CardID(value: UInt32(700 + $0)), title: "Session \($0)") }
        for card in cards { try await board.register(card) }

        // The first frame is a full refresh: about 4.2 s on this panel.
        await board.refresh(force: true)
        let started = await waitUntil { emulator.fullRefreshCount == 1 }
        XCTAssertTrue(started, "the full refresh reached the glass")
        var scans = 0
        for (card, cell) in zip(cards, cells) {
            for code in [codes.code(for: card.id), codes.code(for: cell)] {
                let answer = try await board.scan(code)
                scans += 1
                XCTAssertNotEqual(answer.tone, .refused, answer.message)
                XCTAssertEqual(
                    runtime.presenter.refreshes, 0, "scan \(scans) was answered while the first refresh still ran")
                // Typed 100 ms apart, as a host scans card after card.
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        XCTAssertEqual(scans, 20)
        let placed = try BoardJournal(path: folder + "/journal.sqlite").grid().placements
        XCTAssertEqual(placed.count, 10, "every placement was on disk when it was answered")

        let settled = await runtime.presenter.settled(timeout: .seconds(60))
        XCTAssertTrue(settled)
        let final = PanelRenderer(text: try TextRenderer()).render(await board.state)
        XCTAssertTrue(emulator.displayedFrame() == final, "the glass shows the state after all 20 scans")
        let refreshes = runtime.panel.fullRefreshes + runtime.panel.partialRefreshes
        XCTAssertLessThanOrEqual(refreshes, 3, "20 scans, \(refreshes) refreshes: newer frames replace older ones")
        XCTAssertGreaterThanOrEqual(runtime.presenter.superseded, 15)
        XCTAssertEqual(emulator.protocolViolations, [])
        await runtime.presenter.stop(within: .seconds(10))
        XCTAssertTrue(emulator.isAsleep, "every refresh ends with the panel in deep sleep")
    }

    func testRealisticTimingIsTheSimulatedBoardsDefaultAndInstantIsASetting() throws {
        XCTAssertEqual(BoardConfig().panel.timing, .realistic)
        let instant = try BoardConfig.load(file: nil, options: [("panel.timing", "instant", "--panel-timing")])
        XCTAssertEqual(instant.panel.timing, .instant)
        XCTAssertThrowsError(
            try BoardConfig.load(file: nil, options: [("panel.timing", "fast", "--panel-timing")])
        ) { error in
            XCTAssertTrue("\(error)".contains("'fast' is not a panel timing: write realistic or instant"), "\(error)")
        }
    }

    /// SIGTERM while the panel refreshes: the refresh finishes, the panel goes to sleep, the
    /// journal is closed, and the process exits cleanly within 10 s with every answer kept.
    func testSIGTERMDuringARefreshStopsCleanlyWithinTenSecondsWithThePanelAsleep() throws {
        let journal = folder + "/journal.sqlite"
        let card = Card(id: CardID(value: 4242), title: "Stopping gracefully")
        try BoardJournal(path: journal).commit(
            .registerCard(card), context: .init(layout: layout, now: Date(), actor: .host))
        let cell = CellRef(day: 1, room: "R101", start: ClockTime(hour: 10, minute: 0))
        let fifo = folder + "/scans"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = [
            "board", "--simulate", "--panel-timing", "realistic", "--layout", TestPaths.exampleLayout, "--journal",
            journal, "--input", fifo, "--start", "2027-05-14T08:00", "--trace", folder + "/trace.txt",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let lines = LineCollector(output.fileHandleForReading)
        defer { if process.isRunning { process.terminate() } }
        XCTAssertTrue(lines.wait(seconds: 30) { $0.hasPrefix("board ready") }, lines.all.joined(separator: "\n"))
        let readyAt = Date()
        let writer = try XCTUnwrap(FileHandle(forWritingAtPath: fifo))
        writer.write(Data("\(codes.code(for: card.id))\n\(codes.code(for: cell))\n".utf8))
        XCTAssertTrue(lines.wait(seconds: 30) { $0.hasPrefix("accepted: Placed") }, lines.all.joined(separator: "\n"))
        // The boot screen's full refresh (4.2 s) is still running, with the placement's frame waiting.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        let stopAt = Date()
        XCTAssertLessThan(
            stopAt.timeIntervalSince(readyAt), 3.5,
            "the boot screen's full refresh (4.3 s with power-on), begun before \"board ready\", is still running")
        kill(process.processIdentifier, SIGTERM)
        let inTime = exited.wait(timeout: .now() + 15) == .success
        XCTAssertTrue(inTime, "the board did not stop")
        let took = Date().timeIntervalSince(stopAt)
        XCTAssertLessThan(took, 10, "a stop takes at most 10 s")
        XCTAssertEqual(process.terminationStatus, 0, lines.all.joined(separator: "\n"))
        XCTAssertEqual(process.terminationReason, .exit)
        try? writer.close()
        XCTAssertTrue(
            lines.wait(seconds: 5) { $0 == "board stopped: panel asleep, journal closed" },
            lines.all.joined(separator: "\n"))
        // The panel's last command was Deep Sleep with its check code.
        let trace = try String(contentsOfFile: folder + "/trace.txt", encoding: .utf8)
        let commands = trace.split(separator: "\n").filter { $0.contains("spi cmd") }
        XCTAssertTrue(commands.last?.contains("spi cmd 07") ?? false, "last command: \(commands.last ?? "none")")
        // The refresh that SIGTERM interrupted was let finish: its BUSY wait ran the panel's 4.2 s.
        let traced = trace.split(separator: "\n")
        let firstRefresh = try XCTUnwrap(traced.firstIndex { $0.contains("spi cmd 12") })
        let wait = try XCTUnwrap(traced[firstRefresh...].first { $0.contains("busy wait") })
        let waited = wait.split(separator: " ").reversed().dropFirst().first.flatMap { Int($0) }
        XCTAssertGreaterThanOrEqual(waited ?? 0, 4000, String(wait))
        XCTAssertEqual(try BoardJournal(path: journal).grid().placements[card.id], cell, "the answer was kept")
    }
}

/// systemd's watchdog as the board's main loop pings it.
final class BoardTickerTests: XCTestCase {
    func testTheWatchdogIsPingedOnlyWhileEveryDeviceThreadAnswers() async throws {
        let folder = try TestPaths.temporaryFolder("ticker")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var settings = BoardConfig()
        settings.journalPath = folder + "/journal.sqlite"
        settings.panel.model = .simulated
        settings.panel.timing = .instant
        let runtime = try BoardRuntime(
            settings: settings, layout: try ConferenceLayout.load(path: TestPaths.exampleLayout), say: { _ in })
        let scannerStuck = Atomic<Bool>(false)
        let checks = Atomic<Int>(0)
        let pings = Atomic<Int>(0)
        let presenter = runtime.presenter
        let ticker = BoardTicker(
            board: runtime.board,
            threads: [
                .init(name: "panel") { presenter.isResponsive(longest: .seconds(5)) },
                .init(name: "scanner") {
                    checks.add(1, ordering: .relaxed)
                    return !scannerStuck.load(ordering: .relaxed)
                },
            ], ping: { pings.add(1, ordering: .relaxed) }, logger: Logger(label: "test.ticker"), say: { _ in })
        let running = Task { try await ticker.run() }
        defer { running.cancel() }
        /// Waits for `ticks` more rounds of the main loop; each ends with its ping, if any.
        func ticks(_ count: Int) async -> Bool {
            let from = checks.load(ordering: .relaxed)
            return await waitUntil { checks.load(ordering: .relaxed) >= from + count }
        }

        let started = await ticks(2)
        XCTAssertTrue(started)
        XCTAssertGreaterThanOrEqual(pings.load(ordering: .relaxed), 1, "every thread answers: pinged")

        scannerStuck.store(true, ordering: .relaxed)
        _ = await ticks(2)
        let whenStuck = pings.load(ordering: .relaxed)
        let stayed = await ticks(3)
        XCTAssertTrue(stayed, "the main loop goes on")
        XCTAssertEqual(pings.load(ordering: .relaxed), whenStuck, "a stuck thread: no ping for three rounds")

        scannerStuck.store(false, ordering: .relaxed)
        _ = await ticks(2)
        XCTAssertGreaterThan(pings.load(ordering: .relaxed), whenStuck, "pinged again once it answers")
    }
}
