import Foundation
import LinuxIO
import XCTest

final class TraceTests: XCTestCase {
    private struct Panel {
        let trace = Trace()
        let power = FakeOutputLine()
        let reset = FakeOutputLine()
        let dataCommand = FakeOutputLine()
        let busy: FakeInputLine
        let bus = FakeSPIDevice()

        init(busyWaits: [Bool]) { busy = FakeInputLine(level: false, waitAnswers: busyWaits) }

        var pwr: TracingOutputLine { TracingOutputLine(power, name: "PWR", trace: trace) }
        var rst: TracingOutputLine { TracingOutputLine(reset, name: "RST", trace: trace) }
        var dc: TracingOutputLine { TracingOutputLine(dataCommand, name: "DC", trace: trace, isDataCommand: true) }
        var busyLine: TracingInputLine {
            TracingInputLine(busy, name: "BUSY", trace: trace, clock: SteppingClock(step: .milliseconds(3)))
        }
        var spi: TracingSPIDevice { TracingSPIDevice(bus, trace: trace) }
    }

    func testScriptedPanelSequenceIsTracedAsReadableLines() throws {
        let panel = Panel(busyWaits: [true, false])
        try panel.pwr.set(true)
        try panel.rst.set(false)
        try panel.rst.set(true)
        XCTAssertTrue(try panel.busyLine.wait(for: true, timeout: .seconds(10)))
        try panel.dc.set(false)
        try panel.spi.write([0x12])
        try panel.dc.set(true)
        try panel.spi.write([0x07, 0x07, 0x3f])
        try panel.dc.set(false)
        try panel.spi.write([0x10])
        try panel.dc.set(true)
        try panel.spi.write([UInt8](repeating: 0xff, count: 48000))
        XCTAssertFalse(try panel.busyLine.wait(for: true, timeout: .milliseconds(250)))
        XCTAssertFalse(try panel.busyLine.read())

        XCTAssertEqual(
            panel.trace.lines,
            [
                "gpio PWR=1",
                "gpio RST=0",
                "gpio RST=1",
                "busy wait high ≤10s: ok after 3 ms",
                "gpio DC=0",
                "spi cmd 12",
                "gpio DC=1",
                "spi data 3 bytes: 07 07 3f",
                "gpio DC=0",
                "spi cmd 10",
                "gpio DC=1",
                "spi data 48000 bytes: ff ff ff ff ff ff ff ff … (crc32 e415b746)",
                "busy wait high ≤250ms: timed out after 3 ms",
                "busy read low",
            ])
    }

    func testDecoratorsPassEveryCallThroughToTheWrappedLines() throws {
        let panel = Panel(busyWaits: [true])
        try panel.rst.set(false)
        try panel.rst.set(true)
        try panel.dc.set(true)
        try panel.spi.write([1, 2, 3])
        try panel.spi.write([])
        XCTAssertTrue(try panel.busyLine.wait(for: false, timeout: .seconds(1)))

        XCTAssertEqual(panel.reset.levels, [false, true])
        XCTAssertEqual(panel.dataCommand.levels, [true])
        XCTAssertEqual(panel.bus.writes, [[1, 2, 3], []])
        XCTAssertEqual(
            panel.trace.lines.suffix(3),
            ["spi data 3 bytes: 01 02 03", "spi data 0 bytes", "busy wait low ≤1s: ok after 3 ms"])
    }

    func testSPIWriteBeforeAnyDCWriteSaysDCIsNotSet() throws {
        let panel = Panel(busyWaits: [])
        try panel.spi.write([0xaa])
        XCTAssertEqual(panel.trace.lines, ["spi (DC not set) 1 byte: aa"])
        XCTAssertNil(panel.trace.dataCommandLevel)
    }

    func testOnlyTheLineMarkedAsDataCommandDecidesCommandOrData() throws {
        let panel = Panel(busyWaits: [])
        try panel.dc.set(false)
        try panel.rst.set(true)
        try panel.spi.write([0x01, 0x02])
        XCTAssertEqual(panel.trace.dataCommandLevel, false)
        XCTAssertEqual(panel.trace.lines.last, "spi cmd 2 bytes: 01 02")
    }

    func testWritesUpTo16BytesAreShownWholeAndLongerOnesAbbreviatedWithCRC32() throws {
        let panel = Panel(busyWaits: [])
        try panel.dc.set(true)
        try panel.spi.write(Array(0..<16))
        try panel.spi.write(Array(0..<17))
        XCTAssertEqual(
            panel.trace.lines.suffix(2),
            [
                "spi data 16 bytes: 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f",
                "spi data 17 bytes: 00 01 02 03 04 05 06 07 … (crc32 2c183a19)",
            ])
    }

    func testFailuresAreRecordedAndRethrown() {
        let trace = Trace()
        let failure = FakeFailure(description: "line went away")
        let output = TracingOutputLine(FakeOutputLine(failing: failure), name: "RST", trace: trace)
        let input = TracingInputLine(
            FakeInputLine(failing: failure), name: "BUSY", trace: trace, clock: SteppingClock(step: .milliseconds(2)))
        let spi = TracingSPIDevice(FakeSPIDevice(failing: failure), trace: trace)

        XCTAssertThrowsError(try output.set(false))
        XCTAssertThrowsError(try input.wait(for: true, timeout: .milliseconds(1500)))
        XCTAssertThrowsError(try input.read())
        XCTAssertThrowsError(try spi.write([0x12]))
        XCTAssertEqual(
            trace.lines,
            [
                "gpio RST=0 failed: line went away",
                "busy wait high ≤1500ms: failed after 2 ms: line went away",
                "busy read failed: line went away",
                "spi (DC not set) 1 byte: 12 failed: line went away",
            ])
    }

    func testTraceIsWrittenToAFileOneLinePerEvent() throws {
        let panel = Panel(busyWaits: [])
        try panel.rst.set(false)
        try panel.dc.set(false)
        try panel.spi.write([0x04])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }

        try panel.trace.write(to: path)

        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "gpio RST=0\ngpio DC=0\nspi cmd 04\n")
    }

    func testWaitLimitsAreShownInTheirNaturalUnit() throws {
        let trace = Trace()
        let busy = TracingInputLine(
            FakeInputLine(waitAnswers: [true, true, true]), name: "BUSY", trace: trace,
            clock: SteppingClock(step: .microseconds(1500)))
        _ = try busy.wait(for: true, timeout: .seconds(30))
        _ = try busy.wait(for: true, timeout: .milliseconds(20))
        _ = try busy.wait(for: false, timeout: .microseconds(500))
        XCTAssertEqual(
            trace.lines,
            [
                "busy wait high ≤30s: ok after 1 ms",
                "busy wait high ≤20ms: ok after 1 ms",
                "busy wait low ≤500µs: ok after 1 ms",
            ])
    }
}
