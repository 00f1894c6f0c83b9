import XCTest

@testable import Scanner

final class BootKeyboardReportTests: XCTestCase {
    private let time = Duration.seconds(1)

    private func report(_ bytes: [UInt8]) -> BootKeyboardReport {
        BootKeyboardReport(bytes: bytes)!
    }

    private func presses(_ events: [KeyEvent]) -> [KeyOutput?] {
        events.filter { $0.action == .down }.map(\.output)
    }

    func testLeftShiftInTheModifierByteTypesUpperCase() {
        let events = report([0x02, 0, 0x04, 0, 0, 0, 0, 0]).keyEvents(after: .released, at: time)
        XCTAssertEqual(events, [KeyEvent(key: 0x04, output: .character("A"), action: .down, time: time)])
    }

    func testRightShiftInTheModifierByteTypesTheShiftedSymbol() {
        let events = report([0x20, 0, 0x33, 0, 0, 0, 0, 0]).keyEvents(after: .released, at: time)
        XCTAssertEqual(presses(events), [.character(":")])
    }

    func testSeveralNewKeysInOneReportArePressedInReportOrder() {
        let events = report([0, 0, 0x1E, 0x1F, 0x28, 0, 0, 0]).keyEvents(after: .released, at: time)
        XCTAssertEqual(presses(events), [.character("1"), .character("2"), .enter])
    }

    func testAKeyStillHeldIsNotPressedAgainAndAKeyGoneIsReleased() {
        let first = report([0, 0, 0x04, 0x05, 0, 0, 0, 0])
        let second = report([0, 0, 0x05, 0x06, 0, 0, 0, 0])
        let events = second.keyEvents(after: first, at: time)
        XCTAssertEqual(
            events,
            [
                KeyEvent(key: 0x04, output: .character("a"), action: .up, time: time),
                KeyEvent(key: 0x06, output: .character("c"), action: .down, time: time),
            ])
    }

    func testAShiftChangeAloneIsNoPress() {
        let first = report([0, 0, 0x04, 0, 0, 0, 0, 0])
        XCTAssertEqual(report([0x02, 0, 0x04, 0, 0, 0, 0, 0]).keyEvents(after: first, at: time), [])
    }

    func testARolloverReportSaysNothingAndTheNextReportComparesWithTheOneBefore() {
        let before = report([0, 0, 0x04, 0, 0, 0, 0, 0])
        let rollover = report([0, 0, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01])
        XCTAssertTrue(rollover.isErrorReport)
        XCTAssertEqual(rollover.keyEvents(after: before, at: time), [])
        let after = report([0, 0, 0x04, 0x05, 0, 0, 0, 0])
        XCTAssertEqual(presses(after.keyEvents(after: before, at: time)), [.character("b")])
    }

    func testModifierAndLockUsagesInTheKeyArrayAreNotKeys() {
        let events = report([0, 0, 0xE1, 0x39, 0x04, 0, 0, 0]).keyEvents(after: .released, at: time)
        XCTAssertEqual(presses(events), [.character("a")])
    }

    func testAnUnmappedUsageIsPressedWithNoOutput() {
        let events = report([0, 0, 0x3A, 0, 0, 0, 0, 0]).keyEvents(after: .released, at: time)
        XCTAssertEqual(events, [KeyEvent(key: 0x3A, output: nil, action: .down, time: time)])
    }

    func testAReportTooShortForAKeyIsRefusedAndALongOneIsCutToEightBytes() {
        XCTAssertNil(BootKeyboardReport(bytes: [0x02, 0]))
        XCTAssertEqual(report([0, 0, 0x04, 0, 0, 0, 0, 0, 0x05]).keys, [0x04])
    }

    /// The rig's hidtype.py types each character as a report and an all-released report.
    func testReportsAsTheRigTypesThemAssembleIntoAScan() {
        var assembler = ScanAssembler()
        var previous = BootKeyboardReport.released
        var events: [ScannerEvent] = []
        var now = Duration.seconds(1)
        for character in "HTTPS://OS.EXAMPLE.ORG/C/7K3M2QX" {
            let keystroke = HIDUsageTable.keystroke(for: character)!
            for bytes in [
                [keystroke.shifted ? 0x02 : 0, 0, UInt8(keystroke.key), 0, 0, 0, 0, 0], [UInt8](repeating: 0, count: 8),
            ] {
                let current = report(bytes)
                for event in current.keyEvents(after: previous, at: now) { events += assembler.feed(event) }
                previous = current
                now += .milliseconds(1)
            }
        }
        for bytes in [[0, 0, HIDUsageTable.enter, 0, 0, 0, 0, 0], [UInt8](repeating: 0, count: 8)] {
            let current = report(bytes)
            for event in current.keyEvents(after: previous, at: now) { events += assembler.feed(event) }
            previous = current
        }
        XCTAssertEqual(events, [.scan("HTTPS://OS.EXAMPLE.ORG/C/7K3M2QX")])
    }
}
