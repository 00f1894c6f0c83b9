import BoardModel
import Render

/// A topic card as printed on the receipt printer: the title large and wrapped, the summary, the
/// host and their contact handle, then the card's QR code (at least 25 mm across, so any
/// scanner reads it from the board) and the card id in plain text for typing it in by hand.
public struct CardLayout: Sendable {
    /// The smallest QR symbol side, quiet zone not counted: 25 mm (200 dots at 203 dpi).
    public static let minimumQRMillimetres = 25.0

    public let profile: PrinterProfile
    public let renderer: TextRenderer
    public let codes: ScanCodeFormat

    public init(profile: PrinterProfile, renderer: TextRenderer, codes: ScanCodeFormat) {
        self.profile = profile
        self.renderer = renderer
        self.codes = codes
    }

    /// The card as a bitmap exactly the profile's width.
    public func render(_ card: Card) throws(PrintLayoutError) -> Bitmap {
        try layout(card).bitmap
    }

    /// The card drawn, with where each part went.
    public func layout(_ card: Card) throws(PrintLayoutError) -> PrintLayout {
        let metrics = CardMetrics(profile: profile)
        var canvas = metrics.canvas(renderer: renderer)
        canvas.text(card.displayTitle, style: metrics.title, role: .title, maxLines: 3)
        if !card.summary.isEmpty {
            canvas.space(metrics.smallGap)
            canvas.text(card.summary, style: metrics.body, role: .summary, maxLines: 6)
        }
        if !card.host.isEmpty || !card.contact.isEmpty {
            canvas.space(metrics.gap)
            canvas.text(card.host, style: metrics.host, role: .host, maxLines: 1)
            canvas.text(card.contact, style: metrics.body, role: .contact, maxLines: 1)
        }
        try metrics.drawCode(of: card.id, codes: codes, separated: true, on: &canvas)
        return canvas.finish(bottomPadding: metrics.bottomPadding)
    }
}
