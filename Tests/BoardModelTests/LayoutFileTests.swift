import XCTest

@testable import BoardModel

final class LayoutFileTests: XCTestCase {
    /// A valid layout, one line per entry, so that a test can break one line and expect its number.
    static let lines = [
        "event: Test Open Spaces",  // 1
        "timezone: America/Los_Angeles",  // 2
        "freeze_minutes: 10",  // 3
        "rooms:",  // 4
        "  - { code: R101, name: Room 101, capacity: 30 }",  // 5
        "  - { code: R102, name: Room 102 }",  // 6
        "days:",  // 7
        "  - date: \"2027-05-14\"",  // 8
        "    label: Fri",  // 9
        "    slots: [\"10:00-11:00\", \"11:00-12:00\"]",  // 10
        "  - date: \"2027-05-15\"",  // 11
        "    slots: [\"10:00-11:00\", \"11:00-12:00\"]",  // 12
        "blocked:",  // 13
        "  - { room: R101, date: \"2027-05-14\", from: \"10:00\", to: \"11:00\", reason: Setup }",  // 14
    ]

    static func yaml(replacing line: Int? = nil, with text: String = "") -> String {
        var lines = Self.lines
        if let line { lines[line - 1] = text }
        return lines.joined(separator: "\n") + "\n"
    }

    static func yaml(removing line: Int) -> String {
        var lines = Self.lines
        lines.remove(at: line - 1)
        return lines.joined(separator: "\n") + "\n"
    }

    func parse(_ yaml: String) throws(LayoutError) -> ConferenceLayout {
        try ConferenceLayout.parse(yaml: yaml, file: "layout.yaml")
    }

    func assertRefused(
        _ yaml: String, line: Int, field: String, _ fragments: String..., file: StaticString = #filePath,
        lineNumber: UInt = #line
    ) {
        do {
            let layout = try parse(yaml)
            XCTFail("accepted a bad layout: \(layout)", file: file, line: lineNumber)
        } catch {
            XCTAssertEqual(error.file, "layout.yaml", file: file, line: lineNumber)
            XCTAssertEqual(error.line, line, "line of: \(error)", file: file, line: lineNumber)
            XCTAssertEqual(error.field, field, "field of: \(error)", file: file, line: lineNumber)
            for fragment in fragments {
                XCTAssertTrue(
                    error.message.contains(fragment), "'\(error.message)' should mention '\(fragment)'", file: file,
                    line: lineNumber)
            }
        }
    }

    // MARK: The example file

    func testExampleFileParsesIntoThreeDaysEightRoomsAndItsBlockedSpans() throws {
        let layout = try ConferenceLayout.load(path: Fixture.exampleLayoutPath)
        XCTAssertEqual(layout.eventName, "Example Open Spaces 2027")
        XCTAssertEqual(layout.timeZone.identifier, "America/Los_Angeles")
        XCTAssertEqual(layout.freezeMinutes, 10)
        XCTAssertEqual(
            layout.rooms.map(\.code), ["R101", "R102", "R103", "R104", "R201", "R202", "GARDEN", "HALLB"])
        XCTAssertEqual(layout.room("GARDEN"), .init(code: "GARDEN", name: "Garden Tent", capacity: 60))
        XCTAssertEqual(layout.days.map(\.number), [1, 2, 3])
        XCTAssertEqual(layout.days.map(\.date.description), ["2027-05-14", "2027-05-15", "2027-05-16"])
        XCTAssertEqual(layout.days.map(\.label), ["Fri", "Sat", "Sun"])
        XCTAssertEqual(layout.days.map(\.slots.count), [8, 8, 5])
        XCTAssertEqual(layout.days[0].slots.first, Fixture.slot(10, 11))
        XCTAssertEqual(layout.days[0].slots.last, Fixture.slot(17, 18))
        XCTAssertEqual(layout.days[2].slots.last, Fixture.slot(14, 15))
        XCTAssertEqual(
            layout.blocked,
            [
                .init(room: "R201", day: 1, from: Fixture.time(13), to: Fixture.time(15), reason: "Sponsor workshop"),
                .init(room: "GARDEN", day: 2, from: Fixture.time(12), to: Fixture.time(13), reason: "Lunch setup"),
                .init(room: "R104", day: 3, from: Fixture.time(0), to: Fixture.time(24), reason: "Room closed"),
                .init(
                    room: "HALLB", day: 1, from: Fixture.time(17), to: Fixture.time(18),
                    reason: "Lightning talks setup"),
            ])
    }

    func testExampleFileBlocksTheCellsItNames() throws {
        let layout = try ConferenceLayout.load(path: Fixture.exampleLayoutPath)
        XCTAssertEqual(layout.blockReason(for: Fixture.cell(1, "R201", 13)), "Sponsor workshop")
        XCTAssertEqual(layout.blockReason(for: Fixture.cell(1, "R201", 14)), "Sponsor workshop")
        XCTAssertNil(layout.blockReason(for: Fixture.cell(1, "R201", 15)))
        XCTAssertEqual(layout.blockReason(for: Fixture.cell(2, "GARDEN", 12)), "Lunch setup")
        for slot in layout.days[2].slots {
            XCTAssertEqual(
                layout.blockReason(for: CellRef(day: 3, room: "R104", start: slot.start)), "Room closed")
        }
        XCTAssertNil(layout.blockReason(for: Fixture.cell(2, "R104", 10)))
    }

    func testLoadingAMissingFileNamesThePathAndWhatToCheck() {
        XCTAssertThrowsError(try ConferenceLayout.load(path: "/nonexistent/conference.yaml")) { error in
            guard let error = error as? LayoutError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.file, "/nonexistent/conference.yaml")
            XCTAssertEqual(error.line, 0)
            XCTAssertTrue(error.message.contains("check the path"), error.message)
        }
    }

    // MARK: A valid file and its defaults

    func testValidFileParsesWithWeekdayLabelsWhereNoneIsGiven() throws {
        let layout = try parse(Self.yaml())
        XCTAssertEqual(layout.days.map(\.label), ["Fri", "Sat"])
        XCTAssertEqual(
            layout.rooms, [.init(code: "R101", name: "Room 101", capacity: 30), .init(code: "R102", name: "Room 102")])
        XCTAssertEqual(
            layout.blocked, [.init(room: "R101", day: 1, from: Fixture.time(10), to: Fixture.time(11), reason: "Setup")]
        )
    }

    func testFreezeMinutesDefaultsToTenAndBlockedToNone() throws {
        var lines = Self.lines
        lines.removeSubrange(12...13)
        lines.remove(at: 2)
        let layout = try parse(lines.joined(separator: "\n"))
        XCTAssertEqual(layout.freezeMinutes, 10)
        XCTAssertEqual(layout.blocked, [])
    }

    func testBlockWithoutReasonIsNotAvailableAndWithoutTimesCoversTheWholeDay() throws {
        let layout = try parse(Self.yaml(replacing: 14, with: "  - { room: R102, date: \"2027-05-15\" }"))
        XCTAssertEqual(
            layout.blocked,
            [.init(room: "R102", day: 2, from: Fixture.time(0), to: Fixture.time(24), reason: "Not available")])
        XCTAssertEqual(layout.blockReason(for: Fixture.cell(2, "R102", 10)), "Not available")
        XCTAssertEqual(layout.blockReason(for: Fixture.cell(2, "R102", 11)), "Not available")
        XCTAssertNil(layout.blockReason(for: Fixture.cell(1, "R102", 10)))
        XCTAssertNil(layout.blockReason(for: Fixture.cell(2, "R101", 10)))
    }

    func testSlotsMayEndAtMidnightAndStartWithASingleDigitHour() throws {
        let layout = try parse(Self.yaml(replacing: 12, with: "    slots: [\"9:00-10:00\", \"23:00-24:00\"]"))
        XCTAssertEqual(layout.days[1].slots, [Fixture.slot(9, 10), Fixture.slot(23, 24)])
    }

    // MARK: Unquoted YAML values

    func testUnquotedDatesAndTimesReadAsWrittenNotAsYAMLTimestampsOrSexagesimalNumbers() throws {
        let layout = try parse(
            """
            event: Unquoted
            timezone: America/Los_Angeles
            rooms:
              - { code: R101, name: Room 101 }
            days:
              - date: 2027-05-14
                slots: [10:00-11:00, 13:00-14:00]
              - date: 2027-05-15
                slots:
                  - 09:00-10:00
                  - 13:00-14:00
            blocked:
              - room: R101
                date: 2027-05-14
                from: 13:00
                to: 24:00
            """)
        XCTAssertEqual(
            layout.days.map(\.date), [.init(year: 2027, month: 5, day: 14), .init(year: 2027, month: 5, day: 15)])
        XCTAssertEqual(layout.days[0].slots, [Fixture.slot(10, 11), Fixture.slot(13, 14)])
        XCTAssertEqual(layout.days[1].slots, [Fixture.slot(9, 10), Fixture.slot(13, 14)])
        XCTAssertEqual(layout.blocked.first?.from, ClockTime(minutes: 13 * 60))
        XCTAssertEqual(layout.blocked.first?.to, ClockTime(minutes: 24 * 60))
    }

    func testUnquotedScalarsThatYAMLWouldTypeStayTextWhereTextIsExpected() throws {
        let layout = try parse(
            Self.yaml(replacing: 6, with: "  - { code: 102, name: yes }").replacingOccurrences(
                of: "label: Fri", with: "label: 2027"))
        XCTAssertEqual(layout.rooms[1], .init(code: "102", name: "yes"))
        XCTAssertEqual(layout.days[0].label, "2027")
    }

    func testNumbersWithALeadingZeroAreReadAsDecimalNotOctal() throws {
        let layout = try parse(
            Self.yaml(replacing: 3, with: "freeze_minutes: 010").replacingOccurrences(
                of: "capacity: 30", with: "capacity: 030"))
        XCTAssertEqual(layout.freezeMinutes, 10)
        XCTAssertEqual(layout.rooms[0].capacity, 30)
    }

    func testClockLikeAndHexNumbersAreRefusedWhereMinutesAreExpected() {
        assertRefused(
            Self.yaml(replacing: 3, with: "freeze_minutes: 1:30"), line: 3, field: "freeze_minutes", "whole number")
        assertRefused(
            Self.yaml(replacing: 3, with: "freeze_minutes: 0x10"), line: 3, field: "freeze_minutes", "whole number")
    }

    // MARK: Refusals

    func testYAMLSyntaxErrorIsRefusedWithItsLine() {
        assertRefused(
            Self.yaml(replacing: 6, with: "\t- { code: R102, name: Room 102 }"), line: 6, field: "", "not valid YAML")
        assertRefused(Self.yaml(replacing: 9, with: "    label: \"Fri"), line: 10, field: "", "not valid YAML")
    }

    func testDuplicatedKeyIsRefusedWithItsLine() {
        assertRefused(
            Self.yaml(replacing: 3, with: "timezone: Europe/Prague"), line: 2, field: "", "not valid YAML",
            "'timezone' is given twice")
    }

    func testUndefinedAliasIsRefusedWithItsLine() {
        assertRefused(
            Self.yaml(replacing: 9, with: "    label: *friday"), line: 9, field: "", "not valid YAML", "alias")
    }

    func testMissingTopLevelKeyIsNamed() {
        assertRefused(Self.yaml(removing: 2), line: 1, field: "", "'timezone' is missing")
    }

    func testMissingKeyInAListEntryNamesTheEntryAndItsLine() {
        assertRefused(
            Self.yaml(replacing: 6, with: "  - { code: R102 }"), line: 6, field: "rooms[2]", "'name' is missing")
        assertRefused(
            Self.yaml(replacing: 14, with: "  - { room: R101, from: \"10:00\" }"), line: 14, field: "blocked[1]",
            "'date' is missing")
    }

    func testTextWhereANumberIsExpectedIsRefused() {
        assertRefused(
            Self.yaml(replacing: 3, with: "freeze_minutes: ten"), line: 3, field: "freeze_minutes",
            "expected a whole number")
        assertRefused(
            Self.yaml(replacing: 5, with: "  - { code: R101, name: Room 101, capacity: many }"), line: 5,
            field: "rooms[1].capacity", "expected a whole number")
    }

    func testSingleValueWhereAListIsExpectedAsksForAList() {
        assertRefused(
            Self.yaml(replacing: 10, with: "    slots: \"10:00-11:00\""), line: 10, field: "days[1].slots",
            "expected a list")
        var lines = Self.lines
        lines[3] = "rooms: R101"
        lines.removeSubrange(4...5)
        assertRefused(lines.joined(separator: "\n"), line: 4, field: "rooms", "expected a list")
    }

    func testListWhereASingleValueIsExpectedAsksForASingleValue() {
        assertRefused(
            Self.yaml(replacing: 1, with: "event: [Open, Spaces]"), line: 1, field: "event", "expected a single value")
    }

    func testEntryThatIsNotAMappingAsksForKeys() {
        assertRefused(
            Self.yaml(replacing: 6, with: "  - R102"), line: 6, field: "rooms[2]", "expected a mapping of keys")
    }

    func testFileThatIsASingleValueAsksForKeys() {
        assertRefused("just some text\n", line: 1, field: "", "expected a mapping of keys")
    }

    func testMisspeltTopLevelKeyIsRefusedListingTheKnownKeys() {
        assertRefused(
            Self.yaml(replacing: 3, with: "freeze_minute: 10"), line: 3, field: "freeze_minute",
            "unknown key 'freeze_minute'", "freeze_minutes")
    }

    func testMisspeltKeyInsideAnEntryIsRefusedWithItsPath() {
        assertRefused(
            Self.yaml(replacing: 5, with: "  - { code: R101, name: Room 101, capcity: 30 }"), line: 5,
            field: "rooms[1].capcity", "unknown key 'capcity'", "capacity, code, name")
        assertRefused(
            Self.yaml(replacing: 9, with: "    lable: Fri"), line: 9, field: "days[1].lable", "unknown key", "label")
        assertRefused(
            Self.yaml(replacing: 14, with: "  - { room: R101, date: \"2027-05-14\", reasn: Setup }"), line: 14,
            field: "blocked[1].reasn", "unknown key", "reason")
    }

    func testDateThatIsNotYYYYMMDDOrDoesNotExistIsRefused() {
        for date in ["2027-02-30", "2027-13-01", "14.05.2027", "2027-5-14", "May 14"] {
            assertRefused(
                Self.yaml(replacing: 8, with: "  - date: \"\(date)\""), line: 8, field: "days[1].date",
                "'\(date)' is not a date",
                "YYYY-MM-DD")
        }
    }

    func testDaysOutOfOrderOrRepeatedAreRefusedAtTheLaterDay() {
        assertRefused(
            Self.yaml(replacing: 11, with: "  - date: \"2027-05-13\""), line: 11, field: "days[2].date", "in order")
        assertRefused(
            Self.yaml(replacing: 11, with: "  - date: \"2027-05-14\""), line: 11, field: "days[2].date", "in order")
    }

    func testSlotTextThatIsNotTwoTimesIsRefusedAtThatSlot() {
        for slot in ["10-11", "10:00", "10:00-11:00-12:00", "10:00–11:00", "25:00-26:00", "10:60-11:00", "ten-eleven"] {
            assertRefused(
                Self.yaml(replacing: 10, with: "    slots: [\"10:00-11:00\", \"\(slot)\"]"), line: 10,
                field: "days[1].slots[2]", "'\(slot)' is not a slot", "HH:MM-HH:MM")
        }
    }

    func testSlotErrorInABlockListPointsAtTheSlotsOwnLine() {
        var lines = Self.lines
        lines[9] = "    slots:\n      - \"10:00-11:00\"\n      - \"11:00-12:00\"\n      - \"12:00-1:00\""
        assertRefused(
            lines.joined(separator: "\n"), line: 13, field: "days[1].slots[3]", "'12:00-1:00' ends before it starts")
    }

    func testSlotEndingBeforeOrAtItsStartIsRefused() {
        assertRefused(
            Self.yaml(replacing: 12, with: "    slots: [\"11:00-10:00\"]"), line: 12, field: "days[2].slots[1]",
            "ends before it starts")
        assertRefused(
            Self.yaml(replacing: 12, with: "    slots: [\"10:00-10:00\"]"), line: 12, field: "days[2].slots[1]",
            "ends before it starts")
    }

    func testOverlappingOrUnorderedSlotsAreRefused() {
        assertRefused(
            Self.yaml(replacing: 12, with: "    slots: [\"10:00-11:00\", \"10:30-11:30\"]"), line: 12,
            field: "days[2].slots[2]",
            "overlaps the slot before it")
        assertRefused(
            Self.yaml(replacing: 12, with: "    slots: [\"11:00-12:00\", \"10:00-11:00\"]"), line: 12,
            field: "days[2].slots[2]",
            "in order")
    }

    func testEmptyListsAreRefused() {
        assertRefused(
            Self.yaml(replacing: 12, with: "    slots: []"), line: 12, field: "days[2].slots", "at least one slot")
        var lines = Self.lines
        lines[3] = "rooms: []"
        lines.removeSubrange(4...5)
        assertRefused(lines.joined(separator: "\n"), line: 4, field: "rooms", "at least one room")
    }

    func testRoomCodesThatCannotBePrintedInASlotCodeAreRefused() {
        for code in ["r101", "R-101", "R 101", "ROOM12345678X", "Ř101", "\"\""] {
            assertRefused(
                Self.yaml(replacing: 6, with: "  - { code: \(code), name: Room 102 }"), line: 6, field: "rooms[2].code",
                "is not a room code", "upper-case")
        }
    }

    func testRoomCodeUsedTwiceIsRefusedAtTheSecondRoom() {
        assertRefused(
            Self.yaml(replacing: 6, with: "  - { code: R101, name: Room 101 again }"), line: 6, field: "rooms[2].code",
            "'R101' is used twice")
    }

    func testRoomWithoutSeatsOrNameIsRefused() {
        assertRefused(
            Self.yaml(replacing: 6, with: "  - { code: R102, name: Room 102, capacity: 0 }"), line: 6,
            field: "rooms[2].capacity", "positive")
        assertRefused(
            Self.yaml(replacing: 6, with: "  - { code: R102, name: \" \" }"), line: 6, field: "rooms[2].name",
            "needs a name")
    }

    func testEventWithoutANameIsRefused() {
        assertRefused(Self.yaml(replacing: 1, with: "event: \"  \""), line: 1, field: "event", "needs a name")
    }

    func testBlockNamingAnUnknownRoomIsRefused() {
        assertRefused(
            Self.yaml(replacing: 14, with: "  - { room: R999, date: \"2027-05-14\" }"), line: 14,
            field: "blocked[1].room",
            "no room has the code 'R999'")
    }

    func testBlockOnADateThatIsNotAConferenceDayIsRefused() {
        assertRefused(
            Self.yaml(replacing: 14, with: "  - { room: R101, date: \"2027-05-16\" }"), line: 14,
            field: "blocked[1].date",
            "'2027-05-16' is not one of the days")
        assertRefused(
            Self.yaml(replacing: 14, with: "  - { room: R101, date: tomorrow }"), line: 14, field: "blocked[1].date",
            "'tomorrow' is not one of the days")
    }

    func testBlockWithBadOrBackwardTimesIsRefused() {
        assertRefused(
            Self.yaml(replacing: 14, with: "  - { room: R101, date: \"2027-05-14\", from: \"25:00\" }"), line: 14,
            field: "blocked[1].from", "'25:00' is not a time")
        assertRefused(
            Self.yaml(replacing: 14, with: "  - { room: R101, date: \"2027-05-14\", to: noon }"), line: 14,
            field: "blocked[1].to", "'noon' is not a time")
        assertRefused(
            Self.yaml(replacing: 14, with: "  - { room: R101, date: \"2027-05-14\", from: \"12:00\", to: \"11:00\" }"),
            line: 14, field: "blocked[1].to", "ends before it starts")
    }

    func testUnknownTimeZoneIsRefusedWithAnExample() {
        assertRefused(
            Self.yaml(replacing: 2, with: "timezone: America/Las_Angeles"), line: 2, field: "timezone",
            "unknown time zone 'America/Las_Angeles'", "IANA")
        assertRefused(
            Self.yaml(replacing: 2, with: "timezone: Mars/Olympus"), line: 2, field: "timezone", "unknown time zone")
    }

    func testFreezeMinutesOutsideZeroToFourHoursIsRefused() throws {
        assertRefused(
            Self.yaml(replacing: 3, with: "freeze_minutes: -1"), line: 3, field: "freeze_minutes", "between 0 and 240",
            "not -1")
        assertRefused(
            Self.yaml(replacing: 3, with: "freeze_minutes: 241"), line: 3, field: "freeze_minutes", "between 0 and 240")
        XCTAssertEqual(try parse(Self.yaml(replacing: 3, with: "freeze_minutes: 0")).freezeMinutes, 0)
        XCTAssertEqual(try parse(Self.yaml(replacing: 3, with: "freeze_minutes: 240")).freezeMinutes, 240)
    }

    func testEmptyFileIsRefusedWithoutALine() {
        assertRefused("", line: 0, field: "", "the file is empty")
        assertRefused("# only a comment\n\n", line: 0, field: "", "the file is empty")
    }

    func testErrorDescriptionReadsFileLineFieldMessage() {
        let placed = LayoutError(file: "c.yaml", line: 10, field: "days[1].slots[2]", message: "bad")
        XCTAssertEqual(placed.description, "c.yaml:10: days[1].slots[2]: bad")
        let unplaced = LayoutError(file: "c.yaml", line: 0, field: "", message: "the file is empty")
        XCTAssertEqual(unplaced.description, "c.yaml: the file is empty")
    }
}
