import EPaper
import Foundation
import Render
import Synchronization
import XCTest

final class EPaperPanelTests: XCTestCase {
    /// A settable clock for the planner's schedule.
    private final class TestClock: Sendable {
        private let current = Mutex(Date(timeIntervalSince1970: 1_750_000_000))
        var now: Date { current.withLock { $0 } }
        func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// Lines the panel reported, in order.
    private final class ReportLog: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    private let clock = TestClock()
    private let reports = ReportLog()

    private func panel(driving emulator: UC8179Emulator, busyTimeout: Duration = .milliseconds(20)) -> EPaperPanel {
        let driver = WaveshareV2Driver(
            spi: emulator.spi, dc: emulator.dc, reset: emulator.reset, power: emulator.power, busy: emulator.busy,
            busyTimeout: busyTimeout, sleep: { _ in })
        return panel(with: driver)
    }

    private func panel(with driver: WaveshareV2Driver) -> EPaperPanel {
        let clock = clock
        let reports = reports
        return EPaperPanel(driver: driver, now: { clock.now }, report: { reports.append($0) })
    }

    // MARK: Refresh plans carried out

    func testFirstFrameSwitchesTheSupplyOnRefreshesFullyAndSleeps() throws {
        let emulator = UC8179Emulator()
        let panel = panel(driving: emulator)
        let frame = Frames.board()
        XCTAssertEqual(try panel.show(frame), .full(.firstFrame))
        assertSameFrame(emulator.displayed, frame)
        XCTAssertTrue(emulator.isAsleep)
        XCTAssertEqual(panel.fullRefreshes, 1)
        XCTAssertEqual(panel.partialRefreshes, 0)
        XCTAssertEqual(emulator.protocolViolations, [])
    }

    func testFirstFrameTrafficIsPowerOnThenTheReferenceFullRefreshThenSleep() throws {
        let wire = WireRecorder()
        let panel = panel(with: wire.driver())
        let frame = Frames.board()
        try panel.show(frame)
        XCTAssertEqual(
            wire.events, [.pin("PWR", true)] + Reference.initFull + Reference.displayFull(frame) + Reference.sleep)
    }

    func testIdenticalFrameSendsNothing() throws {
        let emulator = UC8179Emulator()
        let panel = panel(driving: emulator)
        try panel.show(Frames.board())
        let before = panel.bytesSent
        XCTAssertEqual(try panel.show(Frames.board()), .nothing)
        XCTAssertEqual(panel.bytesSent, before)
    }

    func testOneCardChangeIsAPartialRefreshSendingAFewKilobytes() throws {
        let emulator = UC8179Emulator()
        let panel = panel(driving: emulator)
        let first = Frames.board()
        try panel.show(first)
        // A blank stretch of the board, so the changed area is exactly the card's outline.
        let card = Rect(x: 163, y: 160, width: 150, height: 96)
        let second = Frames.withCard(card, on: first)
        let before = panel.bytesSent
        XCTAssertEqual(try panel.show(second), .partial(windows: [Rect(x: 160, y: 160, width: 160, height: 96)]))
        assertSameFrame(emulator.displayed, second)
        XCTAssertEqual(panel.partialRefreshes, 1)
        // 20 bytes x 96 rows per plane; init 7, display 18 and sleep 5 bytes of commands.
        XCTAssertEqual(panel.bytesSent - before, 2 * 1920 + 7 + 18 + 5)
        XCTAssertEqual(emulator.protocolViolations, [])
    }

    func testACardAndTheStatusLineAreTwoSmallWindowsInOnePartialUpdate() throws {
        let emulator = UC8179Emulator()
        let panel = panel(driving: emulator)
        let first = Frames.white()
        try panel.show(first)
        let card = Rect(x: 160, y: 100, width: 96, height: 48)
        let status = Rect(x: 0, y: 460, width: 400, height: 16)
        let second = Frames.withCard(status, on: Frames.withCard(card, on: first))
        let before = panel.bytesSent
        XCTAssertEqual(try panel.show(second), .partial(windows: [card, status]))
        assertSameFrame(emulator.displayed, second)
        XCTAssertEqual(emulator.partialRefreshCount, 2, "one controller refresh per window")
        XCTAssertEqual(panel.partialRefreshes, 1, "one partial update")
        // Both planes of both windows, the partial init, two window sequences and sleep.
        XCTAssertEqual(panel.bytesSent - before, 2 * (12 * 48 + 50 * 16) + 7 + 2 * 18 + 5)
        XCTAssertEqual(emulator.protocolViolations, [])
    }

    func testPartialTrafficIsTheReferencePartialInitDisplayAndSleep() throws {
        let wire = WireRecorder()
        let panel = panel(with: wire.driver())
        let first = Frames.white()
        try panel.show(first)
        wire.clear()
        let card = Rect(x: 16, y: 8, width: 16, height: 3)
        let second = Frames.withCard(card, on: first)
        try panel.show(second)
        let partial = Reference.displayPartial(
            window: [0x00, 0x10, 0x00, 0x1F, 0x00, 0x08, 0x00, 0x0A, 0x01],
            old: Frames.windowBytesWhiteSet(first, card), new: Frames.windowBytesWhiteSet(second, card))
        XCTAssertEqual(wire.events, Reference.initPartial + partial + Reference.sleep)
    }

    func testEleventhChangeAfterTenPartialsIsAFullRefresh() throws {
        let emulator = UC8179Emulator()
        let panel = panel(driving: emulator)
        var frame = Frames.board()
        try panel.show(frame)
        for step in 0..<10 {
            frame = Frames.withCard(Rect(x: 8 + step * 16, y: 8, width: 12, height: 12), on: frame)
            guard case .partial = try panel.show(frame) else { return XCTFail("Change \(step) should be partial") }
        }
        frame = Frames.withCard(Rect(x: 600, y: 300, width: 12, height: 12), on: frame)
        XCTAssertEqual(try panel.show(frame), .full(.partialLimit))
        assertSameFrame(emulator.displayed, frame)
        XCTAssertEqual(panel.partialRefreshes, 10)
        XCTAssertEqual(panel.fullRefreshes, 2)
    }

    func testChangeAnHourAfterTheLastFullRefreshIsAScheduledFullRefresh() throws {
        let panel = panel(driving: UC8179Emulator())
        let first = Frames.board()
        try panel.show(first)
        clock.advance(by: 3600)
        XCTAssertEqual(
            try panel.show(Frames.withCard(Rect(x: 8, y: 8, width: 8, height: 8), on: first)), .full(.scheduled))
    }

    func testLargeChangeUsesTheFastFullRefresh() throws {
        let wire = WireRecorder()
        let panel = panel(with: wire.driver())
        try panel.show(Frames.white())
        wire.clear()
        let next = Frames.board()
        XCTAssertEqual(try panel.show(next), .full(.areaTooLarge))
        XCTAssertEqual(wire.events, Reference.initFast + Reference.displayFull(next) + Reference.sleep)
    }

    func testForcedRefreshUsesTheStandardFullRefresh() throws {
        let wire = WireRecorder()
        let panel = panel(with: wire.driver())
        try panel.show(Frames.white())
        wire.clear()
        XCTAssertEqual(try panel.show(Frames.white(), force: true), .full(.forced))
        XCTAssertEqual(wire.events, Reference.initFull + Reference.displayFull(Frames.white()) + Reference.sleep)
    }

    func testFrameOfTheWrongSizeIsRefusedBeforeAnythingIsSent() {
        let emulator = UC8179Emulator()
        let panel = panel(driving: emulator)
        XCTAssertThrowsError(try panel.show(Bitmap(width: 10, height: 10)))
        XCTAssertEqual(panel.bytesSent, 0)
    }

    // MARK: BUSY timeouts

    func testBusyTimeoutResetsReinitsAndResendsTheFrameAsAFullRefresh() throws {
        let wire = WireRecorder(busy: .timesOut(first: 1))
        let panel = panel(with: wire.driver())
        let frame = Frames.board()
        XCTAssertEqual(try panel.show(frame), .full(.busyTimeoutRecovery))
        // The first attempt stops at its first wait (power-on in initFull); the second is whole.
        let failedAttempt = Array(Reference.initFull.prefix(while: { $0 != .waitIdle })) + [.waitIdle]
        XCTAssertEqual(
            wire.events,
            [.pin("PWR", true)] + failedAttempt + Reference.initFull + Reference.displayFull(frame) + Reference.sleep)
        XCTAssertEqual(panel.busyTimeouts, 1)
        XCTAssertEqual(panel.fullRefreshes, 1)
        XCTAssertEqual(reports.all.count, 1)
        XCTAssertTrue(reports.all[0].contains("GPIO24"), reports.all[0])
        XCTAssertTrue(reports.all[0].contains("sending the frame again as a full refresh"), reports.all[0])
    }

    func testBusyTimeoutDuringAPartialRefreshRecoversWithAFullRefresh() throws {
        let emulator = UC8179Emulator()
        let panel = panel(driving: emulator)
        let first = Frames.board()
        try panel.show(first)
        emulator.holdBusy(.nextRefreshUntilReset)
        let second = Frames.withCard(Rect(x: 160, y: 150, width: 40, height: 40), on: first)
        // The partial refresh hangs and times out; the reset that starts initFull cures it.
        XCTAssertEqual(try panel.show(second), .full(.busyTimeoutRecovery))
        assertSameFrame(emulator.displayed, second)
        XCTAssertEqual(panel.busyTimeouts, 1)
        XCTAssertEqual(panel.partialRefreshes, 0)
        XCTAssertEqual(panel.fullRefreshes, 2)
    }

    func testSecondBusyTimeoutIsCountedReportedAndThrown() {
        let wire = WireRecorder(busy: .neverIdle)
        let panel = panel(with: wire.driver())
        XCTAssertThrowsError(try panel.show(Frames.board())) { error in
            XCTAssertEqual(
                error as? PanelError, .busyTimeout(operation: "power-on (PON) in initFull", waited: .milliseconds(5)))
        }
        XCTAssertEqual(panel.busyTimeouts, 2)
        XCTAssertEqual(panel.fullRefreshes, 0)
        XCTAssertEqual(reports.all.count, 2)
        XCTAssertTrue(reports.all[1].contains("The reset did not help"), reports.all[1])
        // Exactly two attempts: one reset pulse each.
        XCTAssertEqual(wire.events.filter { $0 == .pin("RST", false) }.count, 2)
    }

    func testDeadPanelThrowsAfterOneRecoveryAndTheNextFrameStartsOverWithAFullRefresh() throws {
        let emulator = UC8179Emulator()
        let panel = panel(driving: emulator)
        let first = Frames.board()
        try panel.show(first)
        emulator.holdBusy(.forever)
        let second = Frames.withCard(Rect(x: 160, y: 150, width: 40, height: 40), on: first)
        XCTAssertThrowsError(try panel.show(second))
        XCTAssertEqual(panel.busyTimeouts, 2)
        emulator.releaseBusy()
        XCTAssertEqual(try panel.show(second), .full(.firstFrame))
        assertSameFrame(emulator.displayed, second)
    }

    func testAPanelWhoseBusyNeverRoseShowsTheNextFrameOnceItWorksAgain() throws {
        let emulator = UC8179Emulator()
        let panel = panel(driving: emulator)
        emulator.holdBusy(.forever)
        XCTAssertThrowsError(try panel.show(Frames.board()))
        XCTAssertThrowsError(try panel.show(Frames.board()), "still stuck")
        emulator.releaseBusy()
        let frame = Frames.board()
        XCTAssertEqual(try panel.show(frame), .full(.firstFrame), "what the glass shows is unknown after a failure")
        assertSameFrame(emulator.displayed, frame)
        XCTAssertEqual(emulator.protocolViolations.filter { !$0.contains("while BUSY was low") }, [])
    }
}
