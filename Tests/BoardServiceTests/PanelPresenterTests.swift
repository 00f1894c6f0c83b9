import Foundation
import Render
import SharedTestSupport
import Synchronization
import XCTest

@testable import BoardService

/// A panel sink that takes as long as told, fails while told to, and records what it showed.
final class ScriptedPanel: FrameSink {
    private struct State {
        var shown: [(Bitmap, Bool)] = []
        var failing = false
        var calls = 0
    }
    private let state = Mutex(State())
    private let gate = NSCondition()
    private let held = Mutex(false)

    /// While held, `show` blocks until `release()`, like a refresh in progress.
    func hold() { held.withLock { $0 = true } }

    func release() {
        held.withLock { $0 = false }
        gate.lock()
        gate.broadcast()
        gate.unlock()
    }

    func fail(_ failing: Bool) { state.withLock { $0.failing = failing } }

    var shown: [(frame: Bitmap, full: Bool)] { state.withLock { $0.shown.map { ($0.0, $0.1) } } }
    var calls: Int { state.withLock { $0.calls } }

    struct Broken: Error, CustomStringConvertible {
        var description: String { "BUSY stayed low" }
    }

    func show(_ frame: Bitmap, fullRefresh: Bool) throws {
        state.withLock { $0.calls += 1 }
        gate.lock()
        while held.withLock({ $0 }) { gate.wait() }
        gate.unlock()
        if state.withLock({ $0.failing }) { throw Broken() }
        state.withLock { $0.shown.append((frame, fullRefresh)) }
    }
}

final class PanelPresenterTests: XCTestCase {
    func frame(_ marks: Int) -> Bitmap {
        var bitmap = Bitmap(width: 800, height: 480)
        for index in 0..<marks { bitmap.fill(Rect(x: 8 + index * 16, y: 8, width: 8, height: 8)) }
        return bitmap
    }

    func testFramesThatArriveDuringARefreshCollapseIntoTheNewestOneAndKeepAFullRefreshAskedFor() async {
        let panel = ScriptedPanel()
        let presenter = PanelPresenter(panel: panel)
        panel.hold()
        presenter.show(frame(0), fullRefresh: false)
        let started = await waitUntil { panel.calls == 1 }
        XCTAssertTrue(started, "the first frame went to the panel")
        presenter.show(frame(1), fullRefresh: true)
        for marks in 2...9 { presenter.show(frame(marks), fullRefresh: false) }
        XCTAssertEqual(presenter.superseded, 8, "eight frames were replaced before the panel was free")
        panel.release()
        let settled = await presenter.settled(timeout: .seconds(10))
        XCTAssertTrue(settled)
        XCTAssertEqual(panel.shown.count, 2, "the refresh in progress, then the newest frame only")
        XCTAssertTrue(panel.shown.last?.frame == frame(9), "the newest frame")
        XCTAssertEqual(panel.shown.last?.full, true, "a full refresh asked for by a replaced frame is kept")
        await presenter.stop(within: .seconds(5))
    }

    func testAFailingPanelIsRetriedWithBackoffAndReportsItsHealthUntilItWorksAgain() async {
        let panel = ScriptedPanel()
        let changes = Mutex<[PanelPresenter.Health]>([])
        let presenter = PanelPresenter(
            panel: panel, retry: .init(first: .milliseconds(20), longest: .milliseconds(80)),
            onHealth: { health in changes.withLock { $0.append(health) } })
        panel.fail(true)
        presenter.show(frame(1), fullRefresh: false)
        let retried = await waitUntil { panel.calls >= 4 }
        XCTAssertTrue(retried, "the failed frame is tried again")
        guard case .failing(let problem, _, let failures) = presenter.health else {
            return XCTFail("health: \(presenter.health)")
        }
        XCTAssertEqual(problem, "BUSY stayed low")
        XCTAssertGreaterThanOrEqual(failures, 3)
        XCTAssertTrue(presenter.health.problem?.contains("panel failing since") ?? false)
        presenter.show(frame(2), fullRefresh: false)
        panel.fail(false)
        let recovered = await waitUntil { presenter.health == .working }
        XCTAssertTrue(recovered)
        let settled = await presenter.settled(timeout: .seconds(10))
        XCTAssertTrue(settled)
        XCTAssertTrue(
            panel.shown.map(\.frame) == [frame(2), frame(2)],
            "the newest frame once the panel works, then again in case the first began while it still failed")
        XCTAssertEqual(panel.shown.map(\.full), [true, true], "after a failure the frame goes out whole")
        XCTAssertEqual(changes.withLock { $0.last }, .working)
        await presenter.stop(within: .seconds(5))
    }

    func testStopLetsTheRefreshInProgressFinishShowsTheNewestFrameAndTakesNoOther() async {
        let panel = ScriptedPanel()
        let presenter = PanelPresenter(panel: panel)
        panel.hold()
        presenter.show(frame(1), fullRefresh: false)
        _ = await waitUntil { panel.calls == 1 }
        presenter.show(frame(2), fullRefresh: false)
        async let stopped = presenter.stop(within: .seconds(10))
        panel.release()
        let ended = await stopped
        XCTAssertTrue(ended)
        XCTAssertTrue(
            panel.shown.map(\.frame) == [frame(1), frame(2)], "the board's last state is left on the panel")
        presenter.show(frame(3), fullRefresh: false)
        XCTAssertEqual(panel.calls, 2, "a stopped presenter takes no frame")
    }

    func testAStuckCallMakesThePresenterUnresponsiveButAFailingOneDoesNot() async {
        let panel = ScriptedPanel()
        let presenter = PanelPresenter(panel: panel, retry: .init(first: .milliseconds(10), longest: .milliseconds(10)))
        panel.fail(true)
        presenter.show(frame(1), fullRefresh: false)
        _ = await waitUntil { panel.calls >= 3 }
        XCTAssertTrue(presenter.isResponsive(longest: .milliseconds(200)), "errors come back: the thread lives")
        panel.fail(false)
        panel.hold()
        presenter.show(frame(2), fullRefresh: false)
        let stuck = await waitUntil { !presenter.isResponsive(longest: .milliseconds(50)) }
        XCTAssertTrue(stuck, "one call that never returns is what the watchdog must see")
        panel.release()
        let responsive = await waitUntil { presenter.isResponsive(longest: .milliseconds(50)) }
        XCTAssertTrue(responsive)
        await presenter.stop(within: .seconds(5))
    }
}
