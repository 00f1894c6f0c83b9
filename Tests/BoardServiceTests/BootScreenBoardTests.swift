import BoardModel
import BoardStore
import Foundation
import Render
import SharedTestSupport
import Synchronization
import XCTest

@testable import BoardService

/// The board starts on its boot screen and keeps working under it: the grid takes over at the
/// first sync report that reaches the hub, the first scan, or after the longest wait.
final class BootScreenBoardTests: XCTestCase {
    var folder: String!
    var layout: ConferenceLayout!
    let codes = ScanCodeFormat(hub: "https://os.example.org")
    let hubAddress = "http://hub.local:8080"
    let renderer = PanelRenderer(text: BoardTests.text)
    var bootRenderer: BootScreenRenderer { BootScreenRenderer(text: BoardTests.text) }

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("boot")
        layout = try ConferenceLayout.load(path: TestPaths.exampleLayout)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func makeBoard(clock: ManualClock, sink: RecordingFrameSink, shown: ConferenceLayout? = nil) throws -> Board {
        try Board(
            layout: layout, journal: try BoardJournal(path: folder + "/journal.sqlite"), codes: codes, badges: nil,
            renderer: renderer, sink: sink, clock: clock.clock, shown: shown)
    }

    func morning() -> ManualClock { ManualClock(layout.instant(day: 1, at: ClockTime(hour: 9, minute: 0))!) }

    func screen(hub: BootScreen.HubLine? = nil) -> BootScreen {
        BootScreen(
            boardName: "Hall A", version: OpenSpaceVersion.current, addresses: ["192.168.1.20 (wlan0)"],
            hub: hub ?? .connecting(hubAddress), pageURL: codes.boardPage(for: "hall-a"),
            conference: layout.eventName)
    }

    /// The screen as the panel should show it at 09:00 on the first day.
    func shownAtNine(_ screen: BootScreen) -> BootScreen {
        var screen = screen
        screen.clock = "2027-05-14 09:00"
        return screen
    }

    func testTheFirstFrameIsTheBootScreenWithACodeForTheBoardsPage() async throws {
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(), sink: sink)
        await board.showBoot(screen())
        XCTAssertEqual(sink.count, 1)
        let first = try XCTUnwrap(sink.last)
        XCTAssertTrue(first.full, "the boot screen is drawn with a full refresh")
        XCTAssertEqual(first.frame, bootRenderer.render(shownAtNine(screen())))
        XCTAssertEqual(try ZBar.decode(first.frame), ["HTTPS://OS.EXAMPLE.ORG/D/HALL-A"])
        _ = await board.tick()
        XCTAssertEqual(sink.count, 1, "nothing changed, so the panel is left alone")
    }

    func testAnOnlineSyncReportReplacesTheBootScreenWithTheGrid() async throws {
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(), sink: sink)
        await board.showBoot(screen())
        await board.synced(online: true, notes: [])
        let bootScreen = await board.bootScreen
        XCTAssertNil(bootScreen)
        XCTAssertEqual(sink.count, 2)
        XCTAssertEqual(sink.last?.full, true, "the whole panel changes, so a full refresh clears the code's ghost")
        let state = await board.state
        XCTAssertEqual(state.status.connection, "online")
        XCTAssertEqual(sink.last?.frame, renderer.render(state))
    }

    func testAnOfflineReportKeepsTheBootScreenAndSaysWhy() async throws {
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(), sink: sink)
        await board.showBoot(screen())
        await board.synced(online: false, notes: [], problem: "connection refused")
        let offline = screen(hub: .offline(hubAddress, reason: "connection refused"))
        let shown = await board.bootScreen
        XCTAssertEqual(shown, shownAtNine(offline))
        XCTAssertEqual(sink.count, 2)
        XCTAssertEqual(sink.last?.full, false, "only the hub line changed")
        let frame = try XCTUnwrap(sink.last?.frame)
        XCTAssertEqual(frame, bootRenderer.render(shownAtNine(offline)))
        XCTAssertTrue(
            bootRenderer.plan(shownAtNine(offline)).lines.joined(separator: " ").contains(
                "Hub offline (connection refused): scans still work"))
        XCTAssertEqual(try ZBar.decode(frame), ["HTTPS://OS.EXAMPLE.ORG/D/HALL-A"])

        // The hub comes back: the grid takes over.
        await board.synced(online: true, notes: [])
        let state = await board.state
        XCTAssertEqual(sink.last?.frame, renderer.render(state))
    }

    func testAScanDuringBootIsCommittedAndTheGridShowsItsResult() async throws {
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(), sink: sink)
        let card = Card(id: CardID(value: 77), title: "Packaging pain", host: "Priya")
        try await board.register(card)
        await board.showBoot(screen())
        let prompt = try await board.scan(codes.code(for: card.id))
        XCTAssertEqual(prompt.tone, .prompt)
        let afterPrompt = await board.bootScreen
        XCTAssertNil(afterPrompt, "the first scan brings the grid")
        XCTAssertEqual(sink.last?.full, true)
        var state = await board.state
        XCTAssertEqual(state.status.lastFeedback, prompt)
        XCTAssertEqual(sink.last?.frame, renderer.render(state))

        let cell = CellRef(day: 1, room: "R101", start: ClockTime(hour: 10, minute: 0))
        let placed = try await board.scan(codes.code(for: cell))
        XCTAssertEqual(placed.tone, .accepted, placed.message)
        XCTAssertEqual(try BoardJournal(path: folder + "/journal.sqlite").grid().placements[card.id], cell)
        state = await board.state
        XCTAssertEqual(sink.last?.frame, renderer.render(state))
    }

    func testTheGridTakesOverAfterTheLongestWait() async throws {
        let clock = morning()
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: clock, sink: sink)
        var alone = screen(hub: .noHub)
        alone.pageURL = nil
        await board.showBoot(alone, for: 60)
        let plan = bootRenderer.plan(shownAtNine(alone))
        XCTAssertEqual(plan.details.last?.lines.joined(separator: " "), "No hub: this board works on its own")
        XCTAssertEqual(sink.last?.frame, bootRenderer.draw(plan))
        clock.advance(by: 59)
        _ = await board.tick()
        var bootScreen = await board.bootScreen
        XCTAssertNotNil(bootScreen, "still within the wait")
        clock.advance(by: 1)
        _ = await board.tick()
        bootScreen = await board.bootScreen
        XCTAssertNil(bootScreen)
        XCTAssertEqual(sink.last?.full, true)
        let state = await board.state
        XCTAssertEqual(sink.last?.frame, renderer.render(state))
    }

    func testAddressesThatArriveLateAreShownAndNotesAppearAtTheBottom() async throws {
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(), sink: sink)
        let addresses = Mutex<[String]>([])
        var start = screen()
        start.addresses = []
        await board.showBoot(start, addresses: { addresses.withLock { $0 } })
        XCTAssertTrue(bootRenderer.plan(shownAtNine(start)).lines.contains("no network"))
        addresses.withLock { $0 = ["10.1.2.3 (eth0)"] }
        _ = await board.tick()
        var shown = await board.bootScreen
        XCTAssertEqual(shown?.addresses, ["10.1.2.3 (eth0)"])
        XCTAssertEqual(sink.count, 2)
        XCTAssertEqual(sink.last?.frame, bootRenderer.render(try XCTUnwrap(shown)))

        await board.announce(Feedback(.refused, "Scanner not connected: plug it in"))
        shown = await board.bootScreen
        XCTAssertEqual(shown?.note, "✘ Scanner not connected: plug it in")
        XCTAssertEqual(sink.last?.frame, bootRenderer.render(try XCTUnwrap(shown)))
    }

    func testThePanelDrawsTheShownRoomsWhileScansUseTheWholeConference() async throws {
        var hallway = layout!
        hallway.rooms = Array(layout.rooms.prefix(2))
        let sink = RecordingFrameSink()
        let board = try makeBoard(clock: morning(), sink: sink, shown: hallway)
        let state = await board.state
        XCTAssertEqual(state.layout, hallway)
        XCTAssertEqual(board.layout, layout, "scans are checked against every room")
        let card = Card(id: CardID(value: 78), title: "Garden chat")
        try await board.register(card)
        _ = try await board.scan(codes.code(for: card.id))
        let elsewhere = CellRef(day: 1, room: "GARDEN", start: ClockTime(hour: 11, minute: 0))
        let feedback = try await board.scan(codes.code(for: elsewhere))
        XCTAssertEqual(feedback.tone, .accepted, "a room this panel does not draw still takes cards")
        let after = await board.state
        XCTAssertEqual(sink.last?.frame, renderer.render(after))
        XCTAssertEqual(renderer.plan(after).roomLabels.map(\.lines), [["Room 101"], ["Room 102"]])
    }
}
