/// Lays out and draws the boot screen: the board's name, version, addresses and hub status on the
/// left, and a QR code of its page on the hub on the right, large enough for a phone at arm's length.
public struct BootScreenRenderer: Sendable {
    public let width: Int
    public let height: Int
    public let text: TextRenderer

    /// Sizes in pixels for the 800x480 panel; the QR module bounds keep the code readable by a phone
    /// camera a metre away (4 px is about 0.65 mm on the 7.5" panel) without filling the screen.
    enum Metrics {
        static let margin = 20
        static let headerHeight = 40
        static let footerHeight = 34
        static let columnGap = 16
        /// The right column, for the QR code and its caption.
        static let qrColumn = 330
        static let qrCaptionHeight = 48
        static let minimumModule = 4
        static let maximumModule = 10
        /// The QR standard's quiet zone, in modules.
        static let quietZone = 4
        static let sectionGap = 14
        static let maximumAddressLines = 3
        static let header = TextStyle(pixelSize: 20, bold: true)
        static let name = TextStyle(pixelSize: 42, bold: true)
        static let conference = TextStyle(pixelSize: 20)
        static let label = TextStyle(pixelSize: 15, bold: true)
        static let address = TextStyle(pixelSize: 22)
        static let hub = TextStyle(pixelSize: 19)
        static let footer = TextStyle(pixelSize: 16)
        static let caption = TextStyle(pixelSize: 16, bold: true)
        static let url = TextStyle(pixelSize: 13)
    }

    public init(width: Int = 800, height: Int = 480, text: TextRenderer) {
        self.width = width
        self.height = height
        self.text = text
    }

    /// Renders the screen into a 1-bit frame.
    public func render(_ screen: BootScreen) -> Bitmap {
        draw(plan(screen))
    }

    /// Decides where every line and the QR code go.
    public func plan(_ screen: BootScreen) -> BootPlan {
        let margin = Metrics.margin
        // The header band is two boxes side by side, so each is inverted once.
        var clock: PanelPlan.TextBox?
        var clockWidth = 0
        if let time = screen.clock {
            clockWidth = text.width(of: time, style: Metrics.header) + 2 * margin
            clock = PanelPlan.TextBox(
                rect: Rect(x: width - clockWidth, y: 0, width: clockWidth, height: Metrics.headerHeight),
                lines: [time], style: Metrics.header, inverted: true, indent: margin)
        }
        let header = PanelPlan.TextBox(
            rect: Rect(x: 0, y: 0, width: width - clockWidth, height: Metrics.headerHeight),
            lines: [
                text.truncate(
                    "OpenSpace Board \(screen.version)", style: Metrics.header,
                    maxWidth: width - clockWidth - 2 * margin)
            ], style: Metrics.header, inverted: true, indent: margin)

        let footerTop = height - Metrics.footerHeight
        let footerText =
            screen.note
            ?? (screen.hub == .noHub
                ? "Scanning works now: the grid appears in a moment, or after the first scan"
                : "Scanning works now: the grid appears once the hub answers, or after the first scan")
        let footer = PanelPlan.TextBox(
            rect: Rect(x: 0, y: footerTop, width: width, height: Metrics.footerHeight),
            lines: [text.truncate(footerText, style: Metrics.footer, maxWidth: width - 2 * margin)],
            style: Metrics.footer, indent: margin)

        let hasPage = screen.pageURL != nil
        let columnWidth = hasPage ? width - Metrics.qrColumn - margin - Metrics.columnGap : width - 2 * margin
        let details = detailBoxes(screen, width: columnWidth, top: Metrics.headerHeight + 18, bottom: footerTop - 6)

        var qr: BootPlan.QRPlacement?
        var caption: [PanelPlan.TextBox] = []
        if let url = screen.pageURL {
            let column = Rect(
                x: width - Metrics.qrColumn, y: Metrics.headerHeight + 8, width: Metrics.qrColumn - margin,
                height: footerTop - Metrics.headerHeight - 8 - Metrics.qrCaptionHeight)
            qr = placement(of: url, in: column)
            caption = captionBoxes(url, hasCode: qr != nil, column: column, below: qr?.rect.maxY ?? column.y)
        }
        return BootPlan(
            size: Rect(x: 0, y: 0, width: width, height: height), header: header, clock: clock, details: details,
            footer: footer, qr: qr, qrCaption: caption)
    }

    /// The left column, top down; the hub's line gets the lines left above the footer.
    private func detailBoxes(_ screen: BootScreen, width: Int, top: Int, bottom: Int) -> [PanelPlan.TextBox] {
        var boxes: [PanelPlan.TextBox] = []
        var y = top
        func add(_ lines: [String], _ style: TextStyle, gapAfter: Int = 0) {
            guard !lines.isEmpty else { return }
            let step = text.lineHeight(style: style)
            boxes.append(
                PanelPlan.TextBox(
                    rect: Rect(x: Metrics.margin, y: y, width: width, height: step * lines.count), lines: lines,
                    style: style))
            y += step * lines.count + gapAfter
        }
        add(text.wrap(screen.boardName, style: Metrics.name, maxWidth: width, maxLines: 2), Metrics.name)
        if let conference = screen.conference {
            add([text.truncate(conference, style: Metrics.conference, maxWidth: width)], Metrics.conference)
        }
        y += Metrics.sectionGap
        add(["Network"], Metrics.label)
        add(addressLines(screen.addresses, width: width), Metrics.address, gapAfter: Metrics.sectionGap)
        add(["Hub"], Metrics.label)
        let room = max(1, (bottom - y) / text.lineHeight(style: Metrics.hub))
        add(text.wrap(screen.hub.text, style: Metrics.hub, maxWidth: width, maxLines: room), Metrics.hub)
        return boxes
    }

    private func addressLines(_ addresses: [String], width: Int) -> [String] {
        guard !addresses.isEmpty else { return ["no network"] }
        var lines = Array(addresses.prefix(Metrics.maximumAddressLines))
        if addresses.count > lines.count {
            lines[lines.count - 1] += " (+\(addresses.count - lines.count + 1) more)"
        }
        return lines.map { text.truncate($0, style: Metrics.address, maxWidth: width) }
    }

    /// The largest whole module size that fits the column, or nil when even the smallest
    /// readable one does not (or the text does not encode): the address is then shown as text.
    private func placement(of url: String, in column: Rect) -> BootPlan.QRPlacement? {
        guard let code = try? QRCode(url, level: .medium) else { return nil }
        let modules = code.size + 2 * Metrics.quietZone
        let moduleSize = min(Metrics.maximumModule, min(column.width, column.height) / modules)
        guard moduleSize >= Metrics.minimumModule else { return nil }
        let side = modules * moduleSize
        return BootPlan.QRPlacement(
            text: url,
            rect: Rect(x: column.x + (column.width - side) / 2, y: column.y, width: side, height: side),
            moduleSize: moduleSize)
    }

    /// The caption and the address under the code, centred on it; without a code, the address in
    /// full from the column's top.
    private func captionBoxes(_ url: String, hasCode: Bool, column: Rect, below top: Int) -> [PanelPlan.TextBox] {
        func centred(_ line: String, _ style: TextStyle) -> Int {
            hasCode ? max(0, (column.width - text.width(of: line, style: style)) / 2) : 0
        }
        let caption = "This board's page on the hub"
        let captionHeight = text.lineHeight(style: Metrics.caption)
        let urlHeight = text.lineHeight(style: Metrics.url)
        let urlLines =
            hasCode
            ? [text.truncate(url, style: Metrics.url, maxWidth: column.width)]
            : text.wrap(url, style: Metrics.url, maxWidth: column.width, maxLines: 4)
        return [
            PanelPlan.TextBox(
                rect: Rect(x: column.x, y: top, width: column.width, height: captionHeight), lines: [caption],
                style: Metrics.caption, indent: centred(caption, Metrics.caption)),
            PanelPlan.TextBox(
                rect: Rect(
                    x: column.x, y: top + captionHeight, width: column.width, height: urlHeight * urlLines.count),
                lines: urlLines, style: Metrics.url, indent: urlLines.first.map { centred($0, Metrics.url) } ?? 0),
        ]
    }

    /// Draws a plan; kept apart from `plan` so layouts are testable without pixels.
    public func draw(_ plan: BootPlan) -> Bitmap {
        var frame = Bitmap(width: width, height: height)
        text.draw(plan.header, into: &frame)
        if let clock = plan.clock { text.draw(clock, into: &frame) }
        for box in plan.details + plan.qrCaption { text.draw(box, into: &frame) }
        if let qr = plan.qr, let code = try? QRCode(qr.text, level: .medium) {
            frame.draw(
                code.bitmap(moduleSize: qr.moduleSize, quietZone: Metrics.quietZone), atX: qr.rect.x, y: qr.rect.y)
        }
        frame.fill(Rect(x: 0, y: plan.footer.rect.y, width: width, height: 2))
        text.draw(plan.footer, into: &frame)
        return frame
    }
}
