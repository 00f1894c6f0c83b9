import XCTest

@testable import Sync

final class EventStreamParserTests: XCTestCase {
    func testEventsEndAtABlankLineAndCommentsAreIgnored() {
        var parser = EventStreamParser()
        XCTAssertEqual(parser.feed(": hello\n\nid: 3\nevent: version\nda"), [])
        let events = parser.feed("ta: 3\n\nid: 4\r\nevent: version\r\ndata: 4\r\n\r\n")
        XCTAssertEqual(events.map(\.data), ["3", "4"])
        XCTAssertEqual(events.map(\.name), ["version", "version"])
        XCTAssertEqual(events.last?.id, "4")
    }

    func testDataLinesJoinAndAnUnnamedEventIsAMessage() {
        var parser = EventStreamParser()
        let events = parser.feed("data: a\ndata:b\nunknown: x\n\n")
        XCTAssertEqual(events, [.init(name: "message", data: "a\nb", id: nil)])
    }
}
