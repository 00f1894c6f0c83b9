import XCTest

@testable import Scanner

final class SerialLineSplitterTests: XCTestCase {
    func testLinesEndAtCRAtLFAndAtCRLFOnce() {
        var splitter = SerialLineSplitter()
        let events = splitter.feed(Array("ONE\rTWO\nTHREE\r\nFOUR\n".utf8), at: .seconds(1))
        XCTAssertEqual(events, [.scan("ONE"), .scan("TWO"), .scan("THREE"), .scan("FOUR")])
    }

    func testALineSplitAcrossReadsIsJoined() {
        var splitter = SerialLineSplitter()
        var events = splitter.feed(Array("HTTPS://OS.EXAM".utf8), at: .seconds(1))
        events += splitter.feed(Array("PLE.ORG/S/1-R101-1000\r".utf8), at: .seconds(1) + .milliseconds(5))
        events += splitter.feed(Array("\n".utf8), at: .seconds(1) + .milliseconds(6))
        XCTAssertEqual(events, [.scan("HTTPS://OS.EXAMPLE.ORG/S/1-R101-1000")])
    }

    func testALineLongerThanTheMaximumIsDroppedOnceAndTheNextLineWorks() {
        var splitter = SerialLineSplitter(rules: ScanRules(maximumLength: 16))
        let events = splitter.feed(Array((String(repeating: "X", count: 40) + "\r\nOK\r\n").utf8), at: .seconds(1))
        XCTAssertEqual(events, [.dropped(.tooLong(limit: 16)), .scan("OK")])
    }

    func testAnEmptyLineIsDropped() {
        var splitter = SerialLineSplitter()
        XCTAssertEqual(splitter.feed(Array("\n".utf8), at: .seconds(1)), [.dropped(.empty)])
    }

    func testAPauseEndsALineWithoutTerminator() {
        var splitter = SerialLineSplitter(rules: ScanRules(interKeyGap: .milliseconds(100)))
        XCTAssertEqual(splitter.feed(Array("OPENSPACE:CANCEL".utf8), at: .seconds(1)), [])
        XCTAssertEqual(splitter.nextDeadline, .seconds(1) + .milliseconds(100))
        XCTAssertEqual(splitter.tick(at: .seconds(1) + .milliseconds(50)), [])
        XCTAssertEqual(splitter.tick(at: .seconds(1) + .milliseconds(150)), [.scan("OPENSPACE:CANCEL")])
    }
}
