import Foundation
import LinuxIO
import XCTest

@testable import Scanner

final class EvdevReaderTests: XCTestCase {
    /// Writes `bytes` into a pipe, closes it, and reads it to the end as an evdev device.
    private func read(_ bytes: [UInt8], rules: ScanRules = ScanRules()) throws -> [ScannerEvent] {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        XCTAssertLessThan(bytes.count, 65536, "the pipe holds it all, so no reader thread is needed")
        let written = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        XCTAssertEqual(written, bytes.count)
        close(ends[1])
        let reader = EvdevReader(descriptor: ends[0], description: "pipe", clock: CLOCK_REALTIME, rules: rules)
        var events: [ScannerEvent] = []
        let end = reader.read(until: { false }, emit: { events.append($0) })
        XCTAssertEqual(end, .lost("its input ended (the writer closed it)"))
        return events
    }

    func testAFullCodeTypedWithShiftForUpperCaseAndColonIsOneScan() throws {
        let bytes = InputEvents.typing("HTTPS://OS.EXAMPLE.ORG/C/7K3M2QX\n", from: InputEvents.now())
        XCTAssertEqual(try read(bytes), [.scan("HTTPS://OS.EXAMPLE.ORG/C/7K3M2QX")])
    }

    func testLowerCaseWithoutShiftStaysLowerCase() throws {
        let bytes = InputEvents.typing("https://os.example.org/s/1-r101-1000\n", from: InputEvents.now())
        XCTAssertEqual(try read(bytes), [.scan("https://os.example.org/s/1-r101-1000")])
    }

    func testRightShiftShiftsLikeLeftShift() throws {
        let start = InputEvents.now()
        let a = LinuxKeyCodes.keystroke(for: "a")!.key
        var bytes = InputEvents.key(LinuxKeyCodes.rightShift, 1, at: start)
        bytes += InputEvents.key(a, 1, at: start + .milliseconds(1))
        bytes += InputEvents.key(a, 0, at: start + .milliseconds(2))
        bytes += InputEvents.key(LinuxKeyCodes.rightShift, 0, at: start + .milliseconds(3))
        bytes += InputEvents.typing("a\n", from: start + .milliseconds(3))
        XCTAssertEqual(try read(bytes), [.scan("Aa")])
    }

    func testSynchronizationAndMiscEventsAreIgnored() throws {
        let start = InputEvents.now()
        var bytes = InputEvents.event(type: 4, code: 4, value: 0x70004, at: start)
        bytes += InputEvents.report(at: start)
        bytes += InputEvents.event(type: 17, code: 1, value: 1, at: start)  // EV_LED, LED_CAPSL
        bytes += InputEvents.typing("OPENSPACE:REMOVE\n", from: start)
        XCTAssertEqual(try read(bytes), [.scan("OPENSPACE:REMOVE")])
    }

    func testAnEventSplitAcrossReadsIsDecodedWhole() throws {
        let start = InputEvents.now()
        let bytes = InputEvents.typing("AB\n", from: start)
        var decoder = EvdevEventDecoder()
        var decoded: [EvdevEventDecoder.Decoded] = []
        for chunk in stride(from: 0, to: bytes.count, by: 7) {
            bytes[chunk..<min(chunk + 7, bytes.count)].withUnsafeBytes { decoded += decoder.decode($0) }
        }
        let keys = decoded.compactMap { if case .key(let event) = $0 { event } else { nil } }
        XCTAssertEqual(keys.filter { $0.action == .down }.map(\.output), [.character("A"), .character("B"), .enter])
    }

    func testAutoRepeatDropsTheScanAndTheNextScanWorks() throws {
        let start = InputEvents.now()
        let b = LinuxKeyCodes.keystroke(for: "b")!.key
        var bytes = InputEvents.typing("A", from: start)
        bytes += InputEvents.key(b, 1, at: start + .milliseconds(10))
        bytes += InputEvents.key(b, 2, at: start + .milliseconds(260))
        bytes += InputEvents.key(b, 2, at: start + .milliseconds(293))
        bytes += InputEvents.key(b, 0, at: start + .milliseconds(300))
        bytes += InputEvents.typing("\n", from: start + .milliseconds(300))
        bytes += InputEvents.typing("OK\n", from: start + .seconds(1))
        XCTAssertEqual(try read(bytes), [.dropped(.autoRepeat(key: b)), .scan("OK")])
    }

    func testAPauseBetweenKeysSplitsTheInputIntoTwoScans() throws {
        let start = InputEvents.now()
        let bytes =
            InputEvents.typing("ABC", from: start) + InputEvents.typing("DEF\n", from: start + .milliseconds(300))
        XCTAssertEqual(try read(bytes), [.scan("ABC"), .scan("DEF")])
    }

    func testAKernelBufferOverrunDropsTheScanInProgress() throws {
        let start = InputEvents.now()
        var bytes = InputEvents.typing("HTTPS://OS", from: start)
        bytes += InputEvents.event(type: 0, code: 3, value: 0, at: start + .milliseconds(50))  // SYN_DROPPED
        bytes += InputEvents.typing("XY", from: start + .milliseconds(51))  // discarded up to SYN_REPORT
        bytes += InputEvents.typing("\n", from: start + .milliseconds(60))
        bytes += InputEvents.typing("OK\n", from: start + .seconds(1))
        XCTAssertEqual(try read(bytes), [.dropped(.inputOverrun), .scan("OK")])
    }

    func testIoctlRequestsMatchTheKernelHeader() {
        XCTAssertEqual(LinuxInput.grab, 0x4004_4590)  // EVIOCGRAB = _IOW('E', 0x90, int)
        XCTAssertEqual(LinuxInput.setClock, 0x4004_45A0)  // EVIOCSCLOCKID = _IOW('E', 0xa0, int)
        XCTAssertEqual(LinuxInput.getID, 0x8008_4502)  // EVIOCGID = _IOR('E', 0x02, struct input_id)
        XCTAssertEqual(LinuxInput.getName(length: 256), 0x8100_4506)  // EVIOCGNAME(256)
        XCTAssertEqual(LinuxInput.eventSize, 24, "struct input_event on 64-bit Linux")
    }
}
