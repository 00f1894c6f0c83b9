import XCTest

@testable import Scanner

final class ScanAssemblerTests: XCTestCase {
    /// Feeds `text` as a scanner types it from `start`, a key down and up every millisecond;
    /// "\n" is Enter, "\t" Tab. Returns what the assembler reported, and the time of the last key.
    @discardableResult
    private func type(
        _ text: String, into assembler: inout ScanAssembler, from start: Duration = .seconds(10),
        interval: Duration = .milliseconds(1)
    ) -> (events: [ScannerEvent], end: Duration) {
        var time = start
        var events: [ScannerEvent] = []
        for character in text {
            let keystroke =
                switch character {
                case "\n": Keystroke(key: LinuxKeyCodes.enter, shifted: false)
                case "\t": Keystroke(key: LinuxKeyCodes.tab, shifted: false)
                default: LinuxKeyCodes.keystroke(for: character)!
                }
            let output = LinuxKeyCodes.output(key: keystroke.key, shifted: keystroke.shifted)
            events += assembler.feed(KeyEvent(key: keystroke.key, output: output, action: .down, time: time))
            time += interval
            events += assembler.feed(KeyEvent(key: keystroke.key, output: output, action: .up, time: time))
            time += interval
        }
        return (events, time)
    }

    func testEnterEndsAScanWithoutTheSuffix() {
        var assembler = ScanAssembler()
        let (events, _) = type("HTTPS://OS.EXAMPLE.ORG/C/7K3M2QX\n", into: &assembler)
        XCTAssertEqual(events, [.scan("HTTPS://OS.EXAMPLE.ORG/C/7K3M2QX")])
    }

    func testTabEndsAScanWhenTheSuffixIsTabAndEnterIsIgnored() {
        var assembler = ScanAssembler(rules: ScanRules(suffix: .tab))
        let (events, _) = type("OPEN\nSPACE:REMOVE\t", into: &assembler)
        XCTAssertEqual(events, [.scan("OPENSPACE:REMOVE")])
    }

    func testWithoutSuffixAPauseLongerThanTheGapEndsTheScan() {
        var assembler = ScanAssembler(rules: ScanRules(suffix: .none, interKeyGap: .milliseconds(100)))
        let (events, end) = type("OPENSPACE:REMOVE", into: &assembler)
        XCTAssertEqual(events, [])
        XCTAssertEqual(assembler.nextDeadline, end - .milliseconds(1) + .milliseconds(100))
        XCTAssertEqual(assembler.tick(at: end + .milliseconds(50)), [])
        XCTAssertEqual(assembler.tick(at: end + .milliseconds(150)), [.scan("OPENSPACE:REMOVE")])
        XCTAssertNil(assembler.nextDeadline)
    }

    func testAPauseInsideAScanSplitsItIntoTwoScans() {
        var assembler = ScanAssembler()
        let (first, end) = type("ABC", into: &assembler)
        let (second, _) = type("DEF\n", into: &assembler, from: end + .milliseconds(300))
        XCTAssertEqual(first + second, [.scan("ABC"), .scan("DEF")])
    }

    func testAScanOfExactlyTheMaximumLengthIsKept() {
        var assembler = ScanAssembler(rules: ScanRules(maximumLength: 20))
        let (events, _) = type("ABCDEFGHIJKLMNOPQRST\n", into: &assembler)
        XCTAssertEqual(events, [.scan("ABCDEFGHIJKLMNOPQRST")])
    }

    func testAScanLongerThanTheMaximumIsDroppedOnceAndALaterScanWorks() {
        var assembler = ScanAssembler()
        let long = String(repeating: "ABCDEFGH", count: 70)
        let (dropped, end) = type(long + "\n", into: &assembler)
        XCTAssertEqual(dropped, [.dropped(.tooLong(limit: 512))])
        let (good, _) = type("OK\n", into: &assembler, from: end + .milliseconds(500))
        XCTAssertEqual(good, [.scan("OK")])
    }

    func testAutoRepeatDropsTheScanOnceAndALaterScanWorks() {
        var assembler = ScanAssembler()
        var (events, time) = type("AB", into: &assembler)
        let b = LinuxKeyCodes.keystroke(for: "b")!.key
        events += assembler.feed(KeyEvent(key: b, output: .character("b"), action: .down, time: time))
        for _ in 0..<10 {
            time += .milliseconds(33)
            events += assembler.feed(KeyEvent(key: b, output: .character("b"), action: .autoRepeat, time: time))
        }
        events += assembler.feed(KeyEvent(key: b, output: .character("b"), action: .up, time: time))
        events += type("\n", into: &assembler, from: time).events
        XCTAssertEqual(events, [.dropped(.autoRepeat(key: b))])
        XCTAssertEqual(type("OK\n", into: &assembler, from: time + .seconds(1)).events, [.scan("OK")])
    }

    func testAKeyHeldDownPastTheLimitIsReportedStuckOnceAndALaterScanWorks() {
        var assembler = ScanAssembler(rules: ScanRules(stuckKeyLimit: .seconds(1)))
        let start = Duration.seconds(10)
        let a = LinuxKeyCodes.keystroke(for: "a")!.key
        XCTAssertEqual(assembler.feed(KeyEvent(key: a, output: .character("a"), action: .down, time: start)), [])
        XCTAssertEqual(assembler.nextDeadline, start + .seconds(1), "a held key waits for its release, not the gap")
        XCTAssertEqual(assembler.tick(at: start + .milliseconds(500)), [])
        XCTAssertEqual(assembler.nextDeadline, start + .seconds(1))
        XCTAssertEqual(
            assembler.tick(at: start + .milliseconds(1200)),
            [.dropped(.stuckKey(key: a, heldFor: .milliseconds(1200)))])
        XCTAssertEqual(assembler.tick(at: start + .seconds(5)), [])
        let release = start + .seconds(6)
        XCTAssertEqual(assembler.feed(KeyEvent(key: a, output: .character("a"), action: .up, time: release)), [])
        XCTAssertEqual(type("OK\n", into: &assembler, from: release + .milliseconds(10)).events, [.scan("OK")])
    }

    func testTheSameCharacterRepeatedAbsurdlyIsDroppedAsAStuckKey() {
        var assembler = ScanAssembler(rules: ScanRules(maximumRepeats: 32))
        let (events, end) = type(String(repeating: "7", count: 100) + "\n", into: &assembler)
        XCTAssertEqual(events, [.dropped(.repeatedCharacter("7", count: 33))])
        let (kept, _) = type(String(repeating: "7", count: 32) + "\n", into: &assembler, from: end + .seconds(1))
        XCTAssertEqual(kept, [.scan(String(repeating: "7", count: 32))])
    }

    func testASuffixWithNothingBeforeItIsDroppedAsEmpty() {
        var assembler = ScanAssembler()
        XCTAssertEqual(type("\n", into: &assembler).events, [.dropped(.empty)])
        XCTAssertEqual(type("  \n", into: &assembler, from: .seconds(20)).events, [.dropped(.empty)])
    }

    func testAKeyThatTypesNothingDropsTheScan() {
        var assembler = ScanAssembler()
        var (events, time) = type("AB", into: &assembler)
        events += assembler.feed(KeyEvent(key: 59, output: nil, action: .down, time: time))
        events += assembler.feed(KeyEvent(key: 59, output: nil, action: .up, time: time + .milliseconds(1)))
        events += type("CD\n", into: &assembler, from: time + .milliseconds(2)).events
        XCTAssertEqual(events, [.dropped(.unmappedKey(59))])
    }

    func testTheReleaseOfTheSuffixDoesNotStartAnotherScan() {
        var assembler = ScanAssembler(rules: ScanRules(suffix: .none))
        let enter = LinuxKeyCodes.enter
        var events = type("AB", into: &assembler).events
        events += assembler.feed(KeyEvent(key: enter, output: .enter, action: .down, time: .seconds(11)))
        events += assembler.tick(at: .seconds(12))
        events += assembler.feed(KeyEvent(key: enter, output: .enter, action: .up, time: .seconds(12)))
        events += assembler.tick(at: .seconds(13))
        XCTAssertEqual(events, [.scan("AB")])
        XCTAssertNil(assembler.nextDeadline)
    }

    func testLostEventsDropTheScanAndForgetHeldKeys() {
        var assembler = ScanAssembler()
        let (typed, end) = type("AB", into: &assembler)
        let a = LinuxKeyCodes.keystroke(for: "a")!.key
        _ = assembler.feed(KeyEvent(key: a, output: .character("a"), action: .down, time: end))
        let dropped = assembler.abandon(because: .inputOverrun, at: end + .milliseconds(1))
        XCTAssertEqual(typed + dropped, [.dropped(.inputOverrun)])
        XCTAssertEqual(assembler.tick(at: end + .seconds(5)), [], "no stuck key after the overrun")
        XCTAssertEqual(type("OK\n", into: &assembler, from: end + .seconds(6)).events, [.scan("OK")])
    }
}
