import BoardModel
import Render

/// Turns queued jobs into printer bytes for one printer profile: the card or blank card layout,
/// then the ESC/POS document.
public struct PrintJobRenderer: Sendable {
    public let profile: PrinterProfile
    public let renderer: TextRenderer
    public let codes: ScanCodeFormat

    public init(profile: PrinterProfile, renderer: TextRenderer, codes: ScanCodeFormat) {
        self.profile = profile
        self.renderer = renderer
        self.codes = codes
    }

    /// The printout of `ticket`, with where its parts are.
    public func layout(for ticket: PrintJobTicket) throws(PrintLayoutError) -> PrintLayout {
        switch ticket.kind {
        case .card:
            return try CardLayout(profile: profile, renderer: renderer, codes: codes).layout(ticket.card)
        case .blankCard:
            return try BlankCardLayout(profile: profile, renderer: renderer, codes: codes).layout(ticket.card.id)
        }
    }

    /// The bytes that print `ticket`, from `ESC @` to the cut.
    public func bytes(for ticket: PrintJobTicket) throws -> [UInt8] {
        try ESCPOSDocument.printout(layout(for: ticket), profile: profile)
    }
}
