import CFreeType

/// The installed fonts that can draw text for the requested families, in fontconfig's order of
/// preference, one list per weight, with the coverage of each font so a scalar goes to the
/// first font that really has it.
struct FontCatalog: ~Copyable {
    /// One face in a fallback list.
    struct Font {
        /// Same for the same file and face index in either list, so glyph caches can share it.
        let id: Int
        let file: String
        /// Face index inside the file (collections such as `.ttc` hold several faces).
        let faceIndex: Int
        /// Owned reference (`FcCharSetCopy`), released in `deinit`.
        let charset: OpaquePointer

        func covers(_ scalar: Unicode.Scalar) -> Bool {
            FcCharSetHasChar(charset, scalar.value) != 0
        }
    }

    let regular: [Font]
    let bold: [Font]
    private let config: OpaquePointer

    init(families: [String]) throws(TextRendererError) {
        guard let config = FcInitLoadConfigAndFonts() else {
            throw .fontconfigUnavailable
        }
        var ids: [String: Int] = [:]
        let regular = FontCatalog.fallbackList(
            config: config, families: families, bold: false, ids: &ids)
        let bold = FontCatalog.fallbackList(
            config: config, families: families, bold: true, ids: &ids)
        guard !regular.isEmpty, !bold.isEmpty else {
            for font in regular + bold { FcCharSetDestroy(font.charset) }
            FcConfigDestroy(config)
            throw .noUsableFont(families: families)
        }
        self.config = config
        self.regular = regular
        self.bold = bold
    }

    deinit {
        for font in regular + bold { FcCharSetDestroy(font.charset) }
        FcConfigDestroy(config)
    }

    func fonts(bold: Bool) -> [Font] { bold ? self.bold : regular }

    /// Sorts every installed font by closeness to the families (then sans-serif) and keeps the
    /// outline, non-colour ones that add coverage. Colour and bitmap-only fonts are dropped
    /// because a 1-bit panel can only show crisp outlines; trimming is done here rather than by
    /// `FcFontSort` so that a dropped colour emoji font cannot hide a monochrome one behind it.
    private static func fallbackList(
        config: OpaquePointer, families: [String], bold: Bool, ids: inout [String: Int]
    ) -> [Font] {
        guard let pattern = FcPatternCreate() else { return [] }
        defer { FcPatternDestroy(pattern) }
        for family in families + ["sans-serif"] {
            FcPatternAddString(pattern, FC_FAMILY, Array(family.utf8) + [0])
        }
        if bold {
            FcPatternAddInteger(pattern, FC_WEIGHT, FC_WEIGHT_BOLD)
        }
        FcConfigSubstitute(config, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)

        var result = FcResultMatch
        guard let sorted = FcFontSort(config, pattern, FcFalse, nil, &result) else { return [] }
        defer { FcFontSetDestroy(sorted) }
        guard let coverage = FcCharSetCreate() else { return [] }
        defer { FcCharSetDestroy(coverage) }

        var fonts: [Font] = []
        for index in 0..<Int(sorted.pointee.nfont) {
            guard let candidate = sorted.pointee.fonts[index],
                isMonochromeOutline(candidate),
                let file = string(FC_FILE, of: candidate),
                let charset = charset(of: candidate)
            else { continue }
            var added: FcBool = FcFalse
            FcCharSetMerge(coverage, charset, &added)
            guard added != FcFalse else { continue }
            var faceIndex: Int32 = 0
            FcPatternGetInteger(candidate, FC_INDEX, 0, &faceIndex)
            let key = "\(faceIndex):\(file)"
            let id = ids[key] ?? ids.count
            ids[key] = id
            fonts.append(
                Font(id: id, file: file, faceIndex: Int(faceIndex), charset: FcCharSetCopy(charset)))
        }
        return fonts
    }

    private static func isMonochromeOutline(_ pattern: OpaquePointer) -> Bool {
        var color: FcBool = FcFalse
        var outline: FcBool = FcTrue
        // Absent properties keep these defaults: older caches do not record FC_COLOR at all.
        FcPatternGetBool(pattern, FC_COLOR, 0, &color)
        FcPatternGetBool(pattern, FC_OUTLINE, 0, &outline)
        return color == FcFalse && outline != FcFalse
    }

    private static func string(_ property: String, of pattern: OpaquePointer) -> String? {
        var value: UnsafeMutablePointer<FcChar8>?
        guard FcPatternGetString(pattern, property, 0, &value) == FcResultMatch, let value else {
            return nil
        }
        return String(cString: value)
    }

    private static func charset(of pattern: OpaquePointer) -> OpaquePointer? {
        var value: OpaquePointer?
        guard FcPatternGetCharSet(pattern, FC_CHARSET, 0, &value) == FcResultMatch else {
            return nil
        }
        return value
    }
}
