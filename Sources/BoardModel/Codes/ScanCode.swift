/// What a scanned piece of text means to the board.
public enum ScanCode: Hashable, Sendable {
    case card(CardID)
    case slot(CellRef)
    case badge(StaffBadge)
    case command(Command)

    /// Plain codes printed on the board's command labels.
    public enum Command: String, CaseIterable, Sendable {
        case remove = "OPENSPACE:REMOVE"
        case cancel = "OPENSPACE:CANCEL"
        case block = "OPENSPACE:BLOCK"
        case unblock = "OPENSPACE:UNBLOCK"
        case refresh = "OPENSPACE:REFRESH"

        /// The label's caption.
        public var caption: String {
            switch self {
            case .remove: "Remove a card"
            case .cancel: "Cancel"
            case .block: "Staff: block a slot"
            case .unblock: "Staff: unblock a slot"
            case .refresh: "Staff: full refresh"
            }
        }
    }
}

/// Why scanned text was refused; each case says what the person at the board can do.
public enum ScanRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not a code of ours at all (a product barcode, a ticket, noise).
    case unrecognised
    /// Starts like one of our codes but is cut short or has a damaged tail.
    case truncated
    /// Our code, but typed in lower case: a keyboard wedge on the wrong layout or Caps Lock.
    case wrongCase
    /// A code for another event's hub.
    case otherHub(String)
    /// A card id whose check symbol does not match: a misread or a mistyped id.
    case checkFailed
    /// A slot label whose cell does not exist in this conference.
    case unknownSlot(String)
    /// A staff badge whose signature does not verify.
    case forgedBadge
    /// A staff badge, but this board has no key to check badges with.
    case noBadgeKey
    /// A staff badge past its last day.
    case expiredBadge(String)

    public var description: String {
        switch self {
        case .unrecognised: "Not an Open Spaces code: scan a topic card, a slot label or a command label"
        case .truncated: "The code was cut short: scan it again, holding it steady"
        case .wrongCase:
            "The scanner typed lower case: check Caps Lock and set the scanner to the US keyboard layout"
        case .otherHub(let hub): "This code belongs to another event (\(hub))"
        case .checkFailed: "The card id did not read correctly: scan it again"
        case .unknownSlot(let code): "Slot \(code) is not on this board: check the slot label"
        case .forgedBadge: "This staff badge is not valid"
        case .noBadgeKey: "This board cannot check staff badges: ask the organisers to set its badge key"
        case .expiredBadge(let day): "This staff badge expired on \(day)"
        }
    }
}
