import BoardModel
import Render

/// A blank topic card: ruled lines to write a title, host and contact on by hand, then the
/// card's QR code and id, so a handwritten card is placed on the board like a printed one.
public struct BlankCardLayout: Sendable {
    /// Room for one handwritten line: 9 mm between rules.
    public static let handwritingLineMillimetres = 9.0

    public let profile: PrinterProfile
    public let renderer: TextRenderer
    public let codes: ScanCodeFormat

    public init(profile: PrinterProfile, renderer: TextRenderer, codes: ScanCodeFormat) {
        self.profile = profile
        self.renderer = renderer
        self.codes = codes
    }

    /// The blank card for `id` as a bitmap exactly the profile's width.
    public func render(_ id: CardID) throws(PrintLayoutError) -> Bitmap {
        try layout(id).bitmap
    }

    /// The blank card drawn, with where each part went.
    public func layout(_ id: CardID) throws(PrintLayoutError) -> PrintLayout {
        let metrics = CardMetrics(profile: profile)
        let lineSpacing = profile.dots(millimetres: Self.handwritingLineMillimetres)
        var canvas = metrics.canvas(renderer: renderer)
        for (caption, lines) in [("Topic", 3), ("Host", 1), ("Contact", 1)] {
            canvas.text(caption, style: metrics.caption, role: .caption, maxLines: 1)
            for _ in 0..<lines {
                canvas.space(lineSpacing)
                canvas.rule(thickness: 1)
            }
            canvas.space(metrics.gap)
        }
        // The last writing line already parts the code from the rest.
        try metrics.drawCode(of: id, codes: codes, separated: false, on: &canvas)
        return canvas.finish(bottomPadding: metrics.bottomPadding)
    }
}
