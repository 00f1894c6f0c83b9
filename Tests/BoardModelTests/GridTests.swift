import XCTest

@testable import BoardModel

final class GridTests: XCTestCase {
    let talk = Fixture.talk.id
    let other = Fixture.other.id
    let third = Fixture.third.id
    let fridayTen = Fixture.fridayTen
    let fridayEleven = Fixture.cell(1, "R101", 11)
    /// Blocked by the layout: R201 on Friday 13:00-15:00, "Sponsor workshop".
    let sponsorBlocked = Fixture.cell(1, "R201", 13)

    func context(_ now: Date = Fixture.early, _ actor: Actor = .host) -> Grid.Context { Fixture.context(now, actor) }

    /// Applies a mutation that the test expects to be accepted.
    @discardableResult
    func accept(
        _ mutation: Mutation, on grid: inout Grid, _ context: Grid.Context? = nil, file: StaticString = #filePath,
        line: UInt = #line
    ) -> [Grid.Change] {
        do {
            return try grid.apply(mutation, in: context ?? self.context())
        } catch {
            XCTFail("refused \(mutation): \(error)", file: file, line: line)
            return []
        }
    }

    /// Checks that the grid refuses a host's mutation early on Friday with exactly this reason.
    func assertRefused(
        _ mutation: Mutation, on grid: Grid, _ expected: Refusal, file: StaticString = #filePath, line: UInt = #line
    ) {
        assertRefused(mutation, on: grid, context(), expected, file: file, line: line)
    }

    /// Checks that the grid refuses a mutation with exactly this reason and is left as it was.
    func assertRefused(
        _ mutation: Mutation, on grid: Grid, _ context: Grid.Context, _ expected: Refusal,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var copy = grid
        do {
            let changes = try copy.apply(mutation, in: context)
            XCTFail("accepted \(mutation) with \(changes)", file: file, line: line)
        } catch {
            XCTAssertEqual(error, expected, file: file, line: line)
        }
        XCTAssertEqual(copy, grid, "a refusal must change nothing", file: file, line: line)
    }

    func placed(_ placements: [(CardID, CellRef)]) -> Grid {
        var grid = Fixture.grid()
        for (id, cell) in placements { accept(.place(id, cell), on: &grid, context(Fixture.early, Fixture.staff)) }
        return grid
    }

    // MARK: Registering cards

    func testRegisteringACardMakesItKnownAndUnplaced() {
        var grid = Grid()
        XCTAssertEqual(accept(.registerCard(Fixture.talk), on: &grid), [.cardAdded(Fixture.talk)])
        XCTAssertEqual(grid.cards[talk], Fixture.talk)
        XCTAssertNil(grid.placements[talk])
        XCTAssertEqual(grid.parked, [])
    }

    func testRegisteringACardTwiceIsRefused() {
        let grid = Fixture.grid()
        assertRefused(.registerCard(Card(id: talk, title: "Another title")), on: grid, .cardAlreadyKnown(talk))
    }

    // MARK: Place

    func testPlaceIntoAFreeCellRecordsPlacementAndOccupant() {
        var grid = Fixture.grid()
        XCTAssertEqual(accept(.place(talk, fridayTen), on: &grid), [.placed(talk, fridayTen)])
        XCTAssertEqual(grid.placements, [talk: fridayTen])
        XCTAssertEqual(grid.occupants, [fridayTen: talk])
        XCTAssertEqual(grid.card(at: fridayTen), Fixture.talk)
        XCTAssertNil(grid.card(at: fridayEleven))
    }

    func testSecondCardForTakenSlotIsRefusedWithTheFirstCardsTitle() {
        let grid = placed([(talk, fridayTen)])
        assertRefused(.place(other, fridayTen), on: grid, .cellTaken(fridayTen, by: "Swift on the Raspberry Pi"))
        assertRefused(
            .place(other, fridayTen), on: grid, context(Fixture.early, Fixture.staff),
            .cellTaken(fridayTen, by: "Swift on the Raspberry Pi"))
        XCTAssertTrue(
            Refusal.cellTaken(fridayTen, by: "Swift on the Raspberry Pi").description.contains(
                "\"Swift on the Raspberry Pi\""))
    }

    func testTakenSlotHeldByABlankCardIsNamedByTheCardsId() {
        let grid = placed([(Fixture.blank.id, fridayTen)])
        assertRefused(.place(talk, fridayTen), on: grid, .cellTaken(fridayTen, by: "Card \(Fixture.blank.id.text)"))
    }

    func testPlacingAPlacedCardIsRefusedNamingWhereItIs() {
        let grid = placed([(talk, fridayTen)])
        assertRefused(.place(talk, fridayEleven), on: grid, .cardAlreadyPlaced(talk, at: fridayTen))
        XCTAssertTrue(Refusal.cardAlreadyPlaced(talk, at: fridayTen).description.contains(fridayTen.code))
    }

    func testCellBlockedByTheLayoutRefusesHostsAndStaffWithTheReason() {
        let grid = Fixture.grid()
        assertRefused(.place(talk, sponsorBlocked), on: grid, .cellBlocked(sponsorBlocked, reason: "Sponsor workshop"))
        assertRefused(
            .place(talk, sponsorBlocked), on: grid, context(Fixture.early, Fixture.staff),
            .cellBlocked(sponsorBlocked, reason: "Sponsor workshop"))
        XCTAssertTrue(
            Refusal.cellBlocked(sponsorBlocked, reason: "Sponsor workshop").description.contains("Sponsor workshop"))
    }

    func testCellBlockedByStaffRefusesPlacement() {
        var grid = Fixture.grid()
        accept(.block(fridayEleven, reason: "Room flooded"), on: &grid, context(Fixture.early, Fixture.staff))
        assertRefused(.place(talk, fridayEleven), on: grid, .cellBlocked(fridayEleven, reason: "Room flooded"))
        XCTAssertEqual(grid.blockReason(fridayEleven, layout: Fixture.layout), "Room flooded")
    }

    func testCellWhoseSessionIsOverRefusesHostsAndStaff() {
        let grid = Fixture.grid()
        let afterTen = Fixture.pdt(day: 1, 11)
        assertRefused(.place(talk, fridayTen), on: grid, context(afterTen), .cellPast(fridayTen))
        assertRefused(.place(talk, fridayTen), on: grid, context(afterTen, Fixture.staff), .cellPast(fridayTen))
        assertRefused(.place(talk, fridayTen), on: grid, context(Fixture.pdt(day: 2, 9)), .cellPast(fridayTen))
    }

    func testCellIsFrozenForHostsFromFreezeMinutesBeforeItsStart() {
        let grid = Fixture.grid()
        var justBefore = grid
        accept(.place(talk, fridayTen), on: &justBefore, context(Fixture.pdt(day: 1, 9, 49, second: 59)))
        assertRefused(
            .place(talk, fridayTen), on: grid, context(Fixture.pdt(day: 1, 9, 50)),
            .cellFrozen(fridayTen, minutesToStart: 10))
        assertRefused(
            .place(talk, fridayTen), on: grid, context(Fixture.pdt(day: 1, 9, 53)),
            .cellFrozen(fridayTen, minutesToStart: 7))
        assertRefused(
            .place(talk, fridayTen), on: grid, context(Fixture.pdt(day: 1, 9, 57, second: 30)),
            .cellFrozen(fridayTen, minutesToStart: 3))
        XCTAssertEqual(
            Refusal.cellFrozen(fridayTen, minutesToStart: 7).description,
            "That slot starts in 7 min and is frozen: ask staff to change it")
    }

    func testRunningCellIsFrozenForHostsAsStarted() {
        let grid = Fixture.grid()
        assertRefused(
            .place(talk, fridayTen), on: grid, context(Fixture.pdt(day: 1, 10)),
            .cellFrozen(fridayTen, minutesToStart: 0))
        assertRefused(
            .place(talk, fridayTen), on: grid, context(Fixture.pdt(day: 1, 10, 30)),
            .cellFrozen(fridayTen, minutesToStart: 0))
        XCTAssertTrue(Refusal.cellFrozen(fridayTen, minutesToStart: 0).description.contains("has started"))
    }

    func testStaffCanPlaceIntoFrozenAndRunningCells() {
        for now in [Fixture.pdt(day: 1, 9, 55), Fixture.pdt(day: 1, 10, 59)] {
            var grid = Fixture.grid()
            XCTAssertEqual(
                accept(.place(talk, fridayTen), on: &grid, context(now, Fixture.staff)), [.placed(talk, fridayTen)])
        }
    }

    func testWithNoFreezeHostsCanPlaceUntilTheStart() throws {
        var layout = Fixture.layout
        layout.freezeMinutes = 0
        var grid = Fixture.grid()
        try grid.apply(
            .place(talk, fridayTen),
            in: .init(layout: layout, now: Fixture.pdt(day: 1, 9, 59, second: 59), actor: .host))
        XCTAssertThrowsError(
            try grid.apply(
                .place(other, fridayEleven), in: .init(layout: layout, now: Fixture.pdt(day: 1, 11), actor: .host)))
    }

    // MARK: Move

    func testMoveTakesTheCardOutOfItsCellIntoTheNewOne() {
        var grid = placed([(talk, fridayTen)])
        XCTAssertEqual(
            accept(.move(talk, to: fridayEleven), on: &grid), [.unplaced(talk), .placed(talk, fridayEleven)])
        XCTAssertEqual(grid.placements, [talk: fridayEleven])
        XCTAssertEqual(grid.occupants, [fridayEleven: talk])
    }

    func testMoveOfACardThatIsNotPlacedIsRefused() {
        assertRefused(.move(talk, to: fridayEleven), on: Fixture.grid(), .cardNotPlaced(talk))
    }

    func testMoveIntoItsOwnCellIsRefused() {
        assertRefused(.move(talk, to: fridayTen), on: placed([(talk, fridayTen)]), .sameCell(fridayTen))
    }

    func testMoveIntoATakenCellIsRefused() {
        let grid = placed([(talk, fridayTen), (other, fridayEleven)])
        assertRefused(.move(talk, to: fridayEleven), on: grid, .cellTaken(fridayEleven, by: Fixture.other.title))
    }

    func testMoveIntoABlockedCellIsRefused() {
        let grid = placed([(talk, fridayTen)])
        assertRefused(
            .move(talk, to: sponsorBlocked), on: grid, .cellBlocked(sponsorBlocked, reason: "Sponsor workshop"))
    }

    func testMoveOutOfAFrozenCellIsRefusedForHostsButAllowedForStaff() {
        let grid = placed([(talk, fridayTen)])
        let frozen = Fixture.pdt(day: 1, 9, 55)
        assertRefused(
            .move(talk, to: fridayEleven), on: grid, context(frozen), .cellFrozen(fridayTen, minutesToStart: 5))
        var staffGrid = grid
        accept(.move(talk, to: fridayEleven), on: &staffGrid, context(frozen, Fixture.staff))
        XCTAssertEqual(staffGrid.placements[talk], fridayEleven)
    }

    func testMoveOutOfACellWhoseSessionIsOverIsRefusedEvenForStaff() {
        let grid = placed([(talk, fridayTen)])
        let later = Fixture.pdt(day: 1, 11, 30)
        let saturday = Fixture.cell(2, "R101", 10)
        assertRefused(.move(talk, to: saturday), on: grid, context(later), .sessionOver(fridayTen))
        assertRefused(.move(talk, to: saturday), on: grid, context(later, Fixture.staff), .sessionOver(fridayTen))
    }

    // MARK: Remove

    func testRemovingAPlacedCardFreesItsCellAndKeepsTheCardRegistered() {
        var grid = placed([(talk, fridayTen)])
        XCTAssertEqual(accept(.remove(talk), on: &grid), [.unplaced(talk)])
        XCTAssertEqual(grid.cards[talk], Fixture.talk, "the printed card can be placed again later")
        XCTAssertNil(grid.placements[talk])
        XCTAssertNil(grid.occupants[fridayTen])
        accept(.place(talk, fridayEleven), on: &grid)
        XCTAssertEqual(grid.placements[talk], fridayEleven)
    }

    func testRemovingACardThatIsNotOnTheBoardIsRefused() {
        assertRefused(.remove(talk), on: Fixture.grid(), .cardNotPlaced(talk))
    }

    func testRemovingAParkedCardTakesItOutOfTheParkedLane() {
        var grid = placed([(talk, fridayTen)])
        accept(.placeOver(other, fridayTen), on: &grid, context(Fixture.early, Fixture.staff))
        XCTAssertEqual(grid.parked, [talk])
        XCTAssertEqual(accept(.remove(talk), on: &grid), [.unparked(talk)])
        XCTAssertEqual(grid.parked, [])
        XCTAssertNotNil(grid.cards[talk])
        XCTAssertEqual(grid.placements, [other: fridayTen])
    }

    func testRemovingFromAFrozenCellIsRefusedForHostsButAllowedForStaff() {
        let grid = placed([(talk, fridayTen)])
        let frozen = Fixture.pdt(day: 1, 10, 15)
        assertRefused(.remove(talk), on: grid, context(frozen), .cellFrozen(fridayTen, minutesToStart: 0))
        var staffGrid = grid
        accept(.remove(talk), on: &staffGrid, context(frozen, Fixture.staff))
        XCTAssertNil(staffGrid.placements[talk])
    }

    func testRemovingFromACellWhoseSessionIsOverIsRefused() {
        let grid = placed([(talk, fridayTen)])
        assertRefused(.remove(talk), on: grid, context(Fixture.pdt(day: 1, 12), Fixture.staff), .sessionOver(fridayTen))
    }

    // MARK: Place over (staff)

    func testPlaceOverIsStaffOnly() {
        let grid = placed([(talk, fridayTen)])
        assertRefused(.placeOver(other, fridayTen), on: grid, .staffOnly("place a card over another"))
        XCTAssertTrue(Refusal.staffOnly("place a card over another").description.contains("staff badge"))
    }

    func testStaffPlaceOverParksTheOtherCardNotDropsIt() {
        var grid = placed([(talk, fridayTen)])
        let changes = accept(.placeOver(other, fridayTen), on: &grid, context(Fixture.early, Fixture.staff))
        XCTAssertEqual(changes, [.unplaced(talk), .parked(talk), .placed(other, fridayTen)])
        XCTAssertEqual(grid.cards[talk], Fixture.talk)
        XCTAssertEqual(grid.parked, [talk])
        XCTAssertNil(grid.placements[talk])
        XCTAssertEqual(grid.occupants, [fridayTen: other])
    }

    func testStaffParkSendsAPlacedCardToTheLaneAndOnlyStaffMay() {
        var grid = placed([(talk, fridayTen)])
        assertRefused(.park(talk), on: grid, .staffOnly("park a card"))
        XCTAssertEqual(
            accept(.park(talk), on: &grid, context(Fixture.early, Fixture.staff)), [.unplaced(talk), .parked(talk)])
        XCTAssertEqual(grid.parked, [talk])
        XCTAssertNil(grid.occupants[fridayTen])
        assertRefused(.park(talk), on: grid, context(Fixture.early, Fixture.staff), .cardNotPlaced(talk))
        // A parked card is placed again like any other.
        accept(.place(talk, fridayTen), on: &grid, context(Fixture.early, Fixture.staff))
        XCTAssertEqual(grid.parked, [])
    }

    func testStaffPlaceOverWorksInAFrozenCell() {
        var grid = placed([(talk, fridayTen)])
        accept(.placeOver(other, fridayTen), on: &grid, context(Fixture.pdt(day: 1, 10, 5), Fixture.staff))
        XCTAssertEqual(grid.occupants[fridayTen], other)
        XCTAssertEqual(grid.parked, [talk])
    }

    func testPlaceOverAFreeCellSimplyPlaces() {
        var grid = Fixture.grid()
        XCTAssertEqual(
            accept(.placeOver(talk, fridayTen), on: &grid, context(Fixture.early, Fixture.staff)),
            [.placed(talk, fridayTen)])
        XCTAssertEqual(grid.parked, [])
    }

    func testPlaceOverMovesAPlacedCardAndFreesItsOldCell() {
        var grid = placed([(talk, fridayTen), (other, fridayEleven)])
        let changes = accept(.placeOver(talk, fridayEleven), on: &grid, context(Fixture.early, Fixture.staff))
        XCTAssertEqual(changes, [.unplaced(talk), .unplaced(other), .parked(other), .placed(talk, fridayEleven)])
        XCTAssertEqual(grid.occupants, [fridayEleven: talk])
        XCTAssertEqual(grid.parked, [other])
    }

    func testPlaceOverIntoTheCardsOwnCellIsRefused() {
        let grid = placed([(talk, fridayTen)])
        assertRefused(
            .placeOver(talk, fridayTen), on: grid, context(Fixture.early, Fixture.staff), .sameCell(fridayTen))
    }

    func testPlaceOverABlockedOrPastCellIsRefusedEvenForStaff() {
        let grid = placed([(talk, fridayTen)])
        assertRefused(
            .placeOver(other, sponsorBlocked), on: grid, context(Fixture.early, Fixture.staff),
            .cellBlocked(sponsorBlocked, reason: "Sponsor workshop"))
        assertRefused(
            .placeOver(other, fridayTen), on: grid, context(Fixture.pdt(day: 1, 11), Fixture.staff),
            .cellPast(fridayTen))
    }

    func testParkedCardsWaitInTheOrderTheyWereParked() {
        var grid = placed([(talk, fridayTen), (other, fridayEleven)])
        let staff = context(Fixture.early, Fixture.staff)
        accept(.placeOver(third, fridayEleven), on: &grid, staff)
        accept(.placeOver(Fixture.blank.id, fridayTen), on: &grid, staff)
        XCTAssertEqual(grid.parked, [other, talk])
    }

    func testParkedCardCanBePlacedAgainAndLeavesTheParkedLane() {
        var grid = placed([(talk, fridayTen)])
        accept(.placeOver(other, fridayTen), on: &grid, context(Fixture.early, Fixture.staff))
        XCTAssertEqual(accept(.place(talk, fridayEleven), on: &grid), [.unparked(talk), .placed(talk, fridayEleven)])
        XCTAssertEqual(grid.parked, [])
        XCTAssertEqual(grid.placements, [talk: fridayEleven, other: fridayTen])
    }

    func testParkedCardPlacedOverAnotherLeavesTheParkedLaneAndParksTheOther() {
        var grid = placed([(talk, fridayTen), (third, fridayEleven)])
        let staff = context(Fixture.early, Fixture.staff)
        accept(.placeOver(other, fridayTen), on: &grid, staff)
        XCTAssertEqual(
            accept(.placeOver(talk, fridayEleven), on: &grid, staff),
            [.unparked(talk), .unplaced(third), .parked(third), .placed(talk, fridayEleven)])
        XCTAssertEqual(grid.parked, [third])
    }

    // MARK: Block and unblock (staff)

    func testStaffBlockClosesAFreeCellWithTheReason() {
        var grid = Fixture.grid()
        XCTAssertEqual(
            accept(.block(fridayEleven, reason: "Room flooded"), on: &grid, context(Fixture.early, Fixture.staff)),
            [.blocked(fridayEleven, reason: "Room flooded")])
        XCTAssertEqual(grid.staffBlocks, [fridayEleven: "Room flooded"])
    }

    func testStaffBlockWithoutAReasonSaysClosedByStaff() {
        var grid = Fixture.grid()
        accept(.block(fridayEleven, reason: ""), on: &grid, context(Fixture.early, Fixture.staff))
        XCTAssertEqual(grid.staffBlocks[fridayEleven], "Closed by staff")
    }

    func testBlockAndUnblockAreStaffOnly() {
        var grid = Fixture.grid()
        assertRefused(.block(fridayEleven, reason: "x"), on: grid, .staffOnly("block a slot"))
        accept(.block(fridayEleven, reason: "x"), on: &grid, context(Fixture.early, Fixture.staff))
        assertRefused(.unblock(fridayEleven), on: grid, .staffOnly("unblock a slot"))
    }

    func testBlockRefusesACellWithACard() {
        let grid = placed([(talk, fridayTen)])
        assertRefused(
            .block(fridayTen, reason: "x"), on: grid, context(Fixture.early, Fixture.staff), .cellHasCard(fridayTen))
    }

    func testBlockRefusesACellThatIsAlreadyBlocked() {
        var grid = Fixture.grid()
        let staff = context(Fixture.early, Fixture.staff)
        assertRefused(
            .block(sponsorBlocked, reason: "x"), on: grid, staff,
            .cellBlocked(sponsorBlocked, reason: "Sponsor workshop"))
        accept(.block(fridayEleven, reason: "Room flooded"), on: &grid, staff)
        assertRefused(
            .block(fridayEleven, reason: "again"), on: grid, staff, .cellBlocked(fridayEleven, reason: "Room flooded"))
    }

    func testUnblockReopensACellStaffBlocked() {
        var grid = Fixture.grid()
        let staff = context(Fixture.early, Fixture.staff)
        accept(.block(fridayEleven, reason: "Room flooded"), on: &grid, staff)
        XCTAssertEqual(accept(.unblock(fridayEleven), on: &grid, staff), [.unblocked(fridayEleven)])
        XCTAssertEqual(grid.staffBlocks, [:])
        accept(.place(talk, fridayEleven), on: &grid)
    }

    func testUnblockOnlyLiftsStaffBlocksNotTheOrganisers() {
        let grid = Fixture.grid()
        let staff = context(Fixture.early, Fixture.staff)
        assertRefused(.unblock(sponsorBlocked), on: grid, staff, .cellNotBlockedByStaff(sponsorBlocked))
        assertRefused(.unblock(fridayEleven), on: grid, staff, .cellNotBlockedByStaff(fridayEleven))
    }

    // MARK: Unknown cards and cells

    func testUnknownCardIsRefusedForEveryCardMutation() {
        let grid = placed([(talk, fridayTen)])
        let stranger = Fixture.stranger
        let staff = context(Fixture.early, Fixture.staff)
        assertRefused(.place(stranger, fridayEleven), on: grid, .unknownCard(stranger))
        assertRefused(.move(stranger, to: fridayEleven), on: grid, .unknownCard(stranger))
        assertRefused(.remove(stranger), on: grid, .unknownCard(stranger))
        assertRefused(.placeOver(stranger, fridayTen), on: grid, staff, .unknownCard(stranger))
    }

    func testCellNotInTheLayoutIsRefused() {
        let grid = Fixture.grid()
        let staff = context(Fixture.early, Fixture.staff)
        for cell in [
            Fixture.cell(1, "R999", 10), Fixture.cell(1, "R101", 10, 30), Fixture.cell(1, "R101", 12),
            Fixture.cell(3, "R101", 10),
        ] {
            assertRefused(.place(talk, cell), on: grid, .unknownCell(cell))
            assertRefused(.placeOver(talk, cell), on: grid, staff, .unknownCell(cell))
            assertRefused(.block(cell, reason: ""), on: grid, staff, .unknownCell(cell))
            assertRefused(.unblock(cell), on: grid, staff, .unknownCell(cell))
        }
        var placedGrid = placed([(talk, fridayTen)])
        assertRefused(
            .move(talk, to: Fixture.cell(1, "R999", 10)), on: placedGrid, .unknownCell(Fixture.cell(1, "R999", 10)))
        accept(.move(talk, to: fridayEleven), on: &placedGrid)
    }

    // MARK: Plan, record, opening problems

    func testPlanReportsTheChangesWithoutMakingThem() throws {
        let grid = Fixture.grid()
        XCTAssertEqual(try grid.plan(.place(talk, fridayTen), in: context()), [.placed(talk, fridayTen)])
        XCTAssertEqual(grid, Fixture.grid())
    }

    func testRecordingTheAppliedChangesRebuildsTheSameGrid() {
        var grid = Grid()
        var journal: [Grid.Change] = []
        let staff = context(Fixture.early, Fixture.staff)
        let steps: [(Mutation, Grid.Context)] = [
            (.registerCard(Fixture.talk), context()), (.registerCard(Fixture.other), context()),
            (.registerCard(Fixture.third), context()), (.place(talk, fridayTen), context()),
            (.place(third, fridayEleven), context()), (.placeOver(other, fridayTen), staff),
            (.block(Fixture.cell(2, "R102", 13), reason: "AV repair"), staff),
            (.move(third, to: Fixture.cell(2, "R101", 10)), context()),
            (.remove(other), context()),
        ]
        for (mutation, context) in steps { journal += accept(mutation, on: &grid, context) }
        var replayed = Grid()
        for change in journal { replayed.record(change) }
        XCTAssertEqual(replayed, grid)
        XCTAssertEqual(grid.parked, [talk])
        XCTAssertEqual(grid.placements, [third: Fixture.cell(2, "R101", 10)])
        XCTAssertEqual(Set(grid.cards.keys), [talk, other, third], "a removed card stays registered")
    }

    func testOpeningProblemIgnoresTheOccupantButNotBlocksOrTime() {
        let grid = placed([(talk, fridayTen)])
        XCTAssertNil(grid.openingProblem(fridayTen, in: context()))
        XCTAssertEqual(
            grid.openingProblem(sponsorBlocked, in: context()), .cellBlocked(sponsorBlocked, reason: "Sponsor workshop")
        )
        XCTAssertEqual(
            grid.openingProblem(fridayTen, in: context(Fixture.pdt(day: 1, 9, 55))),
            .cellFrozen(fridayTen, minutesToStart: 5))
        XCTAssertNil(grid.openingProblem(fridayTen, in: context(Fixture.pdt(day: 1, 9, 55), Fixture.staff)))
    }

    func testMutationsAndChangesSurviveCoding() throws {
        let mutations: [Mutation] = [
            .registerCard(Fixture.talk), .place(talk, fridayTen), .move(talk, to: fridayEleven), .remove(talk),
            .placeOver(other, fridayTen), .block(fridayTen, reason: "x"), .unblock(fridayTen),
            .editCard(Fixture.talk),
        ]
        let data = try JSONEncoder().encode(mutations)
        XCTAssertEqual(try JSONDecoder().decode([Mutation].self, from: data), mutations)
    }

    // MARK: Refusal messages

    func testEveryRefusalSaysWhatHappenedAndWhatToDo() {
        let examples: [Refusal] = [
            .unknownCell(fridayTen), .unknownCard(talk), .cardAlreadyKnown(talk), .cellTaken(fridayTen, by: "Title"),
            .cellBlocked(fridayTen, reason: "Reason"), .cellPast(fridayTen), .sessionOver(fridayTen),
            .cellFrozen(fridayTen, minutesToStart: 5),
            .cellFrozen(fridayTen, minutesToStart: 0), .cardAlreadyPlaced(talk, at: fridayTen), .cardNotPlaced(talk),
            .sameCell(fridayTen), .staffOnly("block a slot"), .cellNotBlockedByStaff(fridayTen),
            .cellHasCard(fridayTen), .cardAlreadyFilledIn(talk), .emptyTitle,
        ]
        var kinds: Set<String> = []
        for refusal in examples {
            // The switch is exhaustive, so a new kind of refusal does not compile until it is listed here.
            switch refusal {
            case .unknownCell: kinds.insert("unknownCell")
            case .unknownCard: kinds.insert("unknownCard")
            case .cardAlreadyKnown: kinds.insert("cardAlreadyKnown")
            case .cellTaken: kinds.insert("cellTaken")
            case .cellBlocked: kinds.insert("cellBlocked")
            case .cellPast: kinds.insert("cellPast")
            case .sessionOver: kinds.insert("sessionOver")
            case .cellFrozen: kinds.insert("cellFrozen")
            case .cardAlreadyPlaced: kinds.insert("cardAlreadyPlaced")
            case .cardNotPlaced: kinds.insert("cardNotPlaced")
            case .sameCell: kinds.insert("sameCell")
            case .staffOnly: kinds.insert("staffOnly")
            case .cellNotBlockedByStaff: kinds.insert("cellNotBlockedByStaff")
            case .cellHasCard: kinds.insert("cellHasCard")
            case .cardAlreadyFilledIn: kinds.insert("cardAlreadyFilledIn")
            case .emptyTitle: kinds.insert("emptyTitle")
            }
            let text = refusal.description
            XCTAssertGreaterThan(text.count, 20, text)
            XCTAssertEqual(text.first.map { $0.isUppercase }, true, text)
        }
        XCTAssertEqual(kinds.count, 16)
        XCTAssertEqual(Set(examples.map(\.description)).count, examples.count, "each refusal reads differently")
    }
}
