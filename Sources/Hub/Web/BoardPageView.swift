import BoardModel
import Foundation

/// `/D/<board>`: what a phone shows after scanning a board's boot screen: the board's name, whether
/// it is enrolled, when the hub last heard from it, and what it still holds for the hub.
struct BoardPageView {
    let head: PageHead
    let eventName: String
    let boardID: String
    let boardName: String
    let status: String
    let isEnrolled: Bool
    let isRevoked: Bool
    let isWaiting: Bool
    let lastSeen: String
    let pending: String
    let software: String
    let panel: String
    let isPanelFailing: Bool

    init(board: BoardRecord, layout: ConferenceLayout) {
        head = PageHead(pageTitle: "Board \(board.name)", bodyClass: "board-page")
        eventName = layout.eventName
        boardID = board.id
        boardName = board.name
        isRevoked = board.revoked
        isEnrolled = board.enrolled && !board.revoked
        isWaiting = !board.enrolled && !board.revoked
        status =
            if isRevoked {
                "Revoked: this board no longer syncs with the hub; staff can add it again"
            } else if isEnrolled {
                "Enrolled: this board syncs with the hub"
            } else {
                "Waiting to enrol: staff start the board once with its enrolment code"
            }
        software = board.software ?? "not reported yet"
        isPanelFailing = board.panelProblem != nil
        panel = board.panelProblem ?? "working (as far as the board last said)"
        lastSeen = board.lastSeen.map { EventTimestamp.local($0, layout: layout) } ?? "never"
        pending =
            switch board.pending {
            case nil: "not reported yet"
            case 0: "nothing: every scan reached the hub"
            case 1: "1 change not yet confirmed by the hub"
            case let count?: "\(count) changes not yet confirmed by the hub"
            }
    }
}
