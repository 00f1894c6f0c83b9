import EPaper
import Render
import XCTest

final class WaveshareV2DriverTests: XCTestCase {
    func testPowerOnDrivesTheHATsPWRLineHigh() throws {
        let wire = WireRecorder()
        try wire.driver().powerOn()
        XCTAssertEqual(wire.events, [.pin("PWR", true)])
    }

    func testPowerOnWithoutAPWRLineSendsNothing() throws {
        let wire = WireRecorder()
        try wire.driver(withPowerLine: false).powerOn()
        XCTAssertEqual(wire.events, [])
    }

    func testResetPulsesRSTHighLowHighWithTheReferenceTiming() throws {
        let wire = WireRecorder()
        try wire.driver().reset()
        XCTAssertEqual(wire.events, Reference.resetPulse)
    }

    func testInitFullSendsTheReferenceSequenceAfterAResetPulse() throws {
        let wire = WireRecorder()
        try wire.driver().initFull()
        XCTAssertEqual(wire.events, Reference.initFull)
    }

    func testInitFastSendsTheReferenceFastSequence() throws {
        let wire = WireRecorder()
        try wire.driver().initFast()
        XCTAssertEqual(wire.events, Reference.initFast)
    }

    func testInitPartialSendsTheReferencePartialSequence() throws {
        let wire = WireRecorder()
        try wire.driver().initPartial()
        XCTAssertEqual(wire.events, Reference.initPartial)
    }

    func testDisplayFullSendsTheFrameInvertedToOldAndAsIsToNewThenRefreshes() throws {
        let wire = WireRecorder()
        let driver = wire.driver()
        let frame = Frames.board()
        try driver.initFull()
        wire.clear()
        try driver.displayFull(frame)
        XCTAssertEqual(wire.events, Reference.displayFull(frame))
    }

    func testDisplayFullSendsBlackPixelsAsSetBitsToTheNewPlane() throws {
        let wire = WireRecorder()
        let driver = wire.driver()
        var frame = Frames.white()
        frame[0, 0] = true
        frame[9, 0] = true
        try driver.initFull()
        wire.clear()
        try driver.displayFull(frame)
        guard case .spi(_, let old) = wire.events[1], case .spi(_, let new) = wire.events[3] else {
            return XCTFail("Expected the two planes as the second and fourth writes, got \(wire.events)")
        }
        XCTAssertEqual(Array(new.prefix(2)), [0x80, 0x40])
        XCTAssertEqual(Array(old.prefix(2)), [0x7F, 0xBF])
    }

    func testClearSendsTheReferencesWhiteOldAndNewPlanes() throws {
        let wire = WireRecorder()
        let driver = wire.driver()
        try driver.initFull()
        wire.clear()
        try driver.clear()
        let expected =
            [
                command(0x10), data([UInt8](repeating: 0xFF, count: 48_000)),
                command(0x13), data([UInt8](repeating: 0x00, count: 48_000)),
            ] + Reference.refresh
        XCTAssertEqual(wire.events, expected)
    }

    func testDisplayPartialWritesBothWindowPlanesInvertedBetweenPartialInAndOut() throws {
        let wire = WireRecorder()
        let driver = wire.driver()
        let previous = Frames.board()
        let window = Rect(x: 160, y: 150, width: 160, height: 110)
        let frame = Frames.withCard(window, on: previous)
        try driver.initPartial()
        wire.clear()
        try driver.displayPartial(frame, window: window, previous: previous)
        let expected = Reference.displayPartial(
            window: [0x00, 0xA0, 0x01, 0x3F, 0x00, 0x96, 0x01, 0x03, 0x01],
            old: Frames.windowBytesWhiteSet(previous, window), new: Frames.windowBytesWhiteSet(frame, window))
        XCTAssertEqual(wire.events, expected)
    }

    func testSleepFloatsTheBorderPowersOffAndSendsTheDeepSleepCheckCode() throws {
        let wire = WireRecorder()
        try wire.driver().sleep()
        XCTAssertEqual(wire.events, Reference.sleep)
    }

    func testDisplayFullBeforeAnyInitIsRefusedWithoutSendingAnything() {
        let wire = WireRecorder()
        XCTAssertThrowsError(try wire.driver().displayFull(Frames.white())) { error in
            XCTAssertEqual(
                error as? PanelError, .notInitialized(operation: "displayFull", needs: "initFull() or initFast()"))
        }
        XCTAssertEqual(wire.events, [])
    }

    func testDisplayPartialAfterInitFullIsRefusedBecauseThePolarityWouldBeWrong() throws {
        let wire = WireRecorder()
        let driver = wire.driver()
        try driver.initFull()
        XCTAssertThrowsError(
            try driver.displayPartial(
                Frames.white(), window: Rect(x: 0, y: 0, width: 8, height: 8), previous: Frames.white())
        ) { error in
            XCTAssertEqual(error as? PanelError, .notInitialized(operation: "displayPartial", needs: "initPartial()"))
        }
    }

    func testSleepRequiresANewInitBeforeDrawing() throws {
        let wire = WireRecorder()
        let driver = wire.driver()
        try driver.initFull()
        try driver.sleep()
        XCTAssertThrowsError(try driver.displayFull(Frames.white()))
    }

    func testFrameOfTheWrongSizeIsRefusedWithBothSizesInTheMessage() throws {
        let wire = WireRecorder()
        let driver = wire.driver()
        try driver.initFull()
        XCTAssertThrowsError(try driver.displayFull(Bitmap(width: 480, height: 800))) { error in
            XCTAssertEqual(
                error as? PanelError, .frameSize(width: 480, height: 800, expectedWidth: 800, expectedHeight: 480))
            XCTAssertTrue("\(error)".contains("480x800 frame was sent to a 800x480 panel"), "\(error)")
        }
    }

    func testBusyTimeoutNamesTheOperationAndWhatToCheck() {
        let wire = WireRecorder(busy: .neverIdle)
        let driver = wire.driver(busyTimeout: .milliseconds(3))
        XCTAssertThrowsError(try driver.initFull()) { error in
            XCTAssertEqual(
                error as? PanelError, .busyTimeout(operation: "power-on (PON) in initFull", waited: .milliseconds(3)))
            let message = "\(error)"
            XCTAssertTrue(message.contains("GPIO24"), message)
            XCTAssertTrue(message.contains("PWR pin GPIO18"), message)
            XCTAssertTrue(message.contains("power-on (PON) in initFull"), message)
        }
    }

    func testBusyTimeoutDuringInitLeavesTheDriverRefusingToDraw() {
        let wire = WireRecorder(busy: .timesOut(first: 1))
        let driver = wire.driver()
        XCTAssertThrowsError(try driver.initFull())
        XCTAssertThrowsError(try driver.displayFull(Frames.white())) { error in
            XCTAssertEqual(
                error as? PanelError, .notInitialized(operation: "displayFull", needs: "initFull() or initFast()"))
        }
    }

    func testFullUpdateSendsTwoPlanesOf48000BytesAndThreeCommandBytes() throws {
        let wire = WireRecorder()
        let driver = wire.driver()
        try driver.initFull()
        let before = driver.bytesSent
        try driver.displayFull(Frames.board())
        XCTAssertEqual(driver.bytesSent - before, 2 * 48_000 + 3)
    }

    func testOneCardPartialSendsTwoWindowPlanesAndEighteenCommandBytes() throws {
        let wire = WireRecorder()
        let driver = wire.driver()
        let card = Rect(x: 163, y: 151, width: 150, height: 100)
        let previous = Frames.board()
        try driver.initPartial()
        let before = driver.bytesSent
        try driver.displayPartial(Frames.withCard(card, on: previous), window: card, previous: previous)
        // Widened to columns 160..<320: 20 bytes a row, 100 rows, per plane. The commands are
        // 0x50 + 2, 0x91, 0x90 + 9, 0x10, 0x13, 0x12, 0x92.
        let windowBytes = 20 * 100
        XCTAssertEqual(driver.bytesSent - before, 2 * windowBytes + 18)
        XCTAssertLessThan(driver.bytesSent - before, 96_000 / 20)
    }

    func testBytesSentCountsInitAndSleepBytesToo() throws {
        let wire = WireRecorder()
        let driver = wire.driver()
        try driver.initFull()
        XCTAssertEqual(driver.bytesSent, 25)
        try driver.sleep()
        XCTAssertEqual(driver.bytesSent, 30)
    }
}
