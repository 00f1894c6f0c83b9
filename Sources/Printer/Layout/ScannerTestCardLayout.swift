import Render

/// The scanner test card (`openspace print test-code`): a QR code holding a fixed text that reads
/// differently on each keyboard layout a wedge scanner may be set to, which `openspace doctor
/// --scan-test` compares with what the scanner types.
public struct ScannerTestCardLayout: Sendable {
    public let profile: PrinterProfile
    public let renderer: TextRenderer

    public init(profile: PrinterProfile, renderer: TextRenderer) {
        self.profile = profile
        self.renderer = renderer
    }

    /// The card for `text`: a heading, how to use it, the code and the text in plain.
    public func layout(_ text: String) throws(PrintLayoutError) -> PrintLayout {
        let metrics = CardMetrics(profile: profile)
        var canvas = metrics.canvas(renderer: renderer)
        canvas.text("Scanner test", style: metrics.title, role: .title, maxLines: 1)
        canvas.space(metrics.smallGap)
        canvas.text(
            "Run openspace doctor --scan-test 30 on the board and scan this code when it asks. It tells whether "
                + "the scanner types as a US keyboard, as the board reads it.",
            style: metrics.body, role: .summary, maxLines: 6)
        canvas.space(metrics.gap)
        canvas.rule(thickness: 2)
        canvas.space(metrics.smallGap)
        try canvas.qrCode(text, minimumSide: profile.dots(millimetres: CardLayout.minimumQRMillimetres))
        canvas.text(text, style: metrics.caption, role: .caption, maxLines: 2, alignment: .center)
        return canvas.finish(bottomPadding: metrics.bottomPadding)
    }
}
