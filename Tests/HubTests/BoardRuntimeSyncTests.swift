import AsyncHTTPClient
import BoardModel
import BoardService
import BoardStore
import EPaper
import Foundation
import NIOCore
import Render
import Settings
import SharedTestSupport
import Sync
import SyncWire
import Synchronization
import XCTest

/// A board synced to a real hub over HTTP on loopback: who owns the shown grid, and what a board
/// whose panel fails keeps doing.
final class BoardRuntimeSyncTests: XCTestCase {
    var folder = ""

    override func setUp() async throws {
        folder = try TestPaths.temporaryFolder("runtime-sync")
    }

    override func tearDown() async throws { try? FileManager.default.removeItem(atPath: folder) }

    /// Frames as the board renders them, kept in memory.
    final class Frames: FrameSink {
        private let frames = Mutex<[Bitmap]>([])
        func show(_ frame: Bitmap, fullRefresh: Bool) throws { frames.withLock { $0.append(frame) } }
        var last: Bitmap? { frames.withLock { $0.last } }
    }

    func testAScanCommittedWhileAPullIsAppliedIsInTheNextFrame() async throws {
        let hub = try await RunningHub.start()
        defer { Task { await hub.stop() } }
        let frames = Frames()
        let renderer = PanelRenderer(text: try TextRenderer())
        let board = try Board(
            layout: HubFixture.layout, journal: try BoardJournal(path: folder + "/board.sqlite"),
            codes: HubFixture.codes, badges: nil, renderer: renderer, sink: frames,
            clock: ManualClock(HubFixture.morning).clock)
        // Another board's card is on the hub, for the pull to bring.
        let other = try await TestBoard(folder: folder, name: "other", hub: hub)
        let theirs = HubFixture.card("From the other board")
        try other.scan(.registerCard(theirs))
        try other.scan(.place(theirs.id, HubFixture.cell(4)))
        try await other.sync()

        let mine = HubFixture.card("Raced in")
        try await board.register(mine)
        let token = try await hub.enrolBoard("racing")
        let raced = Mutex(false)
        let client = SyncClient(
            connection: HubConnection(base: hub.base, token: token, boardID: "racing"), journal: board.journal,
            layout: HubFixture.layout, clock: { HubFixture.morning },
            onReport: { report in
                // The seam: the pull is applied to the journal; before its report reaches the
                // board, a host places a card.
                let first = raced.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first {
                    _ = try? await board.scan(HubFixture.codes.code(for: mine.id))
                    _ = try? await board.scan(HubFixture.codes.code(for: HubFixture.cell(0)))
                }
                await board.synced(online: report.online, notes: [], problem: report.problem)
            })
        try await client.syncOnce()

        let state = await board.state
        XCTAssertEqual(state.grid.placements[mine.id], HubFixture.cell(0), "the raced scan is in the shown grid")
        XCTAssertEqual(state.grid.placements[theirs.id], HubFixture.cell(4), "and so is what the pull brought")
        XCTAssertTrue(frames.last == renderer.render(state), "the next frame shows both")
        XCTAssertTrue(state.pendingCards.contains(mine.id), "marked pending until the hub confirms it")
    }

    /// The emulated panel's BUSY never rises: for 60 s the board answers every scan, syncs each one
    /// to the hub, says so on its output and on the hub's board page, and never exits; once BUSY
    /// works again the panel shows the grid.
    func testABoardWhosePanelNeverAnswersKeepsScanningAndSyncingAndRecovers() async throws {
        let hub = try await RunningHub.start()
        defer { Task { await hub.stop() } }
        let code = try await hub.hub.addBoard(id: "stuck", name: "Stuck panel")
        var settings = BoardConfig()
        settings.journalPath = folder + "/board.sqlite"
        settings.panel.model = .simulated
        settings.panel.timing = .instant
        settings.panel.busyTimeout = 0.3
        settings.hub = .init(url: hub.base, enrolCode: code)
        settings.hub?.tokenFile = folder + "/token"
        settings.hub?.pullInterval = 1
        let said = Mutex<[String]>([])
        let runtime = try BoardRuntime(
            settings: settings, layout: HubFixture.layout, clock: ManualClock(HubFixture.morning).clock,
            panelRetry: .init(first: .milliseconds(200), longest: .seconds(2))
        ) { line in said.withLock { $0.append(line) } }
        let emulator = try XCTUnwrap(runtime.emulator)
        emulator.holdBusy(.forever)
        let running = Task { try await runtime.run(input: .none) }

        let start = ContinuousClock.now
        var placed: [Card] = []
        for index in 0..<9 {
            let card = HubFixture.card("Round \(index)")
            try await runtime.board.register(card)
            let prompt = try await runtime.board.scan(HubFixture.codes.code(for: card.id))
            XCTAssertEqual(prompt.tone, .prompt, prompt.message)
            let answer = try await runtime.board.scan(HubFixture.codes.code(for: HubFixture.cell(index)))
            XCTAssertEqual(answer.tone, .accepted, "round \(index): \(answer.message)")
            placed.append(card)
            // A host at the board every few seconds, across the minute.
            if index < 8 { try await Task.sleep(for: .milliseconds(6500)) }
        }
        while ContinuousClock.now - start < .seconds(60) { try await Task.sleep(for: .milliseconds(500)) }
        XCTAssertFalse(running.isCancelled)
        let synced = await waitUntil(seconds: 20) { (try? runtime.board.journal.outbox().isEmpty) ?? false }
        XCTAssertTrue(synced, "every scan reached the hub while the panel failed")
        let (_, hubGrid) = try await hub.hub.snapshot()
        for (index, card) in placed.enumerated() {
            XCTAssertEqual(hubGrid.placements[card.id], HubFixture.cell(index), card.title)
        }
        XCTAssertTrue(said.withLock { $0.contains { $0.hasPrefix("panel failing since") } }, "\(said.withLock { $0 })")
        XCTAssertFalse(said.withLock { $0.contains { $0.hasPrefix("board stopped") } }, "the board never stopped")
        let reported = await waitUntil(seconds: 10) {
            (try? await hub.hub.store.boards().first { $0.id == "stuck" }?.panelProblem) != nil
        }
        XCTAssertTrue(reported, "the hub's board page says the panel fails")
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: hub.base + "/D/stuck"), timeout: .seconds(10))
        let page = String(buffer: try await response.body.collect(upTo: 1 << 20))
        XCTAssertTrue(page.contains("Panel: panel failing since"), page)
        XCTAssertGreaterThan(runtime.panel.busyTimeouts, 5, "every try was bounded by the BUSY timeout")

        emulator.releaseBusy()
        let recovered = await waitUntil(seconds: 20) { runtime.presenter.health == .working }
        XCTAssertTrue(recovered, "the panel is retried until it works")
        let settled = await runtime.presenter.settled(timeout: .seconds(20))
        XCTAssertTrue(settled)
        let shown = PanelRenderer(text: try TextRenderer()).render(await runtime.board.state)
        XCTAssertTrue(emulator.displayedFrame() == shown, "the grid is back on the panel")
        let cleared = await waitUntil(seconds: 10) {
            (try? await hub.hub.store.boards().first { $0.id == "stuck" }.map { $0.panelProblem == nil }) ?? false
        }
        XCTAssertTrue(cleared, "the hub hears that the panel works again")
        await runtime.stop()
        try await running.value
    }
}
