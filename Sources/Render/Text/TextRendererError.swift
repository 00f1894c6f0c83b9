/// Why a `TextRenderer` could not be set up, with the package or file to fix.
public enum TextRendererError: Error, CustomStringConvertible, Sendable {
    /// fontconfig could not load its configuration or font list.
    case fontconfigUnavailable
    /// FreeType failed to initialise (its error code).
    case freetypeUnavailable(code: Int32)
    /// No installed font is usable for the families: none at all, or only colour or bitmap fonts,
    /// which a 1-bit panel cannot show.
    case noUsableFont(families: [String])
    /// FreeType could not open the font file fontconfig picked first.
    case cannotOpenFont(file: String, code: Int32)

    public var description: String {
        switch self {
        case .fontconfigUnavailable:
            return "fontconfig could not load its configuration; check that /etc/fonts/fonts.conf "
                + "exists (Debian package fontconfig-config) and run fc-cache -f."
        case .freetypeUnavailable(let code):
            return "FreeType failed to initialise (FT_Error \(code)); reinstall libfreetype6."
        case .noUsableFont(let families):
            return "No outline font found for \(families.joined(separator: ", ")) or sans-serif "
                + "(colour and bitmap-only fonts are skipped for the 1-bit panel). Install "
                + "fonts-dejavu-core, plus fonts-wqy-microhei for Chinese, Japanese and Korean and "
                + "fonts-symbola for emoji, then run fc-cache -f."
        case .cannotOpenFont(let file, let code):
            return "FreeType cannot open the font \(file) (FT_Error \(code)); the file may be "
                + "damaged: reinstall its package (dpkg -S \(file)) and run fc-cache -f."
        }
    }
}
