import Foundation

/// The conference as the organisers set it up: days, rooms, time slots and blocked cells.
public struct ConferenceLayout: Sendable, Equatable {
    public var eventName: String
    public var timeZone: TimeZone
    /// Minutes before a slot starts from which hosts can no longer change it.
    public var freezeMinutes: Int
    public var rooms: [Room]
    public var days: [Day]
    public var blocked: [BlockedSpan]

    public init(
        eventName: String, timeZone: TimeZone, freezeMinutes: Int, rooms: [Room], days: [Day],
        blocked: [BlockedSpan]
    ) {
        self.eventName = eventName
        self.timeZone = timeZone
        self.freezeMinutes = freezeMinutes
        self.rooms = rooms
        self.days = days
        self.blocked = blocked
    }

    /// A room that hosts can book, by a short upper-case code printed on slot labels.
    public struct Room: Sendable, Equatable, Hashable {
        public var code: String
        public var name: String
        public var capacity: Int?

        public init(code: String, name: String, capacity: Int? = nil) {
            self.code = code
            self.name = name
            self.capacity = capacity
        }
    }

    /// One conference day with its own time slots.
    public struct Day: Sendable, Equatable {
        /// 1-based, as printed on slot labels.
        public var number: Int
        public var date: CalendarDate
        public var label: String
        public var slots: [TimeSlot]

        public init(number: Int, date: CalendarDate, label: String, slots: [TimeSlot]) {
            self.number = number
            self.date = date
            self.label = label
            self.slots = slots
        }
    }

    /// A room that is not available for part of a day (a sponsor workshop, a lunch setup).
    public struct BlockedSpan: Sendable, Equatable {
        public var room: String
        public var day: Int
        public var from: ClockTime
        public var to: ClockTime
        public var reason: String

        public init(room: String, day: Int, from: ClockTime, to: ClockTime, reason: String) {
            self.room = room
            self.day = day
            self.from = from
            self.to = to
            self.reason = reason
        }
    }

    public func room(_ code: String) -> Room? { rooms.first { $0.code == code } }
    public func day(_ number: Int) -> Day? { days.first { $0.number == number } }

    /// The slot a cell names, when the cell exists in this layout.
    public func slot(of cell: CellRef) -> TimeSlot? {
        guard room(cell.room) != nil else { return nil }
        return day(cell.day)?.slots.first { $0.start == cell.start }
    }

    public func contains(_ cell: CellRef) -> Bool { slot(of: cell) != nil }

    /// Every cell of a day, slot by slot, room by room.
    public func cells(onDay number: Int) -> [CellRef] {
        guard let day = day(number) else { return [] }
        return day.slots.flatMap { slot in
            rooms.map { CellRef(day: number, room: $0.code, start: slot.start) }
        }
    }

    /// Why the organisers blocked this cell, if they did.
    public func blockReason(for cell: CellRef) -> String? {
        guard let slot = slot(of: cell) else { return nil }
        return blocked.first {
            $0.room == cell.room && $0.day == cell.day && $0.from < slot.end && slot.start < $0.to
        }?.reason
    }

    /// The instant a wall-clock time of a day happens, in the event's time zone.
    public func instant(day number: Int, at time: ClockTime) -> Date? {
        day(number).flatMap { instant(of: $0.date, at: time) }
    }

    /// The instant a wall-clock time of any date happens, in the event's time zone.
    public func instant(of date: CalendarDate, at time: ClockTime) -> Date? {
        let components = DateComponents(
            year: date.year, month: date.month, day: date.day, hour: time.minutes / 60, minute: time.minutes % 60)
        return Calendar.gregorian(in: timeZone).date(from: components)
    }

    /// When a cell's session starts and ends.
    public func interval(of cell: CellRef) -> DateInterval? {
        guard let slot = slot(of: cell), let start = instant(day: cell.day, at: slot.start),
            let end = instant(day: cell.day, at: slot.end)
        else { return nil }
        return DateInterval(start: start, end: end)
    }

    /// The conference day a moment falls on, or nil outside the conference.
    public func dayNumber(at date: Date) -> Int? {
        let today = localDate(of: date)
        return days.first { $0.date == today }?.number
    }

    /// The date of a moment in the event's time zone.
    public func localDate(of date: Date) -> CalendarDate {
        let parts = Calendar.gregorian(in: timeZone).dateComponents([.year, .month, .day], from: date)
        return CalendarDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
    }

    /// The wall-clock time of a moment in the event's time zone.
    public func clockTime(at date: Date) -> ClockTime {
        let parts = Calendar.gregorian(in: timeZone).dateComponents([.hour, .minute], from: date)
        return ClockTime(minutes: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    /// A person-readable name of a cell: "Room 101, Fri 10:00".
    public func describe(_ cell: CellRef) -> String {
        let roomName = room(cell.room)?.name ?? cell.room
        let dayLabel = day(cell.day)?.label ?? "day \(cell.day)"
        return "\(roomName), \(dayLabel) \(cell.start)"
    }
}

/// A date without a time, as organisers write it (2027-05-14).
public struct CalendarDate: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, refusing dates that do not exist.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return nil }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// Compact form for codes: 20270514.
    public var compact: String { description.replacingOccurrences(of: "-", with: "") }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A wall-clock time of day in minutes since midnight, in the event's time zone.
public struct ClockTime: Sendable, Equatable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var minutes: Int

    public init(minutes: Int) { self.minutes = minutes }

    public init(hour: Int, minute: Int) { self.minutes = hour * 60 + minute }

    /// Parses `HH:MM` (or `H:MM`) with a real hour and minute; `24:00` ends a day.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0...59).contains(minute),
            (0...23).contains(hour) || (hour == 24 && minute == 0)
        else { return nil }
        self.minutes = hour * 60 + minute
    }

    /// Parses the compact form used in slot codes: `HHMM`.
    public init?(compact text: some StringProtocol) {
        guard text.count == 4, text.allSatisfy(\.isASCII), let value = Int(text) else { return nil }
        let hour = value / 100
        let minute = value % 100
        guard hour < 24, minute < 60 else { return nil }
        self.minutes = hour * 60 + minute
    }

    public var description: String {
        let hour = minutes / 60
        let minute = minutes % 60
        return "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }

    /// `HHMM`, as printed in slot codes.
    public var compact: String { description.replacingOccurrences(of: ":", with: "") }

    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { lhs.minutes < rhs.minutes }
}

/// One time slot of a day: where a session can happen.
public struct TimeSlot: Sendable, Equatable, Hashable {
    public var start: ClockTime
    public var end: ClockTime

    public init(start: ClockTime, end: ClockTime) {
        self.start = start
        self.end = end
    }
}

/// One cell of the board: a room at a slot on a day.
public struct CellRef: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var day: Int
    public var room: String
    public var start: ClockTime

    public init(day: Int, room: String, start: ClockTime) {
        self.day = day
        self.room = room
        self.start = start
    }

    /// The code printed on the slot label: `2-R101-1000`.
    public var code: String { "\(day)-\(room)-\(start.compact)" }

    /// Parses a slot label's code; the layout decides whether the cell exists.
    public init?(code: some StringProtocol) {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let day = Int(parts[0]), day >= 1, day < 100,
            ConferenceLayout.isRoomCode(parts[1]), let start = ClockTime(compact: parts[2])
        else { return nil }
        self.init(day: day, room: String(parts[1]), start: start)
    }

    public var description: String { code }

    public static func < (lhs: CellRef, rhs: CellRef) -> Bool {
        (lhs.day, lhs.start, lhs.room) < (rhs.day, rhs.start, rhs.room)
    }
}

extension ConferenceLayout {
    /// Room codes appear in slot labels, so they stay within QR alphanumeric mode and hyphen-free.
    public static func isRoomCode(_ text: some StringProtocol) -> Bool {
        (1...12).contains(text.count)
            && text.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }
}

extension Calendar {
    /// The Gregorian calendar in a time zone: every wall-clock computation of the board uses it.
    static func gregorian(in timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
