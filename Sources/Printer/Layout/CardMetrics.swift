import BoardModel
import Render

/// Sizes shared by the printed cards, in dots for one profile; text scales with the paper width
/// so an 80 mm card looks like a larger 58 mm one.
struct CardMetrics {
    let profile: PrinterProfile
    /// Kept clear on both sides inside the printable width: 1 mm.
    let margin: Int
    let topPadding: Int
    let bottomPadding: Int
    let gap: Int
    let smallGap: Int
    let title: TextStyle
    let body: TextStyle
    let host: TextStyle
    let caption: TextStyle
    let cardID: TextStyle

    init(profile: PrinterProfile) {
        self.profile = profile
        let mm = profile.dotsPerMillimetre
        // 384 dots (58 mm paper) is the reference; 576 dots scales text by 1.5.
        func scaled(_ size: Int) -> Int { size * profile.printableDots / 384 }
        margin = mm
        topPadding = 2 * mm
        bottomPadding = 3 * mm
        gap = 2 * mm
        smallGap = mm
        title = TextStyle(pixelSize: scaled(40), bold: true)
        body = TextStyle(pixelSize: scaled(24))
        host = TextStyle(pixelSize: scaled(26), bold: true)
        caption = TextStyle(pixelSize: scaled(20))
        cardID = TextStyle(pixelSize: scaled(36), bold: true)
    }

    /// A canvas the profile's width, tall enough for the longest card.
    func canvas(renderer: TextRenderer) -> LayoutCanvas {
        LayoutCanvas(
            renderer: renderer, width: profile.printableDots, height: profile.printableDots * 6, left: margin,
            columnWidth: profile.printableDots - 2 * margin, top: topPadding)
    }

    /// A rule parting the code from the text above when `separated`, then the card's QR code
    /// and its id in plain text.
    func drawCode(of id: CardID, codes: ScanCodeFormat, separated: Bool, on canvas: inout LayoutCanvas)
        throws(PrintLayoutError)
    {
        canvas.space(gap)
        if separated {
            canvas.rule(thickness: 2)
            canvas.space(smallGap)
        }
        try canvas.qrCode(
            codes.code(for: id), minimumSide: profile.dots(millimetres: CardLayout.minimumQRMillimetres))
        canvas.text(id.text, style: cardID, role: .cardID, maxLines: 1, alignment: .center)
    }
}
