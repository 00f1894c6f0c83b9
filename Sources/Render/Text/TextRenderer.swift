import CFreeType
import Synchronization

/// Measures, wraps and draws text into 1-bit bitmaps with FreeType, falling back through the
/// installed fonts (via fontconfig) so CJK titles and emoji render as glyphs, not boxes.
///
/// Safe to share between tasks: FreeType faces are not thread-safe, so all font state lives
/// behind one `Mutex` and every call holds it only while it measures or fetches glyphs.
public final class TextRenderer: Sendable {
    private let state: Mutex<FontState>

    /// Loads the fontconfig configuration and FreeType, and works out the fallback order for
    /// `families` (then sans-serif). Throws when no usable font is installed, naming the package.
    public init(families: [String] = ["DejaVu Sans"]) throws(TextRendererError) {
        state = Mutex(try FontState(families: families))
    }

    /// The font file that draws `scalar` in `style`, or nil when no installed font has it (it
    /// would come out as the primary font's missing-glyph box).
    public func fontFile(for scalar: Unicode.Scalar, style: TextStyle) -> String? {
        state.withLock { $0.font(for: scalar, bold: style.bold)?.file }
    }

    /// The scalars of `text` that no installed font can draw, each once, in order of first
    /// appearance. Invisible scalars (variation selectors, joiners, controls) are not counted.
    public func missingScalars(in text: String, style: TextStyle) -> [Unicode.Scalar] {
        state.withLock { state in
            var seen: Set<Unicode.Scalar> = []
            return text.unicodeScalars.filter { scalar in
                !FontState.isInvisible(scalar) && state.font(for: scalar, bold: style.bold) == nil
                    && seen.insert(scalar).inserted
            }
        }
    }

    /// Advance width of `text` on one line, in pixels.
    public func width(of text: String, style: TextStyle) -> Int {
        state.withLock { $0.width(of: text.unicodeScalars, style: style) }
    }

    /// Height of one line: the primary font's ascent plus descent, the same for every line so
    /// rows of mixed Latin and CJK text line up.
    public func lineHeight(style: TextStyle) -> Int {
        state.withLock { state in
            let metrics = state.lineMetrics(style: style)
            return metrics.ascent + metrics.descent
        }
    }

    /// Distance from the top of the line box to the baseline.
    public func ascent(style: TextStyle) -> Int {
        state.withLock { $0.lineMetrics(style: style).ascent }
    }

    /// Draws `text` on one line whose box starts at (`x`, `y`) (baseline at `y + ascent`), as
    /// crisp monochrome glyphs, each scalar from the first font that has it.
    public func draw(_ text: String, style: TextStyle, into bitmap: inout Bitmap, x: Int, y: Int) {
        let (baseline, placed) = state.withLock { state in
            var pen = x
            var placed: [(glyph: GlyphRasterizer.Glyph, x: Int)] = []
            for scalar in text.unicodeScalars {
                guard let glyph = state.glyph(for: scalar, style: style) else { continue }
                placed.append((glyph, pen))
                pen += glyph.advance
            }
            return (y + state.lineMetrics(style: style).ascent, placed)
        }
        for (glyph, pen) in placed {
            bitmap.draw(glyph.image, atX: pen + glyph.left, y: baseline - glyph.top)
        }
    }

    /// Greedy wrapping at spaces (and between CJK characters) into at most `maxLines` lines of at
    /// most `maxWidth` pixels; whitespace runs collapse to one space, a word wider than a line
    /// is split by character, and text that does not fit ends its last line with "…".
    /// Empty or blank text gives no lines.
    public func wrap(_ text: String, style: TextStyle, maxWidth: Int, maxLines: Int) -> [String] {
        lineBreaker(for: text, style: style).wrap(maxWidth: maxWidth, maxLines: maxLines)
    }

    /// `text` on a single line (whitespace collapsed), cut with "…" when wider than `maxWidth`.
    public func truncate(_ text: String, style: TextStyle, maxWidth: Int) -> String {
        lineBreaker(for: text, style: style).truncate(maxWidth: maxWidth)
    }

    private func lineBreaker(for text: String, style: TextStyle) -> LineBreaker {
        let characters = LineBreaker.normalized(text)
        let (widths, ellipsisWidth) = state.withLock { state in
            (
                characters.map { state.width(of: $0.unicodeScalars, style: style) },
                state.width(of: String(LineBreaker.ellipsis).unicodeScalars, style: style)
            )
        }
        return LineBreaker(characters: characters, widths: widths, ellipsisWidth: ellipsisWidth)
    }
}

/// Everything the renderer's lock protects: the fallback lists and the FreeType side.
private struct FontState: ~Copyable {
    let catalog: FontCatalog
    var rasterizer: GlyphRasterizer

    init(families: [String]) throws(TextRendererError) {
        let catalog = try FontCatalog(families: families)
        var rasterizer = try GlyphRasterizer.make()
        try rasterizer.open(catalog.regular[0])
        self.catalog = catalog
        self.rasterizer = rasterizer
    }

    /// Scalars that take no room and need no glyph: default-ignorables (U+FE0F, U+200D, U+200B,
    /// soft hyphen) and control characters.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.generalCategory == .control
    }

    /// The first usable font in the style's fallback list that has `scalar`.
    func font(for scalar: Unicode.Scalar, bold: Bool) -> FontCatalog.Font? {
        catalog.fonts(bold: bold).first { font in
            !rasterizer.unusableFonts.contains(font.id) && font.covers(scalar)
        }
    }

    /// The font whose metrics and missing-glyph box the style uses.
    private func primaryFont(bold: Bool) -> FontCatalog.Font? {
        catalog.fonts(bold: bold).first { !rasterizer.unusableFonts.contains($0.id) }
    }

    /// The glyph for `scalar`, nil for invisible scalars. A font whose file turns out to be
    /// unreadable is skipped and the next one tried.
    mutating func glyph(for scalar: Unicode.Scalar, style: TextStyle) -> GlyphRasterizer.Glyph? {
        guard !FontState.isInvisible(scalar) else { return nil }
        let pixelSize = max(1, style.pixelSize)
        while let font = font(for: scalar, bold: style.bold) ?? primaryFont(bold: style.bold) {
            if let glyph = rasterizer.glyph(for: scalar, in: font, pixelSize: pixelSize) { return glyph }
        }
        return nil
    }

    mutating func width(of scalars: String.UnicodeScalarView, style: TextStyle) -> Int {
        scalars.reduce(0) { sum, scalar in sum + (glyph(for: scalar, style: style)?.advance ?? 0) }
    }

    mutating func lineMetrics(style: TextStyle) -> GlyphRasterizer.LineMetrics {
        let pixelSize = max(1, style.pixelSize)
        while let font = primaryFont(bold: style.bold) {
            if let metrics = rasterizer.lineMetrics(of: font, pixelSize: pixelSize) { return metrics }
        }
        return GlyphRasterizer.LineMetrics(ascent: 0, descent: 0)
    }
}
