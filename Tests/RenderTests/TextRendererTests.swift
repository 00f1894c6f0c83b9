import Render
import XCTest

final class TextRendererTests: XCTestCase {
    private let title = TextStyle(pixelSize: 24)
    private let chineseTitle = "開放空間：Python 與教育"
    /// A private-use scalar no installed font covers.
    private let uncoveredScalar: Unicode.Scalar = "\u{10FFFD}"

    func testLatinTitleRendersWithPrimaryFontInsideItsLineBox() throws {
        let renderer = try TextRenderer()
        let text = "Packaging Python, 2025 edition"
        XCTAssertEqual(renderer.missingScalars(in: text, style: title), [])
        XCTAssertTrue(try XCTUnwrap(renderer.fontFile(for: "P", style: title)).contains("DejaVuSans"))
        try assertDrawsInsideLineBox(text, renderer: renderer)
    }

    func testTraditionalChineseTitleRendersAsGlyphsNotBoxes() throws {
        let renderer = try TextRenderer()
        XCTAssertEqual(renderer.missingScalars(in: chineseTitle, style: title), [])
        for scalar in "開放空間：與教育".unicodeScalars {
            let file = try XCTUnwrap(renderer.fontFile(for: scalar, style: title), "\(scalar)")
            XCTAssertTrue(Self.isCJKFont(file), "\(scalar) comes from \(file)")
        }
        try assertDrawsInsideLineBox(chineseTitle, renderer: renderer)

        let box = glyphImage(String(uncoveredScalar), renderer: renderer)
        let glyphs = "開放空間與教育".map { glyphImage(String($0), renderer: renderer) }
        XCTAssertEqual(Set(glyphs.map(\.bytes)).count, glyphs.count, "every character has its own glyph")
        for glyph in glyphs {
            XCTAssertGreaterThan(glyph.inkCount(in: glyph.bounds), 20)
            XCTAssertNotEqual(glyph, box)
        }
    }

    func testSnakeAndCoffeeEmojiRenderAsMonochromeGlyphs() throws {
        let renderer = try TextRenderer()
        let box = glyphImage(String(uncoveredScalar), renderer: renderer)
        let snake = glyphImage("🐍", renderer: renderer)
        let coffee = glyphImage("☕", renderer: renderer)
        XCTAssertEqual(renderer.missingScalars(in: "Lunch 🐍 ☕", style: title), [])
        XCTAssertNotNil(renderer.fontFile(for: "🐍", style: title))
        XCTAssertNotNil(renderer.fontFile(for: "☕", style: title))
        XCTAssertGreaterThan(snake.inkCount(in: snake.bounds), 20)
        XCTAssertGreaterThan(coffee.inkCount(in: coffee.bounds), 20)
        XCTAssertNotEqual(snake, coffee)
        XCTAssertNotEqual(snake, box)
        XCTAssertNotEqual(coffee, box)
        try assertDrawsInsideLineBox("Hack 🐍 ☕", renderer: renderer)
    }

    func testInvisibleScalarsAreNeitherMissingNorDrawn() throws {
        let renderer = try TextRenderer()
        let text = "☕\u{FE0F} 👩\u{200D}💻 a\u{200B}b\u{0007}"
        XCTAssertEqual(renderer.missingScalars(in: text, style: title), [])
        XCTAssertEqual(renderer.width(of: "a\u{200B}b\u{FE0F}\n", style: title), renderer.width(of: "ab", style: title))
    }

    func testScalarNoFontHasIsReportedMissingAndDrawnAsABox() throws {
        let renderer = try TextRenderer()
        XCTAssertNil(renderer.fontFile(for: uncoveredScalar, style: title))
        let text = "a\(uncoveredScalar)b\(uncoveredScalar)"
        XCTAssertEqual(renderer.missingScalars(in: text, style: title), [uncoveredScalar])
        let box = glyphImage(String(uncoveredScalar), renderer: renderer)
        XCTAssertGreaterThan(box.inkCount(in: box.bounds), 0)
    }

    func testBoldUsesTheFamilysBoldFaceAndFallsBackToRegularForCJK() throws {
        let renderer = try TextRenderer()
        let bold = TextStyle(pixelSize: 24, bold: true)
        XCTAssertTrue(try XCTUnwrap(renderer.fontFile(for: "A", style: bold)).contains("Bold"))
        XCTAssertFalse(try XCTUnwrap(renderer.fontFile(for: "A", style: title)).contains("Bold"))
        XCTAssertEqual(renderer.missingScalars(in: chineseTitle, style: bold), [])
        let regularInk = glyphImage("Open Space", renderer: renderer, style: title)
        let boldInk = glyphImage("Open Space", renderer: renderer, style: bold)
        XCTAssertGreaterThan(boldInk.inkCount(in: boldInk.bounds), regularInk.inkCount(in: regularInk.bounds))
    }

    func testMetricsScaleWithSizeAndWidthAddsUp() throws {
        let renderer = try TextRenderer()
        let small = TextStyle(pixelSize: 12)
        XCTAssertGreaterThanOrEqual(renderer.lineHeight(style: title), 24)
        XCTAssertLessThan(renderer.ascent(style: title), renderer.lineHeight(style: title))
        XCTAssertLessThan(renderer.lineHeight(style: small), renderer.lineHeight(style: title))
        XCTAssertEqual(
            renderer.width(of: "Open 開", style: title),
            renderer.width(of: "Open", style: title) + renderer.width(of: " 開", style: title))
        XCTAssertEqual(renderer.width(of: "", style: title), 0)
    }

    func testRendererFallsBackToSansSerifForAnUnknownFamily() throws {
        let renderer = try TextRenderer(families: ["No Such Family 1234"])
        XCTAssertNotNil(renderer.fontFile(for: "A", style: title))
        XCTAssertEqual(renderer.missingScalars(in: chineseTitle, style: title), [])
    }

    func testErrorForMissingFontsNamesThePackageToInstall() {
        let description = TextRendererError.noUsableFont(families: ["DejaVu Sans"]).description
        XCTAssertTrue(description.contains("DejaVu Sans"))
        XCTAssertTrue(description.contains("fonts-dejavu-core"))
    }

    func testConcurrentDrawingFromManyTasksGivesIdenticalFrames() async throws {
        let renderer = try TextRenderer()
        let style = title
        let text = chineseTitle
        let frames = await withTaskGroup(of: Bitmap.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var bitmap = Bitmap(width: 400, height: 40)
                    renderer.draw(text, style: style, into: &bitmap, x: 0, y: 0)
                    return bitmap
                }
            }
            return await group.reduce(into: [Bitmap]()) { $0.append($1) }
        }
        XCTAssertEqual(Set(frames.map(\.bytes)).count, 1)
    }

    // MARK: Helpers

    /// Draws `text` at an offset and checks the ink sits inside the line box (top `y`, height
    /// `lineHeight`, width `width(of:)`, one pixel of slack on each side for overhanging
    /// glyphs) and actually spans most of it.
    private func assertDrawsInsideLineBox(
        _ text: String, renderer: TextRenderer, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let origin = (x: 17, y: 9)
        var bitmap = Bitmap(width: 600, height: 80)
        renderer.draw(text, style: title, into: &bitmap, x: origin.x, y: origin.y)
        let width = renderer.width(of: text, style: title)
        let lineBox = Rect(x: origin.x - 1, y: origin.y, width: width + 2, height: renderer.lineHeight(style: title))
        let ink = try XCTUnwrap(bitmap.inkBounds(in: bitmap.bounds), "no ink for \(text)", file: file, line: line)
        XCTAssertEqual(ink.intersection(lineBox), ink, "ink \(ink) outside line box \(lineBox)", file: file, line: line)
        XCTAssertGreaterThan(ink.width, width * 9 / 10, file: file, line: line)
        XCTAssertLessThan(ink.y, origin.y + renderer.ascent(style: title) - 10, file: file, line: line)
    }

    private func glyphImage(_ text: String, renderer: TextRenderer, style: TextStyle? = nil) -> Bitmap {
        let style = style ?? title
        var bitmap = Bitmap(
            width: max(1, renderer.width(of: text, style: style)) + 4, height: renderer.lineHeight(style: style))
        renderer.draw(text, style: style, into: &bitmap, x: 2, y: 0)
        return bitmap
    }

    /// Font files known to carry Chinese, Japanese and Korean glyphs on Debian.
    static func isCJKFont(_ file: String) -> Bool {
        let name = file.lowercased()
        return ["wqy", "cjk", "droidsansfallback", "arphic", "uming", "ukai"].contains { name.contains($0) }
    }
}
