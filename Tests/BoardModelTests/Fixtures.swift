import Foundation
import XCTest

@testable import BoardModel

/// Shared test data: a small layout built in code, instants given in PDT, cards and codes.
enum Fixture {
    static let hub = "https://os.example.org/"
    static let codes = ScanCodeFormat(hub: hub)

    static let losAngeles = TimeZone(identifier: "America/Los_Angeles")!

    static func time(_ hour: Int, _ minute: Int = 0) -> ClockTime { ClockTime(hour: hour, minute: minute) }

    static func slot(_ start: Int, _ end: Int) -> TimeSlot { TimeSlot(start: time(start), end: time(end)) }

    /// Two days (Fri 2027-05-14, Sat 2027-05-15), three rooms, a sponsor block on R201 Friday 13:00-15:00.
    static let layout = ConferenceLayout(
        eventName: "Test Open Spaces", timeZone: losAngeles, freezeMinutes: 10,
        rooms: [
            .init(code: "R101", name: "Room 101", capacity: 30),
            .init(code: "R102", name: "Room 102"),
            .init(code: "R201", name: "Room 201"),
        ],
        days: [
            .init(
                number: 1, date: CalendarDate(year: 2027, month: 5, day: 14), label: "Fri",
                slots: [slot(10, 11), slot(11, 12), slot(13, 14), slot(14, 15)]),
            .init(
                number: 2, date: CalendarDate(year: 2027, month: 5, day: 15), label: "Sat",
                slots: [slot(10, 11), slot(11, 12), slot(13, 14), slot(14, 15)]),
        ],
        blocked: [.init(room: "R201", day: 1, from: time(13), to: time(15), reason: "Sponsor workshop")])

    static func cell(_ day: Int, _ room: String, _ hour: Int, _ minute: Int = 0) -> CellRef {
        CellRef(day: day, room: room, start: time(hour, minute))
    }

    /// A moment given as wall-clock time on a conference day in PDT (UTC-7), computed without the
    /// time zone database so that it checks the layout's own time zone handling.
    static func pdt(day: Int, _ hour: Int, _ minute: Int = 0, second: Int = 0) -> Date {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let midnightUTC = utc.date(from: DateComponents(year: 2027, month: 5, day: 13 + day))!
        let seconds = ((hour + 7) * 60 + minute) * 60 + second
        return midnightUTC.addingTimeInterval(Double(seconds))
    }

    /// Friday 08:00: every slot of both days is still open to hosts.
    static let early = pdt(day: 1, 8)

    static let fridayTen = cell(1, "R101", 10)

    static let talk = Card(id: CardID(value: 1), title: "Swift on the Raspberry Pi", host: "Ana")
    static let other = Card(id: CardID(value: 2), title: "Property-based testing", host: "Ben")
    static let third = Card(id: CardID(value: 3), title: "E-paper hacks", host: "Chen")
    static let blank = Card(id: CardID(value: 4), title: "")
    /// A valid id that no grid registers.
    static let stranger = CardID(value: 999)

    static let staff = Actor.staff("ANNA")

    static func context(_ now: Date = early, _ actor: Actor = .host) -> Grid.Context {
        Grid.Context(layout: layout, now: now, actor: actor)
    }

    /// A grid that knows `talk`, `other`, `third` and `blank`, none placed.
    static func grid(_ cards: [Card] = [talk, other, third, blank]) -> Grid {
        var grid = Grid()
        for card in cards { try! grid.apply(.registerCard(card), in: context()) }
        return grid
    }

    /// The example file shipped in deploy/examples, found from this file's path.
    static var exampleLayoutPath: String {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("deploy/examples/conference.yaml")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            folder.deleteLastPathComponent()
        }
        return "deploy/examples/conference.yaml (not found above \(#filePath))"
    }
}
