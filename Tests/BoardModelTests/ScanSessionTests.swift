import XCTest

@testable import BoardModel

final class ScanSessionTests: XCTestCase {
    static let issuer = BadgeIssuer()
    static let friday = CalendarDate(year: 2027, month: 5, day: 14)
    static let saturday = CalendarDate(year: 2027, month: 5, day: 15)

    let codes = Fixture.codes
    let talk = Fixture.talk
    let other = Fixture.other
    let fridayTen = Fixture.fridayTen
    let fridayEleven = Fixture.cell(1, "R101", 11)
    let t0 = Fixture.early

    var session = ScanSession(layout: Fixture.layout, codes: Fixture.codes, badges: ScanSessionTests.issuer.verifier)
    var grid = Fixture.grid()

    func card(_ card: Card) -> String { codes.code(for: card.id) }
    func slot(_ cell: CellRef) -> String { codes.code(for: cell) }
    func command(_ command: ScanCode.Command) -> String { codes.code(for: command) }
    func badge(_ staffID: String = "ANNA", through day: CalendarDate = saturday, by issuer: BadgeIssuer = issuer)
        -> String
    {
        codes.code(for: try! issuer.issue(staffID: staffID, validThrough: day, hub: codes.hub))
    }

    /// Scans like the board does: the accepted mutation is applied to the grid before the next scan.
    /// Every step must carry feedback, and a mutation only when accepted, which the grid then takes.
    @discardableResult
    func scan(
        _ text: String, at now: Date, expect tone: Feedback.Tone, file: StaticString = #filePath, line: UInt = #line
    ) -> ScanSession.Step {
        let step = session.scan(text, at: now, grid: grid)
        XCTAssertEqual(step.feedback.tone, tone, step.feedback.message, file: file, line: line)
        XCTAssertFalse(step.feedback.message.isEmpty, file: file, line: line)
        XCTAssertEqual(step.actor, session.actor, file: file, line: line)
        if let mutation = step.mutation {
            XCTAssertEqual(
                step.feedback.tone, .accepted, "a mutation comes only with acceptance", file: file, line: line)
            do {
                try grid.apply(mutation, in: Grid.Context(layout: Fixture.layout, now: now, actor: step.actor))
            } catch {
                XCTFail("the session accepted \(mutation) that the grid refuses: \(error)", file: file, line: line)
            }
        }
        return step
    }

    func later(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    func placeTalkAtFridayTen() {
        scan(card(talk), at: t0, expect: .prompt)
        scan(slot(fridayTen), at: later(1), expect: .accepted)
        XCTAssertEqual(grid.placements[talk.id], fridayTen)
    }

    // MARK: Pairs

    func testCardThenSlotPlacesTheCard() {
        let first = scan(card(talk), at: t0, expect: .prompt)
        XCTAssertNil(first.mutation)
        XCTAssertEqual(first.feedback.message, "\"Swift on the Raspberry Pi\": now scan a free slot")
        XCTAssertEqual(session.pending, .card(talk.id))
        let second = scan(slot(fridayTen), at: later(5), expect: .accepted)
        XCTAssertEqual(second.mutation, .place(talk.id, fridayTen))
        XCTAssertEqual(second.feedback.message, "Placed \"Swift on the Raspberry Pi\" in Room 101, Fri 10:00")
        XCTAssertEqual(second.actor, .host)
        XCTAssertEqual(session.pending, .nothing)
        XCTAssertEqual(grid.occupants[fridayTen], talk.id)
    }

    func testSlotThenCardPlacesTheCard() {
        let first = scan(slot(fridayTen), at: t0, expect: .prompt)
        XCTAssertEqual(first.feedback.message, "Room 101, Fri 10:00 is free: now scan your card")
        XCTAssertEqual(session.pending, .slot(fridayTen))
        XCTAssertEqual(scan(card(talk), at: later(5), expect: .accepted).mutation, .place(talk.id, fridayTen))
        XCTAssertEqual(session.pending, .nothing)
        XCTAssertEqual(grid.placements[talk.id], fridayTen)
    }

    func testScanningAPlacedCardShowsWhereItIs() {
        placeTalkAtFridayTen()
        let step = scan(card(talk), at: later(10), expect: .prompt)
        XCTAssertEqual(
            step.feedback.message,
            "\"Swift on the Raspberry Pi\" is in Room 101, Fri 10:00: scan a new slot to move it, or Remove")
        XCTAssertEqual(session.pending, .placedCard(talk.id, fridayTen))
    }

    func testPlacedCardThenANewSlotMovesIt() {
        placeTalkAtFridayTen()
        scan(card(talk), at: later(10), expect: .prompt)
        let step = scan(slot(fridayEleven), at: later(15), expect: .accepted)
        XCTAssertEqual(step.mutation, .move(talk.id, to: fridayEleven))
        XCTAssertEqual(step.feedback.message, "Moved \"Swift on the Raspberry Pi\" to Room 101, Fri 11:00")
        XCTAssertEqual(grid.placements, [talk.id: fridayEleven])
    }

    func testPlacedCardThenItsOwnSlotIsRefusedAsTheSameCell() {
        placeTalkAtFridayTen()
        scan(card(talk), at: later(10), expect: .prompt)
        let step = scan(slot(fridayTen), at: later(15), expect: .refused)
        XCTAssertEqual(step.feedback.message, Refusal.sameCell(fridayTen).description)
    }

    func testPlacedCardThenRemoveRemovesIt() {
        placeTalkAtFridayTen()
        scan(card(talk), at: later(10), expect: .prompt)
        let step = scan(command(.remove), at: later(12), expect: .accepted)
        XCTAssertEqual(step.mutation, .remove(talk.id))
        XCTAssertEqual(step.feedback.message, "Removed \"Swift on the Raspberry Pi\" from the board")
        XCTAssertNil(grid.placements[talk.id])
        XCTAssertNotNil(grid.cards[talk.id], "the card stays registered and can be placed again")
    }

    func testRemoveThenCardRemovesIt() {
        placeTalkAtFridayTen()
        let first = scan(command(.remove), at: later(10), expect: .prompt)
        XCTAssertEqual(first.feedback.message, "Scan the card to remove")
        XCTAssertEqual(session.pending, .removal)
        XCTAssertEqual(scan(card(talk), at: later(12), expect: .accepted).mutation, .remove(talk.id))
        XCTAssertNil(grid.occupants[fridayTen])
    }

    func testUnplacedCardThenRemoveIsRefusedAsNotOnTheBoard() {
        scan(card(talk), at: t0, expect: .prompt)
        let step = scan(command(.remove), at: later(2), expect: .refused)
        XCTAssertNil(step.mutation)
        XCTAssertEqual(step.feedback.message, Refusal.cardNotPlaced(talk.id).description)
        XCTAssertNotNil(grid.cards[talk.id])
    }

    func testRemovingFromAFrozenSlotIsRefusedForHosts() {
        placeTalkAtFridayTen()
        let frozen = Fixture.pdt(day: 1, 9, 55)
        scan(card(talk), at: frozen, expect: .prompt)
        let step = scan(command(.remove), at: frozen.addingTimeInterval(2), expect: .refused)
        XCTAssertEqual(step.feedback.message, Refusal.cellFrozen(fridayTen, minutesToStart: 5).description)
        XCTAssertEqual(grid.placements[talk.id], fridayTen)
    }

    func testScanningAnotherCardMidPairSwitchesToThatCard() {
        scan(card(talk), at: t0, expect: .prompt)
        scan(card(other), at: later(3), expect: .prompt)
        XCTAssertEqual(session.pending, .card(other.id))
        XCTAssertEqual(scan(slot(fridayTen), at: later(5), expect: .accepted).mutation, .place(other.id, fridayTen))
    }

    // MARK: Timeouts, refusals, cancel

    func testPairTimeoutCancelsThePendingCard() {
        scan(card(talk), at: t0, expect: .prompt)
        XCTAssertEqual(session.tick(at: later(29)), [])
        XCTAssertEqual(session.pending, .card(talk.id))
        XCTAssertEqual(
            session.tick(at: later(30)),
            [Feedback(.refused, "Timed out, nothing changed: scan the card and the slot within 30 s")])
        XCTAssertEqual(session.pending, .nothing)
        XCTAssertEqual(session.tick(at: later(31)), [])
    }

    func testTimeoutMessageNamesThePairThatWasLeftHalfDone() {
        scan(command(.remove), at: t0, expect: .prompt)
        XCTAssertEqual(
            session.tick(at: later(30)),
            [Feedback(.refused, "Timed out, nothing changed: scan Remove and the card within 30 s")])
    }

    func testSlotScannedAfterTheTimeoutDoesNotPlace() {
        scan(card(talk), at: t0, expect: .prompt)
        let step = scan(slot(fridayTen), at: later(31), expect: .prompt)
        XCTAssertNil(step.mutation)
        XCTAssertEqual(session.pending, .slot(fridayTen))
        XCTAssertEqual(grid.placements, [:])
    }

    func testSlotScannedJustBeforeTheTimeoutStillPlaces() {
        scan(card(talk), at: t0, expect: .prompt)
        XCTAssertEqual(scan(slot(fridayTen), at: later(29.9), expect: .accepted).mutation, .place(talk.id, fridayTen))
    }

    func testTimingIsConfigurable() {
        session = ScanSession(
            layout: Fixture.layout, codes: codes, badges: Self.issuer.verifier,
            timing: .init(pairTimeout: 5, staffTimeout: 60))
        scan(card(talk), at: t0, expect: .prompt)
        XCTAssertEqual(
            session.tick(at: later(5)),
            [Feedback(.refused, "Timed out, nothing changed: scan the card and the slot within 5 s")])
        XCTAssertTrue(scan(badge(), at: later(10), expect: .accepted).feedback.message.contains("(1 min)"))
        XCTAssertEqual(session.tick(at: later(70)), [Feedback(.prompt, "Staff mode ended")])
    }

    func testGarbageScanMidPairIsRefusedAndKeepsThePendingCard() {
        scan(card(talk), at: t0, expect: .prompt)
        let step = scan("4006381333931", at: later(3), expect: .refused)
        XCTAssertEqual(step.feedback.message, ScanRefusal.unrecognised.description)
        XCTAssertEqual(session.pending, .card(talk.id))
        XCTAssertEqual(scan(slot(fridayTen), at: later(6), expect: .accepted).mutation, .place(talk.id, fridayTen))
    }

    func testRefusedScanDoesNotExtendThePairTimeout() {
        scan(card(talk), at: t0, expect: .prompt)
        scan("hello", at: later(20), expect: .refused)
        XCTAssertNil(scan(slot(fridayTen), at: later(31), expect: .prompt).mutation)
    }

    func testLowerCaseScanIsRefusedWithTheKeyboardHintAndKeepsThePair() {
        scan(card(talk), at: t0, expect: .prompt)
        let step = scan(slot(fridayTen).lowercased(), at: later(2), expect: .refused)
        XCTAssertEqual(step.feedback.message, ScanRefusal.wrongCase.description)
        XCTAssertEqual(session.pending, .card(talk.id))
    }

    func testCancelClearsThePendingPair() {
        scan(card(talk), at: t0, expect: .prompt)
        let step = scan(command(.cancel), at: later(2), expect: .accepted)
        XCTAssertNil(step.mutation)
        XCTAssertEqual(step.feedback.message, "Cancelled, nothing changed")
        XCTAssertEqual(session.pending, .nothing)
        XCTAssertNil(scan(slot(fridayTen), at: later(4), expect: .prompt).mutation)
        XCTAssertEqual(grid.placements, [:])
    }

    func testUnknownCardIsRefusedAndThePendingSlotStays() {
        scan(slot(fridayTen), at: t0, expect: .prompt)
        let step = scan(codes.code(for: Fixture.stranger), at: later(2), expect: .refused)
        XCTAssertEqual(step.feedback.message, Refusal.unknownCard(Fixture.stranger).description)
        XCTAssertEqual(session.pending, .slot(fridayTen))
    }

    func testSlotNotOnThisBoardIsRefused() {
        let step = scan(codes.hub + "/S/1-R999-1000", at: t0, expect: .refused)
        XCTAssertEqual(step.feedback.message, ScanRefusal.unknownSlot("1-R999-1000").description)
    }

    func testHostScanningATakenSlotIsRefusedWithTheCardsTitle() {
        placeTalkAtFridayTen()
        let step = scan(slot(fridayTen), at: later(10), expect: .refused)
        XCTAssertEqual(step.feedback.message, Refusal.cellTaken(fridayTen, by: talk.title).description)
        XCTAssertEqual(session.pending, .nothing)
    }

    func testHostCardThenTakenSlotIsRefusedAndThePairEnds() {
        placeTalkAtFridayTen()
        scan(card(other), at: later(10), expect: .prompt)
        let step = scan(slot(fridayTen), at: later(12), expect: .refused)
        XCTAssertEqual(step.feedback.message, Refusal.cellTaken(fridayTen, by: talk.title).description)
        XCTAssertEqual(session.pending, .nothing)
        XCTAssertEqual(grid.occupants[fridayTen], talk.id)
    }

    func testBlockedSlotIsRefusedWithTheReason() {
        let blocked = Fixture.cell(1, "R201", 13)
        let step = scan(slot(blocked), at: t0, expect: .refused)
        XCTAssertEqual(step.feedback.message, Refusal.cellBlocked(blocked, reason: "Sponsor workshop").description)
        XCTAssertEqual(session.pending, .nothing)
    }

    func testFrozenSlotIsRefusedForHostsWithTheMinutesLeft() {
        let frozen = Fixture.pdt(day: 1, 9, 55)
        scan(card(talk), at: frozen, expect: .prompt)
        let step = scan(slot(fridayTen), at: frozen.addingTimeInterval(3), expect: .refused)
        XCTAssertEqual(step.feedback.message, "That slot starts in 5 min and is frozen: ask staff to change it")
    }

    func testParkedCardIsShownAsWaitingForASlot() throws {
        placeTalkAtFridayTen()
        try grid.apply(.placeOver(other.id, fridayTen), in: Fixture.context(t0, Fixture.staff))
        let step = scan(card(talk), at: later(10), expect: .prompt)
        XCTAssertEqual(
            step.feedback.message, "\"Swift on the Raspberry Pi\" is waiting for a slot: now scan a free slot")
        XCTAssertEqual(
            scan(slot(fridayEleven), at: later(12), expect: .accepted).mutation, .place(talk.id, fridayEleven))
        XCTAssertEqual(grid.parked, [])
    }

    // MARK: Staff mode

    func testStaffBadgeOpensStaffModeAndTheSameBadgeClosesIt() {
        let open = scan(badge(), at: t0, expect: .accepted)
        XCTAssertNil(open.mutation)
        XCTAssertEqual(open.feedback.message, "Staff mode for ANNA (5 min): scan the badge again to end it")
        XCTAssertEqual(open.actor, .staff("ANNA"))
        XCTAssertEqual(session.staffID, "ANNA")
        let close = scan(badge(), at: later(20), expect: .accepted)
        XCTAssertEqual(close.feedback.message, "Staff mode off")
        XCTAssertEqual(close.actor, .host)
        XCTAssertNil(session.staffID)
    }

    func testStaffModeEndsAfterTheStaffTimeout() {
        scan(badge(), at: t0, expect: .accepted)
        XCTAssertEqual(session.tick(at: later(299)), [])
        XCTAssertEqual(session.actor, .staff("ANNA"))
        XCTAssertEqual(session.tick(at: later(300)), [Feedback(.prompt, "Staff mode ended")])
        XCTAssertEqual(session.actor, .host)
    }

    func testScanAfterTheStaffTimeoutIsAHostScan() {
        scan(badge(), at: t0, expect: .accepted)
        let step = scan(command(.refresh), at: later(301), expect: .refused)
        XCTAssertEqual(step.actor, .host)
        XCTAssertFalse(step.forceFullRefresh)
    }

    func testStaffModeLastsUntilAPairStartedInItEnds() {
        placeTalkAtFridayTen()
        scan(badge(), at: later(10), expect: .accepted)
        scan(card(other), at: later(300), expect: .prompt)
        let step = scan(slot(fridayTen), at: later(320), expect: .accepted)
        XCTAssertEqual(step.mutation, .placeOver(other.id, fridayTen))
        XCTAssertEqual(session.tick(at: later(330)), [Feedback(.prompt, "Staff mode ended")])
    }

    func testAnotherStaffBadgeHandsStaffModeOver() {
        scan(badge("ANNA"), at: t0, expect: .accepted)
        let step = scan(badge("BEN"), at: later(5), expect: .accepted)
        XCTAssertEqual(step.actor, .staff("BEN"))
        XCTAssertEqual(session.staffID, "BEN")
    }

    func testBadgeScanEndsAHalfDonePair() {
        scan(card(talk), at: t0, expect: .prompt)
        scan(badge(), at: later(2), expect: .accepted)
        XCTAssertEqual(session.pending, .nothing)
    }

    func testForgedBadgeIsRefusedAndStaffModeStaysOff() {
        let step = scan(badge(by: BadgeIssuer()), at: t0, expect: .refused)
        XCTAssertEqual(step.feedback.message, ScanRefusal.forgedBadge.description)
        XCTAssertNil(session.staffID)
    }

    func testBoardWithoutABadgeKeyRefusesEveryBadge() {
        session = ScanSession(layout: Fixture.layout, codes: codes, badges: nil)
        scan(badge(), at: t0, expect: .refused)
        XCTAssertNil(session.staffID)
    }

    func testBadgeIsValidThroughItsLastConferenceDayInTheEventsTimeZone() {
        scan(badge(through: Self.friday), at: Fixture.pdt(day: 1, 23, 59), expect: .accepted)
        scan(badge("BEN", through: Self.friday), at: Fixture.pdt(day: 2, 0, 1), expect: .refused)
        XCTAssertEqual(session.staffID, "ANNA")
    }

    func testExpiredBadgeIsRefusedWithItsLastDay() {
        let step = scan(badge(through: Self.friday), at: Fixture.pdt(day: 2, 10), expect: .refused)
        XCTAssertEqual(step.feedback.message, ScanRefusal.expiredBadge("2027-05-14").description)
        XCTAssertNil(session.staffID)
    }

    func testStaffCardThenTakenSlotPlacesOverAndParksTheOccupant() {
        placeTalkAtFridayTen()
        scan(badge(), at: later(10), expect: .accepted)
        scan(card(other), at: later(12), expect: .prompt)
        let step = scan(slot(fridayTen), at: later(14), expect: .accepted)
        XCTAssertEqual(step.mutation, .placeOver(other.id, fridayTen))
        XCTAssertEqual(step.actor, .staff("ANNA"))
        XCTAssertEqual(
            step.feedback.message,
            "Placed \"Property-based testing\" in Room 101, Fri 10:00; \"Swift on the Raspberry Pi\" is parked and needs a slot"
        )
        XCTAssertEqual(grid.parked, [talk.id])
        XCTAssertEqual(grid.cards[talk.id], talk)
        XCTAssertEqual(grid.occupants[fridayTen], other.id)
    }

    func testStaffTakenSlotThenCardPlacesOver() {
        placeTalkAtFridayTen()
        scan(badge(), at: later(10), expect: .accepted)
        let first = scan(slot(fridayTen), at: later(12), expect: .prompt)
        XCTAssertEqual(
            first.feedback.message,
            "\"Swift on the Raspberry Pi\" is here: scan a card to put over it (it will be parked)")
        XCTAssertEqual(scan(card(other), at: later(14), expect: .accepted).mutation, .placeOver(other.id, fridayTen))
        XCTAssertEqual(grid.parked, [talk.id])
    }

    func testStaffCanPlaceIntoAFrozenSlot() {
        let frozen = Fixture.pdt(day: 1, 9, 55)
        scan(badge(), at: frozen, expect: .accepted)
        scan(card(talk), at: frozen.addingTimeInterval(1), expect: .prompt)
        XCTAssertEqual(
            scan(slot(fridayTen), at: frozen.addingTimeInterval(2), expect: .accepted).mutation,
            .place(talk.id, fridayTen))
    }

    func testStaffBlocksAndUnblocksASlotWithCommandLabels() {
        scan(badge(), at: t0, expect: .accepted)
        let ask = scan(command(.block), at: later(2), expect: .prompt)
        XCTAssertEqual(ask.feedback.message, "Scan the slot to block")
        XCTAssertEqual(session.pending, .staffCommand(.block))
        let block = scan(slot(fridayEleven), at: later(4), expect: .accepted)
        XCTAssertEqual(block.mutation, .block(fridayEleven, reason: ""))
        XCTAssertEqual(block.feedback.message, "Blocked Room 101, Fri 11:00")
        XCTAssertEqual(grid.staffBlocks, [fridayEleven: "Closed by staff"])

        XCTAssertEqual(
            scan(command(.unblock), at: later(6), expect: .prompt).feedback.message, "Scan the slot to unblock")
        let unblock = scan(slot(fridayEleven), at: later(8), expect: .accepted)
        XCTAssertEqual(unblock.mutation, .unblock(fridayEleven))
        XCTAssertEqual(unblock.feedback.message, "Unblocked Room 101, Fri 11:00")
        XCTAssertEqual(grid.staffBlocks, [:])
    }

    func testStaffBlockOfASlotWithACardIsRefused() {
        placeTalkAtFridayTen()
        scan(badge(), at: later(10), expect: .accepted)
        scan(command(.block), at: later(12), expect: .prompt)
        let step = scan(slot(fridayTen), at: later(14), expect: .refused)
        XCTAssertEqual(step.feedback.message, Refusal.cellHasCard(fridayTen).description)
    }

    func testBlockAndUnblockLabelsAreRefusedForHosts() {
        XCTAssertEqual(
            scan(command(.block), at: t0, expect: .refused).feedback.message,
            Refusal.staffOnly("block a slot").description)
        XCTAssertEqual(
            scan(command(.unblock), at: t0, expect: .refused).feedback.message,
            Refusal.staffOnly("unblock a slot").description)
        XCTAssertEqual(session.pending, .nothing)
    }

    func testRefreshIsStaffOnlyAndForcesAFullRefresh() {
        let host = scan(command(.refresh), at: t0, expect: .refused)
        XCTAssertFalse(host.forceFullRefresh)
        XCTAssertEqual(host.feedback.message, Refusal.staffOnly("force a full refresh").description)
        scan(badge(), at: later(2), expect: .accepted)
        let staff = scan(command(.refresh), at: later(4), expect: .accepted)
        XCTAssertTrue(staff.forceFullRefresh)
        XCTAssertNil(staff.mutation)
        XCTAssertEqual(staff.feedback.message, "Full refresh")
    }

    // MARK: A morning at the board

    func testAMorningOfScansGivesTheExpectedTonesAndMutations() {
        let script: [(String, TimeInterval, Feedback.Tone, Mutation?)] = [
            (card(talk), 0, .prompt, nil),
            ("garbage", 2, .refused, nil),
            (slot(fridayTen), 4, .accepted, .place(talk.id, fridayTen)),
            (slot(fridayTen), 10, .refused, nil),
            (slot(fridayEleven), 20, .prompt, nil),
            (card(other), 22, .accepted, .place(other.id, fridayEleven)),
            (card(talk), 40, .prompt, nil),
            (slot(Fixture.cell(2, "R102", 13)), 45, .accepted, .move(talk.id, to: Fixture.cell(2, "R102", 13))),
            (command(.remove), 60, .prompt, nil),
            (card(other), 62, .accepted, .remove(other.id)),
            (command(.refresh), 70, .refused, nil),
            (badge(), 80, .accepted, nil),
            (command(.refresh), 82, .accepted, nil),
            (badge(), 90, .accepted, nil),
        ]
        for (index, (text, seconds, tone, mutation)) in script.enumerated() {
            let step = scan(text, at: later(seconds), expect: tone)
            XCTAssertEqual(step.mutation, mutation, "step \(index + 1)")
        }
        XCTAssertEqual(grid.placements, [talk.id: Fixture.cell(2, "R102", 13)])
        XCTAssertNil(session.staffID)
    }
}
