/// Where everything on the boot screen goes, before any pixel is drawn; tests check it here.
public struct BootPlan: Sendable, Equatable {
    public var size: Rect
    /// The inverted band at the top: "OpenSpace Board <version>".
    public var header: PanelPlan.TextBox
    /// The clock at the right of the header band, when the screen has one.
    public var clock: PanelPlan.TextBox?
    /// The left column, top to bottom: the board's name, the conference, the network and the hub.
    public var details: [PanelPlan.TextBox]
    /// The line along the bottom: what happens next, or the last note.
    public var footer: PanelPlan.TextBox
    /// The QR code of the board's page, nil when there is no page or it would be too small to scan.
    public var qr: QRPlacement?
    /// The caption under the QR code (or the page's address alone when there is no code).
    public var qrCaption: [PanelPlan.TextBox]

    /// A QR symbol drawn at a position and module size.
    public struct QRPlacement: Sendable, Equatable {
        public var text: String
        /// The symbol with its quiet zone.
        public var rect: Rect
        public var moduleSize: Int
    }

    /// Every line of text on the screen, in drawing order.
    public var lines: [String] {
        ([header] + (clock.map { [$0] } ?? []) + details + qrCaption + [footer]).flatMap(\.lines)
    }
}
