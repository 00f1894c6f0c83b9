import XCTest

@testable import BoardModel

final class ConferenceLayoutTests: XCTestCase {
    let layout = Fixture.layout

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    // MARK: Time math in the event's time zone

    func testIntervalOfACellIsItsSlotInTheEventsTimeZone() {
        XCTAssertEqual(
            layout.interval(of: Fixture.fridayTen),
            DateInterval(start: utc("2027-05-14T17:00:00Z"), end: utc("2027-05-14T18:00:00Z")))
        XCTAssertEqual(
            layout.interval(of: Fixture.cell(2, "R201", 14)),
            DateInterval(start: utc("2027-05-15T21:00:00Z"), end: utc("2027-05-15T22:00:00Z")))
    }

    func testIntervalFollowsTheTimeZonesWinterOffset() {
        var winter = layout
        winter.days[0].date = CalendarDate(year: 2027, month: 1, day: 15)
        XCTAssertEqual(winter.interval(of: Fixture.fridayTen)?.start, utc("2027-01-15T18:00:00Z"))
    }

    func testIntervalOfACellOutsideTheLayoutIsNil() {
        XCTAssertNil(layout.interval(of: Fixture.cell(1, "R999", 10)))
        XCTAssertNil(layout.interval(of: Fixture.cell(1, "R101", 10, 30)))
        XCTAssertNil(layout.interval(of: Fixture.cell(1, "R101", 12)))
        XCTAssertNil(layout.interval(of: Fixture.cell(3, "R101", 10)))
    }

    func testMidnightEndIsTheNextDaysFirstInstant() {
        XCTAssertEqual(layout.instant(day: 1, at: Fixture.time(24)), utc("2027-05-15T07:00:00Z"))
        XCTAssertNil(layout.instant(day: 7, at: Fixture.time(10)))
    }

    func testDayNumberIsTheConferenceDayInTheEventsTimeZoneNotUTC() {
        XCTAssertEqual(layout.dayNumber(at: Fixture.pdt(day: 1, 0)), 1)
        XCTAssertEqual(layout.dayNumber(at: Fixture.pdt(day: 1, 23, 59)), 1)  // already Saturday in UTC
        XCTAssertEqual(layout.dayNumber(at: Fixture.pdt(day: 2, 0, 30)), 2)
        XCTAssertNil(layout.dayNumber(at: Fixture.pdt(day: 0, 23, 59)))
        XCTAssertNil(layout.dayNumber(at: Fixture.pdt(day: 3, 12)))
    }

    func testLocalDateIsTheDateInTheEventsTimeZoneOnAnyDay() {
        XCTAssertEqual(layout.localDate(of: Fixture.pdt(day: 1, 23, 59)), CalendarDate(year: 2027, month: 5, day: 14))
        XCTAssertEqual(layout.localDate(of: Fixture.pdt(day: 2, 0, 1)), CalendarDate(year: 2027, month: 5, day: 15))
        XCTAssertEqual(layout.localDate(of: Fixture.pdt(day: 6, 12)), CalendarDate(year: 2027, month: 5, day: 19))
    }

    func testInstantOfAnyDateIsItsWallClockTimeInTheEventsTimeZone() {
        XCTAssertEqual(
            layout.instant(of: CalendarDate(year: 2027, month: 5, day: 20), at: Fixture.time(10)),
            utc("2027-05-20T17:00:00Z"))
        XCTAssertEqual(
            layout.instant(of: CalendarDate(year: 2027, month: 12, day: 1), at: Fixture.time(10)),
            utc("2027-12-01T18:00:00Z"))
    }

    func testClockTimeIsTheWallClockInTheEventsTimeZone() {
        XCTAssertEqual(layout.clockTime(at: Fixture.pdt(day: 1, 10, 5)), Fixture.time(10, 5))
        XCTAssertEqual(layout.clockTime(at: utc("2027-05-15T06:30:00Z")), Fixture.time(23, 30))
    }

    // MARK: Blocked cells

    func testSpanCoveringTwoSlotsBlocksBothAndNothingElse() {
        XCTAssertEqual(layout.blockReason(for: Fixture.cell(1, "R201", 13)), "Sponsor workshop")
        XCTAssertEqual(layout.blockReason(for: Fixture.cell(1, "R201", 14)), "Sponsor workshop")
        XCTAssertNil(layout.blockReason(for: Fixture.cell(1, "R201", 11)))
        XCTAssertNil(layout.blockReason(for: Fixture.cell(2, "R201", 13)))
        XCTAssertNil(layout.blockReason(for: Fixture.cell(1, "R101", 13)))
    }

    func testSpanPartlyOverlappingSlotsBlocksEachSlotItTouches() {
        var partial = layout
        partial.blocked = [
            .init(room: "R101", day: 1, from: Fixture.time(10, 30), to: Fixture.time(11, 15), reason: "Cleaning")
        ]
        XCTAssertEqual(partial.blockReason(for: Fixture.cell(1, "R101", 10)), "Cleaning")
        XCTAssertEqual(partial.blockReason(for: Fixture.cell(1, "R101", 11)), "Cleaning")
        XCTAssertNil(partial.blockReason(for: Fixture.cell(1, "R101", 13)))
    }

    func testSpanThatOnlyTouchesASlotsEdgeDoesNotBlockIt() {
        var edges = layout
        edges.blocked = [
            .init(room: "R101", day: 1, from: Fixture.time(9), to: Fixture.time(10), reason: "Before"),
            .init(room: "R101", day: 1, from: Fixture.time(12), to: Fixture.time(13), reason: "Lunch"),
        ]
        XCTAssertNil(edges.blockReason(for: Fixture.cell(1, "R101", 10)))
        XCTAssertNil(edges.blockReason(for: Fixture.cell(1, "R101", 11)))
        XCTAssertNil(edges.blockReason(for: Fixture.cell(1, "R101", 13)))
    }

    func testWholeDayBlockCoversEverySlotOfThatDayOnly() {
        var closed = layout
        closed.blocked = [.init(room: "R102", day: 2, from: Fixture.time(0), to: Fixture.time(24), reason: "Closed")]
        for cell in closed.cells(onDay: 2) {
            XCTAssertEqual(closed.blockReason(for: cell), cell.room == "R102" ? "Closed" : nil, "\(cell)")
        }
        for cell in closed.cells(onDay: 1) { XCTAssertNil(closed.blockReason(for: cell), "\(cell)") }
    }

    func testCellOutsideTheLayoutHasNoBlockReason() {
        XCTAssertNil(layout.blockReason(for: Fixture.cell(1, "R201", 13, 30)))
    }

    // MARK: Cells

    func testCellsOfADayGoSlotBySlotRoomByRoom() {
        let cells = layout.cells(onDay: 1)
        XCTAssertEqual(cells.count, 4 * 3)
        XCTAssertEqual(
            Array(cells.prefix(4)),
            [
                Fixture.cell(1, "R101", 10), Fixture.cell(1, "R102", 10), Fixture.cell(1, "R201", 10),
                Fixture.cell(1, "R101", 11),
            ])
        XCTAssertTrue(cells.allSatisfy(layout.contains))
        XCTAssertEqual(layout.cells(onDay: 9), [])
    }

    func testSlotOfACellIsFoundByItsStart() {
        XCTAssertEqual(layout.slot(of: Fixture.cell(2, "R102", 13)), Fixture.slot(13, 14))
        XCTAssertNil(layout.slot(of: Fixture.cell(2, "R103", 13)))
    }

    func testDescribeNamesTheRoomTheDayAndTheTime() {
        XCTAssertEqual(layout.describe(Fixture.fridayTen), "Room 101, Fri 10:00")
        XCTAssertEqual(layout.describe(Fixture.cell(5, "X1", 9)), "X1, day 5 09:00")
    }

    func testCellCodeRoundTripsAndSortsByDayTimeRoom() {
        let cell = Fixture.cell(2, "GARDEN", 9, 30)
        XCTAssertEqual(cell.code, "2-GARDEN-0930")
        XCTAssertEqual(CellRef(code: cell.code), cell)
        XCTAssertEqual(cell.description, cell.code)
        let sorted = [
            Fixture.cell(2, "A", 9), Fixture.cell(1, "B", 11), Fixture.cell(1, "C", 10), Fixture.cell(1, "A", 10),
        ]
        .sorted()
        XCTAssertEqual(sorted.map(\.code), ["1-A-1000", "1-C-1000", "1-B-1100", "2-A-0900"])
    }

    func testMalformedCellCodesAreRefused() {
        for code in [
            "", "1-R101", "0-R101-1000", "100-R101-1000", "x-R101-1000", "1-r101-1000", "1--1000", "1-R101-2400",
            "1-R101-1060", "1-R101-100", "1-R101-10000", "1-R101-1000-1", "1-R 101-1000", "1-R101-１０００",
        ] {
            XCTAssertNil(CellRef(code: code), code)
        }
    }

    func testRoomCodesAreOneToTwelveUpperCaseLettersAndDigits() {
        XCTAssertTrue(ConferenceLayout.isRoomCode("A"))
        XCTAssertTrue(ConferenceLayout.isRoomCode("ROOM12345678"))
        for code in ["", "ROOM123456789", "r1", "R-1", "R 1", "É1"] {
            XCTAssertFalse(ConferenceLayout.isRoomCode(code), code)
        }
    }

    // MARK: Dates and times

    func testCalendarDateRefusesDaysThatDoNotExist() {
        XCTAssertEqual(CalendarDate("2028-02-29"), CalendarDate(year: 2028, month: 2, day: 29))
        XCTAssertEqual(CalendarDate("2000-02-29"), CalendarDate(year: 2000, month: 2, day: 29))
        for text in [
            "2027-02-29", "2100-02-29", "2027-04-31", "2027-00-10", "2027-01-00", "27-01-01", "2027/01/01", "2027-1-1",
        ] {
            XCTAssertNil(CalendarDate(text), text)
        }
    }

    func testCalendarDatePrintsPaddedAndCompactAndOrdersByDay() {
        let date = CalendarDate(year: 2027, month: 5, day: 4)
        XCTAssertEqual(date.description, "2027-05-04")
        XCTAssertEqual(date.compact, "20270504")
        XCTAssertLessThan(date, CalendarDate(year: 2027, month: 5, day: 14))
        XCTAssertLessThan(CalendarDate(year: 2026, month: 12, day: 31), date)
    }

    func testClockTimeParsesRealTimesOnly() {
        XCTAssertEqual(ClockTime("9:05"), Fixture.time(9, 5))
        XCTAssertEqual(ClockTime("09:05"), Fixture.time(9, 5))
        XCTAssertEqual(ClockTime("24:00"), ClockTime(minutes: 1440))
        for text in ["24:01", "12:60", "123:00", "12:5", "12", "12:00:00", "-1:00", ":30"] {
            XCTAssertNil(ClockTime(text), text)
        }
        XCTAssertEqual(ClockTime(compact: "0930"), Fixture.time(9, 30))
        for text in ["930", "2400", "1260", "09:3", "12345"] { XCTAssertNil(ClockTime(compact: text), text) }
        XCTAssertEqual(Fixture.time(9, 5).description, "09:05")
        XCTAssertEqual(Fixture.time(9, 5).compact, "0905")
    }
}
