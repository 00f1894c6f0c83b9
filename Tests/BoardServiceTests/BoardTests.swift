import BoardModel
import BoardStore
import EPaper
import Foundation
import Metrics
import MetricsTestKit
import Render
import SharedTestSupport
import Synchronization
import XCTest

@testable import BoardService

final class BoardTests: XCTestCase {
    var folder: String!
    var layout: ConferenceLayout!
    let codes = ScanCodeFormat(hub: "https://os.example.org")
    static let text = try! TextRenderer()

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("board")
        layout = try ConferenceLayout.load(path: TestPaths.exampleLayout)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func makeBoard(clock: ManualClock, sink: RecordingFrameSink, badges: BadgeVerifier? = nil) throws -> Board {
        try Board(
            layout: layout, journal: try BoardJournal(path: folder + "/journal.sqlite"), codes: codes, badges: badges,
            renderer: PanelRenderer(text: Self.text), sink: sink, clock: clock.clock)
    }

    func morning(_ hour: Int, _ minute: Int) -> ManualClock {
        ManualClock(layout.instant(day: 1, at: ClockTime(hour: hour, minute: minute))!)
    }

    func testAcceptedScanIsOnDiskBeforeItIsAcknowledged() async throws {
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(9, 0), sink: sink)
        let card = Card(id: CardID(value: 77), title: "Packaging pain", host: "Priya")
        try await board.register(card)
        let cell = CellRef(day: 1, room: "R101", start: ClockTime(hour: 10, minute: 0))
        let prompt = try await board.scan(codes.code(for: card.id))
        XCTAssertEqual(prompt.tone, .prompt)
        let feedback = try await board.scan(codes.code(for: cell))
        XCTAssertEqual(feedback.tone, .accepted, feedback.message)
        // A second connection, as a restarted board would open, already sees the placement.
        let reopened = try BoardJournal(path: folder + "/journal.sqlite").grid()
        XCTAssertEqual(reopened.placements[card.id], cell)
    }

    func testTheStatusLineSaysWhetherTheHubIsReachableAndWhatWaits() async throws {
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(9, 0), sink: sink)
        var status = await board.state.status
        XCTAssertEqual(status.connection, "no hub")
        let nudges = Mutex(0)
        await board.link { nudges.withLock { $0 += 1 } }
        status = await board.state.status
        XCTAssertEqual(status.connection, "connecting")
        try await board.register(Card(id: CardID(value: 5), title: "Offline talk"))
        XCTAssertEqual(nudges.withLock { $0 }, 1, "a committed change asks sync to push it")

        await board.synced(online: false, notes: [])
        status = await board.state.status
        XCTAssertEqual(status.connection, "offline")
        XCTAssertEqual(status.pendingCount, 1)

        // A hub whose certificate the board refuses is not "offline": waiting will not mend it.
        await board.synced(online: false, notes: [], problem: "the hub is not trusted: …", untrusted: true)
        status = await board.state.status
        XCTAssertEqual(status.connection, "hub NOT TRUSTED")
        XCTAssertEqual(status.pendingCount, 1, "the scan waits in the journal")

        // The hub took it, and a pull brought another board's card: the grid (read from the
        // journal sync changed) and the note show it.
        _ = try board.journal.applyPull(
            .init(
                cookie: 1, reset: true,
                cards: [
                    CardState(card: Card(id: CardID(value: 5), title: "Offline talk")),
                    CardState(card: Card(id: CardID(value: 6), title: "From elsewhere")),
                ], blocks: [], lastMutationID: 1),
            layout: layout, now: Date())
        await board.synced(online: true, notes: [Feedback(.refused, "Hub: a card needs a slot (slot taken)")])
        status = await board.state.status
        XCTAssertEqual(status.connection, "online")
        XCTAssertEqual(status.lastFeedback?.message, "Hub: a card needs a slot (slot taken)")
        let shown = await board.grid
        XCTAssertEqual(shown.cards.count, 2)
        XCTAssertGreaterThan(sink.count, 0)
    }

    func testEachScanShowsANewFrameAndAnUnchangedStateShowsNone() async throws {
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(9, 0), sink: sink)
        await board.refresh(force: true)
        XCTAssertEqual(sink.count, 1)
        XCTAssertEqual(sink.last?.full, true)
        _ = try await board.scan("not a code")
        XCTAssertEqual(sink.count, 2, "the status line shows the refusal")
        _ = await board.tick()
        XCTAssertEqual(sink.count, 2, "nothing changed, so the panel is left alone")
        let shown = await board.refresh(force: false)
        XCTAssertFalse(shown)
    }

    func testRefusedScanChangesNothingInTheJournal() async throws {
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(9, 0), sink: sink)
        let first = Card(id: CardID(value: 1), title: "First")
        let second = Card(id: CardID(value: 2), title: "Second")
        try await board.register(first)
        try await board.register(second)
        let cell = CellRef(day: 1, room: "R101", start: ClockTime(hour: 11, minute: 0))
        _ = try await board.scan(codes.code(for: first.id))
        _ = try await board.scan(codes.code(for: cell))
        let before = try BoardJournal(path: folder + "/journal.sqlite").outbox()
        _ = try await board.scan(codes.code(for: second.id))
        let refused = try await board.scan(codes.code(for: cell))
        XCTAssertEqual(refused.tone, .refused)
        XCTAssertTrue(refused.message.contains("First"), refused.message)
        XCTAssertEqual(try BoardJournal(path: folder + "/journal.sqlite").outbox(), before)
    }

    func testStaffRefreshForcesAFullRefreshOfTheSameFrame() async throws {
        let issuer = BadgeIssuer()
        let badge = try issuer.issue(staffID: "ANNA", validThrough: layout.days[2].date, hub: codes.hub)
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(9, 0), sink: sink, badges: issuer.verifier)
        _ = try await board.scan(codes.code(for: badge))
        let framesBefore = sink.count
        let feedback = try await board.scan(ScanCode.Command.refresh.rawValue)
        XCTAssertEqual(feedback.tone, .accepted)
        XCTAssertEqual(sink.count, framesBefore + 1)
        XCTAssertEqual(sink.last?.full, true)
    }

    func testTimedOutPairIsAnnouncedOnTheStatusLine() async throws {
        let clock = morning(9, 0)
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: clock, sink: sink)
        let card = Card(id: CardID(value: 5), title: "Lonely card")
        try await board.register(card)
        _ = try await board.scan(codes.code(for: card.id))
        clock.advance(by: 31)
        let notes = await board.tick()
        XCTAssertEqual(notes.map(\.tone), [.refused])
        let status = await board.state.status.lastFeedback
        XCTAssertEqual(status, notes.first)
    }

    func testUnpluggedScannerIsAnnouncedOnTheStatusLineAndTheGridIsUntouched() async throws {
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(9, 0), sink: sink)
        await board.refresh(force: true)
        let gridBefore = await board.grid
        let note = Feedback(.refused, "Scanner not connected: plug it in")
        await board.announce(note)
        let status = await board.state.status.lastFeedback
        XCTAssertEqual(status, note)
        XCTAssertEqual(sink.count, 2, "the status line changed, so the panel shows a new frame")
        let gridAfter = await board.grid
        XCTAssertEqual(gridAfter, gridBefore)
        XCTAssertTrue(try BoardJournal(path: folder + "/journal.sqlite").outbox().isEmpty, "nothing to send")
    }
}

final class SimulatedPanelTests: XCTestCase {
    func testSimulatedPanelShowsExactlyTheRenderedFrameThroughTheRealDriver() async throws {
        let folder = try TestPaths.temporaryFolder("panel")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let layout = try ConferenceLayout.load(path: TestPaths.exampleLayout)
        let codes = ScanCodeFormat(hub: "https://os.example.org")
        let clock = ManualClock(layout.instant(day: 1, at: ClockTime(hour: 9, minute: 0))!)
        let emulator = UC8179Emulator()
        let panel = EPaperPanel(driver: PanelWiring.simulated(emulator), now: clock.clock.now)
        let renderer = PanelRenderer(text: BoardTests.text)
        let board = try Board(
            layout: layout, journal: try BoardJournal(path: folder + "/journal.sqlite"), codes: codes, badges: nil,
            renderer: renderer, sink: PanelFrameSink(panel: panel, shown: { emulator.displayedFrame() }),
            clock: clock.clock)
        await board.refresh(force: true)
        let first = await board.state
        XCTAssertEqual(emulator.displayedFrame(), renderer.render(first))
        let card = Card(id: CardID(value: 31), title: "Packaging pain", host: "Priya")
        try await board.register(card)
        _ = try await board.scan(codes.code(for: card.id))
        _ = try await board.scan(codes.code(for: CellRef(day: 1, room: "R103", start: ClockTime(hour: 11, minute: 0))))
        let placed = await board.state
        XCTAssertEqual(emulator.displayedFrame(), renderer.render(placed))
        XCTAssertEqual(panel.fullRefreshes + panel.partialRefreshes, 3)
        XCTAssertGreaterThanOrEqual(panel.partialRefreshes, 1, "a scan changes part of the panel")
        XCTAssertEqual(emulator.protocolViolations, [])
    }
}

final class PanelMetricsTests: XCTestCase {
    func testStuckBusyLineIsCountedInMetricsWithTheRefreshes() throws {
        let metrics = TestMetrics()
        // The only test that bootstraps metrics: swift-metrics allows it once per process.
        MetricsSystem.bootstrap(metrics)
        let emulator = UC8179Emulator()
        let driver = WaveshareV2Driver(
            spi: emulator.spi, dc: emulator.dc, reset: emulator.reset, power: emulator.power, busy: emulator.busy,
            busyTimeout: .milliseconds(20), sleep: { _ in })
        let sink = PanelFrameSink(panel: EPaperPanel(driver: driver))
        var frame = Bitmap(width: 800, height: 480)
        try sink.show(frame, fullRefresh: false)
        frame.fill(Rect(x: 8, y: 8, width: 64, height: 32))
        emulator.holdBusy(.nextRefreshUntilReset)
        try sink.show(frame, fullRefresh: false)
        XCTAssertEqual(emulator.displayedFrame(), frame, "recovered by a reset and a full resend")
        XCTAssertEqual(metrics.counterTotal(label: "openspace_panel_busy_timeouts_total"), 1)
        XCTAssertEqual(
            metrics.counterTotal(label: "openspace_panel_refreshes_total", dimensions: [("kind", "full")]), 2,
            "the first frame and the recovery")
    }
}
