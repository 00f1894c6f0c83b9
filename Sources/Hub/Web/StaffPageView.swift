import BoardModel
import Foundation

/// `/staff`: what signed-in staff can do from a phone: create cards (and print them on a board),
/// move, place over, remove, block and unblock, and add or revoke boards.
struct StaffPageView {
    /// The result of the last action: done, refused by the board's rules, or bad input.
    struct Outcome {
        let outcomeText: String
        let outcomeKind: String
        let outcomeCard: String
        let hasOutcomeCard: Bool

        static func done(_ text: String, card: CardID? = nil) -> Outcome { Outcome(text, kind: "done", card: card) }
        static func refused(_ text: String, card: CardID? = nil) -> Outcome {
            Outcome(text, kind: "refused", card: card)
        }
        static func problem(_ text: String) -> Outcome { Outcome(text, kind: "problem", card: nil) }

        private init(_ text: String, kind: String, card: CardID?) {
            outcomeText = text
            outcomeKind = kind
            outcomeCard = card?.text ?? ""
            hasOutcomeCard = card != nil
        }
    }

    /// A board just added: its one-time code, shown this once, as text and as a QR image.
    struct NewBoard {
        let newBoardID: String
        let enrolCode: String
        let qrDataURL: String
        let hasQR: Bool
    }

    struct BoardLine {
        let boardID: String
        let boardName: String
        let state: String
        let lastSeen: String
        let pending: String
        let canRevoke: Bool
    }

    struct BoardChoice {
        let choiceID: String
        let choiceName: String
    }

    struct WaitingCard {
        let waitingCardID: String
        let waitingCardTitle: String
    }

    /// What the create form shows again after a refusal, so nothing typed is lost.
    struct CreateValues {
        let createTitle: String
        let createHost: String
        let createContact: String
        let createDescription: String
    }

    let head: PageHead
    let eventName: String
    let staffName: String
    let csrf: String
    let outcomes: [Outcome]
    let hasOutcomes: Bool
    let newBoards: [NewBoard]
    let boards: [BoardLine]
    let hasBoards: Bool
    let printBoards: [BoardChoice]
    let hasPrintBoards: Bool
    let waitingCards: [WaitingCard]
    let hasWaitingCards: Bool
    let create: CreateValues

    init(
        staff: StaffSession, grid: Grid, boards records: [BoardRecord], layout: ConferenceLayout,
        outcomes: [Outcome] = [], newBoard: NewBoard? = nil, typed: CardWords? = nil
    ) {
        head = PageHead(pageTitle: "Staff", bodyClass: "staff")
        eventName = layout.eventName
        staffName = staff.name
        csrf = staff.csrfToken
        self.outcomes = outcomes
        hasOutcomes = !outcomes.isEmpty
        newBoards = newBoard.map { [$0] } ?? []
        boards = records.map { record in
            BoardLine(
                boardID: record.id, boardName: record.name,
                state: record.revoked ? "revoked" : record.enrolled ? "enrolled" : "waiting to enrol",
                lastSeen: record.lastSeen.map { EventTimestamp.local($0, layout: layout) } ?? "never",
                pending: record.pending.map(String.init) ?? "–", canRevoke: !record.revoked)
        }
        hasBoards = !boards.isEmpty
        printBoards = records.filter { $0.enrolled && !$0.revoked }.map {
            BoardChoice(choiceID: $0.id, choiceName: $0.name)
        }
        hasPrintBoards = !printBoards.isEmpty
        waitingCards = grid.parked.compactMap { grid.cards[$0] }.map {
            WaitingCard(waitingCardID: $0.id.text, waitingCardTitle: $0.displayTitle)
        }
        hasWaitingCards = !waitingCards.isEmpty
        create = CreateValues(
            createTitle: typed?.title ?? "", createHost: typed?.host ?? "", createContact: typed?.contact ?? "",
            createDescription: typed?.description ?? "")
    }
}

/// `/staff/login`.
struct StaffLoginView {
    let head: PageHead
    let eventName: String
    let loginName: String
    let problem: String
    let hasProblem: Bool
}
