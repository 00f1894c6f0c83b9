import BoardModel

/// One print job as the spooler sees it: what to print and how often it was tried.
public struct PrintJobTicket: Equatable, Sendable {
    /// What kind of printout the job makes.
    public enum Kind: String, Sendable, CaseIterable {
        /// A filled-in topic card (`CardLayout`).
        case card
        /// A blank card to write on (`BlankCardLayout`); the card carries only its id.
        case blankCard = "blank_card"
    }

    /// The queue's id of the job.
    public var id: Int64
    public var kind: Kind
    /// The card as it was when the job was queued, so a reprint shows the same text.
    public var card: Card
    /// Earlier sends that failed or were interrupted.
    public var attempts: Int

    public init(id: Int64, kind: Kind, card: Card, attempts: Int = 0) {
        self.id = id
        self.kind = kind
        self.card = card
        self.attempts = attempts
    }
}
