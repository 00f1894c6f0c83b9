import Foundation
import Render
import XCTest

final class TextWrappingTests: XCTestCase {
    private let body = TextStyle(pixelSize: 16)
    private let paragraph =
        "Open Spaces are the self-organised meetups that run beside a conference's talks: "
        + "hosts pin a topic card into a free cell of the board."

    func testEveryWrappedLineFitsMaxWidthAndNoTextIsLost() throws {
        let renderer = try TextRenderer()
        for maxWidth in [60, 100, 157, 333, 1000] {
            let lines = renderer.wrap(paragraph, style: body, maxWidth: maxWidth, maxLines: 100)
            XCTAssertFalse(lines.isEmpty)
            for line in lines {
                XCTAssertLessThanOrEqual(renderer.width(of: line, style: body), maxWidth, "\(line)")
                XCTAssertEqual(line, line.trimmingCharacters(in: .whitespaces))
            }
            XCTAssertEqual(lines.joined().filter { !$0.isWhitespace }, paragraph.filter { !$0.isWhitespace })
        }
    }

    func testWrapBreaksAtSpacesWhenWordsFit() throws {
        let renderer = try TextRenderer()
        let maxWidth = renderer.width(of: "Open Spaces are", style: body)
        let lines = renderer.wrap("Open Spaces are the meetups", style: body, maxWidth: maxWidth, maxLines: 5)
        XCTAssertEqual(lines, ["Open Spaces are", "the meetups"])
    }

    func testHyphenatedWordBreaksAfterItsHyphen() throws {
        let renderer = try TextRenderer()
        let maxWidth = renderer.width(of: "Property-bas", style: body)
        let lines = renderer.wrap("Property-based testing", style: body, maxWidth: maxWidth, maxLines: 3)
        XCTAssertEqual(lines, ["Property-", "based", "testing"])
        XCTAssertEqual(
            renderer.wrap("a -b", style: body, maxWidth: renderer.width(of: "a -", style: body), maxLines: 3),
            ["a", "-b"],
            "a hyphen that starts a word is not a break")
    }

    func testTextBeyondMaxLinesIsCutWithEllipsisThatStillFits() throws {
        let renderer = try TextRenderer()
        for maxWidth in [80, 150, 240] {
            let lines = renderer.wrap(paragraph, style: body, maxWidth: maxWidth, maxLines: 2)
            XCTAssertEqual(lines.count, 2)
            XCTAssertTrue(try XCTUnwrap(lines.last).hasSuffix("…"))
            XCTAssertFalse(lines[0].hasSuffix("…"))
            for line in lines { XCTAssertLessThanOrEqual(renderer.width(of: line, style: body), maxWidth) }
        }
        let oneLine = renderer.wrap(paragraph, style: body, maxWidth: 200, maxLines: 1)
        XCTAssertEqual(oneLine.count, 1)
        XCTAssertTrue(oneLine[0].hasPrefix("Open Spaces"))
        XCTAssertTrue(oneLine[0].hasSuffix("…"))
        XCTAssertEqual(renderer.wrap(paragraph, style: body, maxWidth: 200, maxLines: 0), [])
    }

    func testTextThatFitsGetsNoEllipsis() throws {
        let renderer = try TextRenderer()
        let lines = renderer.wrap("Packaging in 2025", style: body, maxWidth: 400, maxLines: 2)
        XCTAssertEqual(lines, ["Packaging in 2025"])
    }

    func testChineseWithoutSpacesBreaksBetweenCharacters() throws {
        let renderer = try TextRenderer()
        let text = "開放空間是自組織的聚會與會者自己提出主題並主持討論"
        let maxWidth = renderer.width(of: "開放空間是", style: body)
        let lines = renderer.wrap(text, style: body, maxWidth: maxWidth, maxLines: 20)
        XCTAssertGreaterThan(lines.count, 4)
        XCTAssertEqual(lines.joined(), text)
        for line in lines { XCTAssertLessThanOrEqual(renderer.width(of: line, style: body), maxWidth) }
        XCTAssertEqual(lines[0], "開放空間是")
    }

    func testFullwidthPunctuationDoesNotStartALine() throws {
        let renderer = try TextRenderer()
        let maxWidth = renderer.width(of: "開放空間", style: body)
        let lines = renderer.wrap("開放空間：Python 與教育", style: body, maxWidth: maxWidth, maxLines: 10)
        XCTAssertEqual(lines.first, "開放空")
        XCTAssertFalse(lines.contains { $0.hasPrefix("：") })
        XCTAssertEqual(lines.joined(separator: " ").filter { !$0.isWhitespace }, "開放空間：Python與教育")
    }

    func testMixedChineseAndLatinTitleWrapsWithinWidth() throws {
        let renderer = try TextRenderer()
        let lines = renderer.wrap("開放空間：Python 與教育", style: body, maxWidth: 90, maxLines: 3)
        XCTAssertGreaterThan(lines.count, 1)
        for line in lines { XCTAssertLessThanOrEqual(renderer.width(of: line, style: body), 90) }
    }

    func testWordLongerThanMaxWidthIsBrokenByCharacter() throws {
        let renderer = try TextRenderer()
        let word = "Supercalifragilisticexpialidocious"
        let lines = renderer.wrap("A \(word)", style: body, maxWidth: 80, maxLines: 10)
        XCTAssertEqual(lines.first, "A")
        XCTAssertGreaterThan(lines.count, 3)
        XCTAssertEqual(lines.dropFirst().joined(), word)
        for line in lines { XCTAssertLessThanOrEqual(renderer.width(of: line, style: body), 80) }
    }

    func testEmptyOrBlankTextWrapsToNoLines() throws {
        let renderer = try TextRenderer()
        XCTAssertEqual(renderer.wrap("", style: body, maxWidth: 100, maxLines: 3), [])
        XCTAssertEqual(renderer.wrap("  \n\t  ", style: body, maxWidth: 100, maxLines: 3), [])
    }

    func testRunsOfWhitespaceAndNewlinesCollapseToOneSpace() throws {
        let renderer = try TextRenderer()
        XCTAssertEqual(
            renderer.wrap("  Hello \n\n\t world  ", style: body, maxWidth: 400, maxLines: 3), ["Hello world"])
        XCTAssertEqual(renderer.truncate("Hello\n  world", style: body, maxWidth: 400), "Hello world")
    }

    func testTruncateAddsEllipsisOnlyWhenTooWide() throws {
        let renderer = try TextRenderer()
        XCTAssertEqual(renderer.truncate("@ada", style: body, maxWidth: 200), "@ada")
        let cut = renderer.truncate(paragraph, style: body, maxWidth: 120)
        XCTAssertTrue(cut.hasPrefix("Open"))
        XCTAssertTrue(cut.hasSuffix("…"))
        XCTAssertFalse(cut.hasSuffix(" …"))
        XCTAssertLessThanOrEqual(renderer.width(of: cut, style: body), 120)
        XCTAssertGreaterThan(renderer.width(of: cut, style: body), 100)
    }
}
