import CFreeType

/// Opens font faces on first use and renders glyphs as 1-bit images through FreeType, caching
/// both, so a frame redraw costs dictionary lookups rather than rasterisation.
struct GlyphRasterizer: ~Copyable {
    /// A rendered glyph: its image, where the image sits relative to the pen on the baseline,
    /// and how far the pen moves.
    struct Glyph: Sendable {
        let image: Bitmap
        /// Columns from the pen position to the image's left edge.
        let left: Int
        /// Rows from the baseline up to the image's top edge.
        let top: Int
        let advance: Int
    }

    /// Vertical metrics of a face at one size, in whole pixels.
    struct LineMetrics {
        let ascent: Int
        let descent: Int
    }

    private struct GlyphKey: Hashable {
        let fontID: Int
        let scalar: UInt32
        let pixelSize: Int
    }

    /// Enough for several sizes of a busy board's Latin and CJK text; past it the cache is
    /// dropped and refilled, which bounds memory on a Pi that runs for days.
    private static let glyphCacheLimit = 4096

    /// Monochrome hinting and rendering: `FT_LOAD_TARGET_MONO` is a function-like macro that Swift
    /// cannot import, so it is spelled out as FreeType defines it (`FT_LOAD_TARGET_(x)`,
    /// freetype.h: `(x & 15) << 16`).
    private static let loadFlags =
        Int32(FT_LOAD_RENDER) | Int32(FT_RENDER_MODE_MONO.rawValue & 15) << 16

    private let library: FT_Library
    private var faces: [Int: FT_Face] = [:]
    private var faceSizes: [Int: Int] = [:]
    private var glyphs: [GlyphKey: Glyph] = [:]
    /// Fonts whose file FreeType could not open; lookups skip them so text falls to the next font.
    private(set) var unusableFonts: Set<Int> = []

    /// A rasterizer with a FreeType library of its own.
    ///
    /// A factory rather than a throwing initializer: a throw inside the initializer of a
    /// noncopyable type with a `deinit` trips an assertion in Swift 6.2's compiler.
    static func make() throws(TextRendererError) -> GlyphRasterizer {
        var library: FT_Library?
        let error = FT_Init_FreeType(&library)
        guard error == 0, let library else { throw .freetypeUnavailable(code: error) }
        return GlyphRasterizer(library: library)
    }

    private init(library: FT_Library) {
        self.library = library
    }

    deinit {
        for face in faces.values { FT_Done_Face(face) }
        FT_Done_FreeType(library)
    }

    /// Opens the face now so that a broken primary font is reported when the renderer is made,
    /// not as silently missing text later.
    mutating func open(_ font: FontCatalog.Font) throws(TextRendererError) {
        _ = try face(for: font)
    }

    /// The glyph `font` has for `scalar` (its missing-glyph box when it has none), or nil when
    /// the font's file cannot be opened; the font is then marked unusable.
    mutating func glyph(for scalar: Unicode.Scalar, in font: FontCatalog.Font, pixelSize: Int) -> Glyph? {
        let key = GlyphKey(fontID: font.id, scalar: scalar.value, pixelSize: pixelSize)
        if let cached = glyphs[key] { return cached }
        guard let face = try? face(for: font, pixelSize: pixelSize) else { return nil }
        let index = FT_Get_Char_Index(face, FT_ULong(scalar.value))
        let glyph: Glyph
        if FT_Load_Glyph(face, index, GlyphRasterizer.loadFlags) == 0 {
            glyph = GlyphRasterizer.capture(face.pointee.glyph.pointee)
        } else {
            // A glyph the font itself cannot render (broken outline) is drawn as nothing rather
            // than failing the whole frame.
            glyph = Glyph(image: Bitmap(width: 0, height: 0), left: 0, top: 0, advance: 0)
        }
        if glyphs.count >= GlyphRasterizer.glyphCacheLimit { glyphs.removeAll(keepingCapacity: true) }
        glyphs[key] = glyph
        return glyph
    }

    /// Ascent and descent of `font` at `pixelSize`, or nil when its file cannot be opened.
    mutating func lineMetrics(of font: FontCatalog.Font, pixelSize: Int) -> LineMetrics? {
        guard let face = try? face(for: font, pixelSize: pixelSize) else { return nil }
        // FreeType already rounds these for scalable fonts (ascender up, descender down).
        let metrics = face.pointee.size.pointee.metrics
        return LineMetrics(ascent: (metrics.ascender + 63) >> 6, descent: -(metrics.descender >> 6))
    }

    private mutating func face(for font: FontCatalog.Font, pixelSize: Int) throws(TextRendererError) -> FT_Face {
        let face = try face(for: font)
        if faceSizes[font.id] != pixelSize {
            FT_Set_Pixel_Sizes(face, 0, FT_UInt(pixelSize))
            faceSizes[font.id] = pixelSize
        }
        return face
    }

    private mutating func face(for font: FontCatalog.Font) throws(TextRendererError) -> FT_Face {
        if let face = faces[font.id] { return face }
        var face: FT_Face?
        let error = FT_New_Face(library, font.file, FT_Long(font.faceIndex), &face)
        guard error == 0, let face else {
            unusableFonts.insert(font.id)
            throw .cannotOpenFont(file: font.file, code: error)
        }
        faces[font.id] = face
        return face
    }

    /// Copies the rendered glyph out of FreeType's slot, which the next load overwrites.
    private static func capture(_ slot: FT_GlyphSlotRec) -> Glyph {
        let source = slot.bitmap
        let width = Int(source.width)
        let height = Int(source.rows)
        let advance = (slot.advance.x + 32) >> 6
        guard width > 0, height > 0, let buffer = source.buffer else {
            return Glyph(image: Bitmap(width: 0, height: 0), left: 0, top: 0, advance: advance)
        }
        var image = Bitmap(width: width, height: height)
        let pitch = Int(source.pitch)
        // A negative pitch means FreeType stored the rows bottom-up.
        let firstRow = pitch < 0 ? buffer + (height - 1) * -pitch : buffer
        let isMono = UInt32(source.pixel_mode) == FT_PIXEL_MODE_MONO.rawValue
        for y in 0..<height {
            let row = firstRow + y * pitch
            for x in 0..<width {
                // Fonts with embedded greyscale bitmaps can ignore the mono target; those are
                // thresholded at half coverage.
                image[x, y] = isMono ? row[x >> 3] & (0x80 >> UInt8(x & 7)) != 0 : row[x] >= 128
            }
        }
        return Glyph(
            image: image, left: Int(slot.bitmap_left), top: Int(slot.bitmap_top), advance: advance)
    }
}
