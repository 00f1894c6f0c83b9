import EPaper
import Foundation
import LinuxIO
import Render
import XCTest

final class UC8179EmulatorTests: XCTestCase {
    private func driver(for panel: UC8179Emulator, busyTimeout: Duration = .milliseconds(20)) -> WaveshareV2Driver {
        WaveshareV2Driver(
            spi: panel.spi, dc: panel.dc, reset: panel.reset, power: panel.power, busy: panel.busy,
            busyTimeout: busyTimeout, sleep: { _ in })
    }

    /// Powers the panel and shows `frame` with a standard full refresh.
    private func showFully(_ frame: Bitmap, on panel: UC8179Emulator) throws -> WaveshareV2Driver {
        let driver = driver(for: panel)
        try driver.powerOn()
        try driver.initFull()
        try driver.displayFull(frame)
        return driver
    }

    /// `base` with `window` taken from `frame`.
    private func composite(_ base: Bitmap, _ frame: Bitmap, in window: Rect) -> Bitmap {
        var result = base
        result.fill(window, ink: false)
        result.draw(frame.cropped(to: window), atX: window.x, y: window.y)
        return result
    }

    // MARK: What the glass shows

    func testFullRefreshThroughTheDriverShowsExactlyTheFrame() throws {
        let panel = UC8179Emulator()
        let frame = Frames.board()
        _ = try showFully(frame, on: panel)
        assertSameFrame(panel.displayedFrame(), frame)
        XCTAssertEqual(panel.fullRefreshCount, 1)
        XCTAssertEqual(panel.protocolViolations, [])
        XCTAssertEqual(panel.unknownCommands, [])
    }

    func testFastFullRefreshShowsExactlyTheFrame() throws {
        let panel = UC8179Emulator()
        let driver = driver(for: panel)
        let frame = Frames.noise(seed: 7, pixels: 5000)
        try driver.powerOn()
        try driver.initFast()
        try driver.displayFull(frame)
        assertSameFrame(panel.displayed, frame)
    }

    func testClearTurnsTheWholePanelWhite() throws {
        let panel = UC8179Emulator()
        let driver = try showFully(Frames.board(), on: panel)
        try driver.clear()
        assertSameFrame(panel.displayed, Frames.white())
    }

    func testPartialRefreshChangesTheWindowOnlyAndLeavesTheRestAsItWas() throws {
        let panel = UC8179Emulator()
        let before = Frames.board()
        let driver = try showFully(before, on: panel)
        // Every pixel changes, but only the window may reach the glass.
        var after = before
        after.invert(after.bounds)
        let window = Rect(x: 160, y: 150, width: 160, height: 110)
        try driver.initPartial()
        try driver.displayPartial(after, window: window, previous: before)
        assertSameFrame(panel.displayed, composite(before, after, in: window))
        XCTAssertEqual(panel.partialRefreshCount, 1)
        XCTAssertFalse(panel.isInPartialMode)
        XCTAssertEqual(panel.protocolViolations, [])
    }

    func testPartialWindowWithOddEdgesRefreshesTheWholeBytesAroundThem() throws {
        let panel = UC8179Emulator()
        let before = Frames.white()
        let driver = try showFully(before, on: panel)
        var after = Frames.board()
        after.fill(Rect(x: 0, y: 0, width: 800, height: 480))
        try driver.initPartial()
        try driver.displayPartial(after, window: Rect(x: 13, y: 5, width: 10, height: 2), previous: before)
        assertSameFrame(panel.displayed, composite(before, after, in: Rect(x: 8, y: 5, width: 16, height: 2)))
    }

    func testPartialRefreshesEndingAtTheReferencesBadCoordinatesShowExactlyTheFrame() throws {
        let panel = UC8179Emulator()
        var shown = Frames.white()
        let driver = try showFully(shown, on: panel)
        let windows = [
            Rect(x: 200, y: 10, width: 56, height: 20), Rect(x: 480, y: 30, width: 32, height: 8),
            Rect(x: 704, y: 100, width: 64, height: 9), Rect(x: 40, y: 250, width: 24, height: 6),
        ]
        for window in windows {
            var next = shown
            next.fill(window)
            next.invert(window.inset(by: 2))
            try driver.initPartial()
            try driver.displayPartial(next, window: window, previous: shown)
            shown = next
            assertSameFrame(panel.displayed, shown, "window \(window)")
        }
        XCTAssertEqual(panel.protocolViolations, [])
    }

    func testTheReferencesWindowBytesForAnEndAt256WouldSpreadTheImageOverColumnsUpTo511() throws {
        let panel = UC8179Emulator()
        let driver = try showFully(Frames.white(), on: panel)
        try driver.initPartial()
        // EPD_7IN5_V2_Display_Part for x 200..<256, y 10..<12, drawing black (0x00 when set = white).
        try panel.dc.set(false)
        try panel.spi.write([0x50])
        try panel.dc.set(true)
        try panel.spi.write([0xA9, 0x07])
        try panel.dc.set(false)
        try panel.spi.write([0x91])
        try panel.spi.write([0x90])
        try panel.dc.set(true)
        try panel.spi.write([0x00, 0xC8, 0x01, 0xFF, 0x00, 0x0A, 0x00, 0x0B, 0x01])
        try panel.dc.set(false)
        try panel.spi.write([0x13])
        try panel.dc.set(true)
        try panel.spi.write([UInt8](repeating: 0x00, count: 7 * 2))
        try panel.dc.set(false)
        try panel.spi.write([0x12])
        XCTAssertEqual(panel.partialWindow?.rect, Rect(x: 200, y: 10, width: 312, height: 2))
        XCTAssertNotEqual(panel.displayed.inkCount(in: Rect(x: 256, y: 10, width: 256, height: 2)), 0)
    }

    // MARK: Controller behaviour

    func testCommandsInDeepSleepAreIgnoredUntilAResetPulse() throws {
        let panel = UC8179Emulator()
        let driver = try showFully(Frames.board(), on: panel)
        try driver.sleep()
        XCTAssertTrue(panel.isAsleep)
        // Without the reset every init starts with, nothing reaches the chip.
        for byte: UInt8 in [0x04, 0x10] {
            try panel.dc.set(false)
            try panel.spi.write([byte])
        }
        try panel.dc.set(true)
        try panel.spi.write([UInt8](repeating: 0x00, count: 48_000))
        try panel.dc.set(false)
        try panel.spi.write([0x12])
        assertSameFrame(panel.displayed, Frames.board())
        XCTAssertEqual(panel.fullRefreshCount, 1)
        try driver.initFull()
        XCTAssertFalse(panel.isAsleep)
        try driver.displayFull(Frames.white())
        assertSameFrame(panel.displayed, Frames.white())
    }

    func testDeepSleepWithAWrongCheckCodeKeepsTheChipAwake() throws {
        let panel = UC8179Emulator()
        _ = try showFully(Frames.white(), on: panel)
        try panel.dc.set(false)
        try panel.spi.write([0x07])
        try panel.dc.set(true)
        try panel.spi.write([0x5A])
        XCTAssertFalse(panel.isAsleep)
        XCTAssertEqual(panel.protocolViolations.count, 1)
    }

    func testUnknownCommandsAreLoggedAndTheirParametersIgnored() throws {
        let panel = UC8179Emulator()
        try panel.power.set(true)
        try panel.dc.set(false)
        try panel.spi.write([0x82])
        try panel.dc.set(true)
        try panel.spi.write([0x26])
        try panel.dc.set(false)
        try panel.spi.write([0x30, 0x65])
        XCTAssertEqual(panel.unknownCommands, [0x82, 0x30, 0x65])
        XCTAssertEqual(panel.protocolViolations, [])
    }

    func testRefreshWithoutPowerOnLeavesTheGlassAndIsReported() throws {
        let panel = UC8179Emulator()
        try panel.power.set(true)
        try panel.dc.set(false)
        try panel.spi.write([0x13])
        try panel.dc.set(true)
        try panel.spi.write([UInt8](repeating: 0xFF, count: 48_000))
        try panel.dc.set(false)
        try panel.spi.write([0x12])
        assertSameFrame(panel.displayed, Frames.white())
        XCTAssertEqual(panel.fullRefreshCount, 0)
        XCTAssertEqual(panel.protocolViolations.count, 1)
    }

    func testResolutionCommandIsRecorded() throws {
        let panel = UC8179Emulator()
        _ = try showFully(Frames.white(), on: panel)
        XCTAssertTrue(panel.resolution == (800, 480))
    }

    // MARK: BUSY and power

    func testPanelWithoutSupplyHoldsBusyLowUntilPWRGoesHigh() throws {
        let panel = UC8179Emulator()
        XCTAssertFalse(try panel.busy.read())
        XCTAssertFalse(try panel.busy.wait(for: true, timeout: .milliseconds(2)))
        try panel.power.set(true)
        XCTAssertTrue(try panel.busy.read())
    }

    func testDriverWithoutPowerOnTimesOutOnAHATWithAPowerSwitch() {
        let panel = UC8179Emulator()
        XCTAssertThrowsError(try driver(for: panel, busyTimeout: .milliseconds(2)).initFull()) { error in
            guard case .busyTimeout = error as? PanelError else { return XCTFail("\(error)") }
        }
    }

    func testOlderHATWithoutPowerSwitchIsPoweredFromTheStart() throws {
        let panel = UC8179Emulator(hasPowerSwitch: false)
        XCTAssertTrue(try panel.busy.read())
        try panel.power.set(false)
        XCTAssertTrue(try panel.busy.read())
    }

    func testRefreshTimeKeepsBusyLowAndWaitReturnsWhenItEnds() throws {
        let panel = UC8179Emulator(timing: .refreshes(taking: .milliseconds(30)))
        let driver = driver(for: panel, busyTimeout: .seconds(2))
        try driver.powerOn()
        try driver.initFull()
        try panel.dc.set(false)
        try panel.spi.write([0x12])
        XCTAssertFalse(try panel.busy.read())
        XCTAssertFalse(try panel.busy.wait(for: true, timeout: .milliseconds(1)))
        let clock = ContinuousClock()
        let start = clock.now
        XCTAssertTrue(try panel.busy.wait(for: true, timeout: .seconds(2)))
        XCTAssertLessThan(clock.now - start, .seconds(1))
        XCTAssertTrue(try panel.busy.read())
    }

    func testBytesSentWhileBusyAreIgnoredAndReported() throws {
        let panel = UC8179Emulator(timing: .refreshes(taking: .seconds(5)))
        _ = try? showFully(Frames.white(), on: panel)
        try panel.dc.set(false)
        try panel.spi.write([0x92])
        XCTAssertEqual(panel.protocolViolations.count, 1)
    }

    func testWaitForBusyLowReturnsWhenARefreshStarts() throws {
        let panel = UC8179Emulator(timing: .refreshes(taking: .seconds(1)))
        let driver = driver(for: panel)
        try driver.powerOn()
        try driver.initFull()
        let started = expectation(description: "BUSY went low")
        let busy = panel.busy
        Thread.detachNewThread {
            if (try? busy.wait(for: false, timeout: .seconds(2))) == true { started.fulfill() }
        }
        Thread.sleep(forTimeInterval: 0.01)
        try panel.dc.set(false)
        try panel.spi.write([0x12])
        wait(for: [started], timeout: 1)
    }

    func testHoldForeverTimesOutUntilReleasedAndReleaseWakesAWaiter() throws {
        let panel = UC8179Emulator()
        try panel.power.set(true)
        panel.holdBusy(.forever)
        XCTAssertFalse(try panel.busy.wait(for: true, timeout: .milliseconds(5)))
        try panel.reset.set(false)
        try panel.reset.set(true)
        XCTAssertFalse(try panel.busy.read(), "A reset does not cure a panel held forever")
        let idle = expectation(description: "BUSY went idle")
        let busy = panel.busy
        Thread.detachNewThread {
            if (try? busy.wait(for: true, timeout: .seconds(2))) == true { idle.fulfill() }
        }
        Thread.sleep(forTimeInterval: 0.01)
        panel.releaseBusy()
        wait(for: [idle], timeout: 1)
    }

    func testHungRefreshLeavesTheGlassAndHoldsBusyUntilAResetPulse() throws {
        let panel = UC8179Emulator()
        let driver = driver(for: panel)
        try driver.powerOn()
        try driver.initFull()
        panel.holdBusy(.nextRefreshUntilReset)
        XCTAssertTrue(try panel.busy.read(), "The hang waits for a refresh")
        XCTAssertThrowsError(try driver.displayFull(Frames.board()))
        assertSameFrame(panel.displayed, Frames.white())
        XCTAssertFalse(try panel.busy.read())
        try driver.reset()
        XCTAssertTrue(try panel.busy.read())
    }

    func testTimedHoldEndsByItself() throws {
        let panel = UC8179Emulator()
        try panel.power.set(true)
        panel.holdBusy(.lasting(.milliseconds(20)))
        XCTAssertFalse(try panel.busy.read())
        XCTAssertTrue(try panel.busy.wait(for: true, timeout: .seconds(1)))
    }
}
