import BoardModel
import Foundation
import SyncWire

/// `/C/<id>`: what a phone shows after scanning a printed card: the card's words, where it is,
/// how it got there, and (for a blank card, or for staff) a form to write its words.
struct CardPageView {
    /// One settled mutation about the card.
    struct HistoryLine {
        let when: String
        let via: String
        let what: String
        let status: String
        let isApplied: Bool
        let reason: String
        let hasReason: Bool
    }

    /// What the form shows: the current words, or what was just typed when it was refused.
    struct FormValues {
        let formTitle: String
        let formHost: String
        let formContact: String
        let formDescription: String
    }

    struct Problem {
        let problem: String
    }

    let head: PageHead
    let eventName: String
    let cardID: String
    let displayTitle: String
    let isBlank: Bool
    let host: String
    let hasHost: Bool
    let contact: String
    let hasContact: Bool
    let summary: String
    let hasSummary: Bool
    let whereText: String
    let isPlaced: Bool
    let placedSlot: String
    let isParked: Bool
    let isOffBoard: Bool
    /// Newest first: on a phone, what happened last matters most.
    let history: [HistoryLine]
    let hasHistory: Bool
    /// A blank card: whoever holds it may write its words, once.
    let showFillIn: Bool
    /// Staff may change a card's words at any time.
    let showStaffEdit: Bool
    let staffName: String
    let csrf: String
    let form: FormValues
    let problems: [Problem]
    let hasProblems: Bool
    let notice: String
    let hasNotice: Bool

    init(
        card: Card, grid: Grid, layout: ConferenceLayout, history entries: [HistoryEntry], staff: StaffSession?,
        typed: CardWords? = nil, problems: [String] = [], notice: String? = nil
    ) {
        head = PageHead(pageTitle: card.displayTitle, bodyClass: "card-page")
        eventName = layout.eventName
        cardID = card.id.text
        displayTitle = card.displayTitle
        isBlank = card.title.isEmpty
        host = card.host
        hasHost = !card.host.isEmpty
        contact = card.contact
        hasContact = !card.contact.isEmpty
        summary = card.summary
        hasSummary = !card.summary.isEmpty
        let cell = grid.placements[card.id]
        isPlaced = cell != nil
        placedSlot = cell?.code ?? ""
        isParked = cell == nil && grid.parked.contains(card.id)
        isOffBoard = cell == nil && !isParked
        if let cell {
            whereText = Self.describe(cell, layout: layout)
        } else {
            whereText = isParked ? "Needs a slot" : "Not on the board"
        }
        history = entries.reversed().map { Self.line($0, layout: layout) }
        hasHistory = !history.isEmpty
        showFillIn = isBlank && staff == nil
        showStaffEdit = staff != nil
        staffName = staff?.name ?? ""
        csrf = staff?.csrfToken ?? ""
        let words = typed ?? CardWords(card: card)
        form = FormValues(
            formTitle: words.title, formHost: words.host, formContact: words.contact,
            formDescription: words.description)
        self.problems = problems.map(Problem.init)
        hasProblems = !problems.isEmpty
        self.notice = notice ?? ""
        hasNotice = notice != nil
    }

    /// "Room One, Fri 2027-05-14, 10:00–11:00".
    static func describe(_ cell: CellRef, layout: ConferenceLayout) -> String {
        guard let room = layout.room(cell.room), let day = layout.day(cell.day), let slot = layout.slot(of: cell) else {
            return layout.describe(cell)
        }
        return "\(room.name), \(day.label) \(day.date), \(slot.start)–\(slot.end)"
    }

    private static func line(_ entry: HistoryEntry, layout: ConferenceLayout) -> HistoryLine {
        let who: String
        switch entry.actor {
        case .host: who = "a host"
        case .staff(let name): who = "staff (\(name))"
        }
        let via = entry.boardID == "web" ? "on the web, by \(who)" : "at board \(entry.boardID), by \(who)"
        return HistoryLine(
            when: EventTimestamp.local(entry.settledAt, layout: layout), via: via,
            what: what(entry.mutation, layout: layout), status: entry.status.rawValue,
            isApplied: entry.status == .applied, reason: entry.reason ?? "", hasReason: entry.reason != nil)
    }

    /// A mutation in a few words, as the card's history lists it.
    static func what(_ mutation: Mutation, layout: ConferenceLayout) -> String {
        switch mutation {
        case .registerCard: "Registered"
        case .place(_, let cell): "Placed in \(describe(cell, layout: layout))"
        case .move(_, let cell): "Moved to \(describe(cell, layout: layout))"
        case .remove: "Taken off the board"
        case .park: "Parked by staff: needs a slot"
        case .placeOver(_, let cell): "Placed by staff over another card in \(describe(cell, layout: layout))"
        case .block(let cell, _): "Slot \(cell.code) closed"
        case .unblock(let cell): "Slot \(cell.code) opened"
        case .editCard: "Words written"
        }
    }
}

/// `/S/<slot>`: what a phone shows after scanning a slot label: the room, the time, and what is
/// there.
struct SlotPageView {
    let head: PageHead
    let eventName: String
    let slotCode: String
    let roomName: String
    let dayLabel: String
    let dayDate: String
    let time: String
    let hasCard: Bool
    let cardID: String
    let cardTitle: String
    let cardHost: String
    let hasCardHost: Bool
    let isBlocked: Bool
    let blockReason: String
    let isFree: Bool
    let isOver: Bool

    init(cell: CellRef, grid: Grid, layout: ConferenceLayout, now: Date) {
        let room = layout.room(cell.room)
        let day = layout.day(cell.day)
        let slot = layout.slot(of: cell)
        head = PageHead(pageTitle: "Slot \(cell.code)", bodyClass: "slot-page")
        eventName = layout.eventName
        slotCode = cell.code
        roomName = room?.name ?? cell.room
        dayLabel = day?.label ?? "Day \(cell.day)"
        dayDate = day?.date.description ?? ""
        time = slot.map { "\($0.start)–\($0.end)" } ?? "\(cell.start)"
        let card = grid.card(at: cell)
        let reason = card == nil ? grid.blockReason(cell, layout: layout) : nil
        hasCard = card != nil
        cardID = card?.id.text ?? ""
        cardTitle = card?.displayTitle ?? ""
        cardHost = card?.host ?? ""
        hasCardHost = !(card?.host.isEmpty ?? true)
        isBlocked = reason != nil
        blockReason = reason ?? ""
        isFree = card == nil && reason == nil
        isOver = layout.interval(of: cell).map { $0.end <= now } ?? false
    }
}
