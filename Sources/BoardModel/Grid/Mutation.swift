import Foundation

/// One change to the board that a scan (or a staff action) asks for.
public enum Mutation: Hashable, Sendable, Codable {
    /// A new card becomes known (printed here, or a blank card from a batch).
    case registerCard(Card)
    /// An unplaced or parked card goes into a free cell.
    case place(CardID, CellRef)
    /// A placed card goes to another free cell.
    case move(CardID, to: CellRef)
    /// A card leaves the board (its cell or the parked lane); it stays registered.
    case remove(CardID)
    /// Staff: a card goes into a cell even if it is taken; the card there is parked, never dropped.
    case placeOver(CardID, CellRef)
    /// Staff: a placed card leaves its cell for the "needs a slot" lane (its room was lost).
    case park(CardID)
    /// Staff: a cell is closed for this conference (a room lost, a slot cancelled).
    case block(CellRef, reason: String)
    /// Staff: a cell closed by staff opens again.
    case unblock(CellRef)
    /// A card's words change: anyone may fill in a blank card once; after that, staff only.
    case editCard(Card)
}

/// Who asks for a change: the rules differ for hosts and staff.
public enum Actor: Hashable, Sendable, Codable {
    case host
    case staff(String)

    public var isStaff: Bool { if case .staff = self { true } else { false } }
}

/// Why a change is refused, in words a host at the board understands.
public enum Refusal: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownCell(CellRef)
    case unknownCard(CardID)
    case cardAlreadyKnown(CardID)
    case cellTaken(CellRef, by: String)
    case cellBlocked(CellRef, reason: String)
    case cellPast(CellRef)
    case sessionOver(CellRef)
    case cellFrozen(CellRef, minutesToStart: Int)
    case cardAlreadyPlaced(CardID, at: CellRef)
    case cardNotPlaced(CardID)
    case sameCell(CellRef)
    case staffOnly(String)
    case cellNotBlockedByStaff(CellRef)
    case cellHasCard(CellRef)
    case cardAlreadyFilledIn(CardID)
    case emptyTitle

    public var description: String {
        switch self {
        case .unknownCell(let cell):
            return "Slot \(cell.code) is not on this conference's board: check the slot label"
        case .unknownCard(let id):
            return "Card \(id.text) is not registered here: print it at the board or ask staff"
        case .cardAlreadyKnown(let id):
            return "Card \(id.text) is already registered"
        case .cellTaken(_, let title):
            return "That slot is taken by \"\(title)\": pick another slot"
        case .cellBlocked(_, let reason):
            return "That slot is blocked (\(reason)): pick another slot"
        case .cellPast:
            return "That slot is over: pick a later slot"
        case .sessionOver:
            return "That card's session is over: it stays on the board as it happened"
        case .cellFrozen(_, let minutes):
            return minutes > 0
                ? "That slot starts in \(minutes) min and is frozen: ask staff to change it"
                : "That slot has started and is frozen: ask staff to change it"
        case .cardAlreadyPlaced(_, let cell):
            return "This card is already placed (\(cell.code)): scan it, then the new slot, to move it"
        case .cardNotPlaced(let id):
            return "Card \(id.text) is not on the board"
        case .sameCell:
            return "The card is already in that slot"
        case .staffOnly(let action):
            return "Only staff can \(action): scan a staff badge first"
        case .cellNotBlockedByStaff:
            return "That slot is not blocked by staff"
        case .cellHasCard:
            return "That slot has a card: move the card before blocking the slot"
        case .cardAlreadyFilledIn(let id):
            return "Card \(id.text) is already filled in: ask staff to change it"
        case .emptyTitle:
            return "A card needs a title: write one, then save"
        }
    }
}
