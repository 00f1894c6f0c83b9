import Foundation
import Yams

/// The conference layout file as organisers write it, before it is checked.
struct LayoutFile: Decodable {
    var event: String
    var timezone: String
    var freezeMinutes: DecimalNumber?
    var rooms: [RoomEntry]
    var days: [DayEntry]
    var blocked: [BlockedEntry]?

    static let keys: Set<String> = ["event", "timezone", "freeze_minutes", "rooms", "days", "blocked"]

    enum CodingKeys: String, CodingKey {
        case event, timezone, rooms, days, blocked
        case freezeMinutes = "freeze_minutes"
    }

    struct RoomEntry: Decodable {
        var code: String
        var name: String
        var capacity: DecimalNumber?
        static let keys: Set<String> = ["code", "name", "capacity"]
    }

    /// A whole number read as written: YAML 1.1 would read `010` as octal 8 and `1:30` as 90.
    struct DecimalNumber: Decodable {
        var value: Int

        init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let value = Int(text) else {
                throw DecodingError.typeMismatch(
                    Int.self, .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a whole number")
                )
            }
            self.value = value
        }
    }

    struct DayEntry: Decodable {
        var date: String
        var label: String?
        var slots: [String]
        static let keys: Set<String> = ["date", "label", "slots"]
    }

    struct BlockedEntry: Decodable {
        var room: String
        var date: String
        var from: String?
        var to: String?
        var reason: String?
        static let keys: Set<String> = ["room", "date", "from", "to", "reason"]
    }
}

/// A layout file that cannot be used, with the place and the fix.
public struct LayoutError: Error, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem is not tied to a line (an empty file).
    public var line: Int
    /// Where in the file, as a path: `days[1].slots[2]`.
    public var field: String
    public var message: String

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
    }
}

extension ConferenceLayout {
    /// Reads and checks a layout file.
    public static func load(path: String) throws(LayoutError) -> ConferenceLayout {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LayoutError(
                file: path, line: 0, field: "",
                message: "cannot read the file (\(error.localizedDescription)); check the path and permissions")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses and checks layout YAML; `file` names it in errors.
    public static func parse(yaml: String, file: String) throws(LayoutError) -> ConferenceLayout {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw LayoutError(file: file, line: 0, field: "", message: "the file is empty")
            }
            root = node
        } catch let error as LayoutError {
            throw error
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _),
            let YamlError.composer(_, problem, mark, _)
        {
            throw LayoutError(file: file, line: mark.line, field: "", message: "not valid YAML: \(problem)")
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            throw LayoutError(
                file: file, line: context.mark.line, field: "",
                message: "not valid YAML: \(keys) is given twice in one mapping")
        } catch {
            throw LayoutError(file: file, line: 0, field: "", message: "not valid YAML: \(error)")
        }
        let checker = LayoutChecker(file: file, root: root)
        try checker.refuseUnknownKeys()
        let raw: LayoutFile
        do {
            raw = try YAMLDecoder().decode(LayoutFile.self, from: root)
        } catch let error as DecodingError {
            throw checker.error(for: error)
        } catch {
            throw LayoutError(file: file, line: 0, field: "", message: "\(error)")
        }
        return try checker.check(raw)
    }
}

/// Turns a decoded layout file into a `ConferenceLayout`, naming the line of every problem.
struct LayoutChecker {
    let file: String
    let root: Node

    enum Step {
        case key(String)
        case index(Int)
    }

    func fail(_ path: [Step], _ message: String) -> LayoutError {
        LayoutError(file: file, line: line(of: path), field: describe(path), message: message)
    }

    func describe(_ path: [Step]) -> String {
        var text = ""
        for step in path {
            switch step {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index + 1)]"
            }
        }
        return text
    }

    /// The line of the deepest node the path reaches.
    func line(of path: [Step]) -> Int {
        var node = root
        for step in path {
            let next: Node?
            switch step {
            case .key(let key): next = node.mapping?[key]
            case .index(let index):
                if let sequence = node.sequence, index < sequence.count { next = sequence[index] } else { next = nil }
            }
            guard let next else { break }
            node = next
        }
        return node.mark?.line ?? 0
    }

    func error(for decoding: DecodingError) -> LayoutError {
        func steps(_ codingPath: [any CodingKey]) -> [Step] {
            codingPath.map { key in key.intValue.map(Step.index) ?? .key(key.stringValue) }
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            return fail(steps(context.codingPath), "'\(key.stringValue)' is missing")
        case .typeMismatch(let type, let context):
            return fail(steps(context.codingPath), "expected \(Self.describe(type)) here")
        case .valueNotFound(let type, let context):
            return fail(steps(context.codingPath), "expected \(Self.describe(type)), found nothing")
        case .dataCorrupted(let context):
            return fail(steps(context.codingPath), context.debugDescription)
        @unknown default:
            return LayoutError(file: file, line: 0, field: "", message: "\(decoding)")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Int.Type: return "a whole number"
        case is Node.Scalar.Type: return "a single value"
        case is [Any].Type, is Node.Sequence.Type: return "a list"
        default: return "\(type)".contains("Array") ? "a list" : "a mapping of keys"
        }
    }

    /// A misspelt key would otherwise be silently ignored, and its setting lost.
    func refuseUnknownKeys() throws(LayoutError) {
        try refuseUnknown(in: root, allowed: LayoutFile.keys, at: [])
        let lists: [(String, Set<String>)] = [
            ("rooms", LayoutFile.RoomEntry.keys), ("days", LayoutFile.DayEntry.keys),
            ("blocked", LayoutFile.BlockedEntry.keys),
        ]
        for (key, allowed) in lists {
            guard let sequence = root.mapping?[key]?.sequence else { continue }
            for (index, entry) in sequence.enumerated() {
                try refuseUnknown(in: entry, allowed: allowed, at: [.key(key), .index(index)])
            }
        }
    }

    private func refuseUnknown(in node: Node, allowed: Set<String>, at path: [Step]) throws(LayoutError) {
        guard let mapping = node.mapping else { return }
        for (key, _) in mapping {
            guard let name = key.string, !allowed.contains(name) else { continue }
            let known = allowed.sorted().joined(separator: ", ")
            throw LayoutError(
                file: file, line: key.mark?.line ?? 0, field: describe(path + [.key(name)]),
                message: "unknown key '\(name)'; the keys here are: \(known)")
        }
    }

    func check(_ raw: LayoutFile) throws(LayoutError) -> ConferenceLayout {
        let event = raw.event.trimmingCharacters(in: .whitespaces)
        guard !event.isEmpty else { throw fail([.key("event")], "the event needs a name") }
        guard let timeZone = TimeZone(identifier: raw.timezone) else {
            throw fail(
                [.key("timezone")], "unknown time zone '\(raw.timezone)'; use an IANA name like Europe/Prague")
        }
        let freeze = raw.freezeMinutes?.value ?? 10
        guard (0...240).contains(freeze) else {
            throw fail([.key("freeze_minutes")], "must be between 0 and 240 minutes, not \(freeze)")
        }
        let rooms = try checkRooms(raw.rooms)
        let days = try checkDays(raw.days, timeZone: timeZone)
        let blocked = try checkBlocked(raw.blocked ?? [], rooms: rooms, days: days)
        return ConferenceLayout(
            eventName: event, timeZone: timeZone, freezeMinutes: freeze, rooms: rooms, days: days,
            blocked: blocked)
    }

    private func checkRooms(_ entries: [LayoutFile.RoomEntry]) throws(LayoutError) -> [ConferenceLayout.Room] {
        guard !entries.isEmpty else { throw fail([.key("rooms")], "list at least one room") }
        var seen: Set<String> = []
        var rooms: [ConferenceLayout.Room] = []
        for (index, entry) in entries.enumerated() {
            let path: [Step] = [.key("rooms"), .index(index)]
            guard ConferenceLayout.isRoomCode(entry.code) else {
                throw fail(
                    path + [.key("code")],
                    "'\(entry.code)' is not a room code: use 1 to 12 upper-case letters and digits (it is printed in slot QR codes)"
                )
            }
            guard seen.insert(entry.code).inserted else {
                throw fail(path + [.key("code")], "room code '\(entry.code)' is used twice")
            }
            if let capacity = entry.capacity?.value, capacity <= 0 {
                throw fail(path + [.key("capacity")], "capacity must be a positive number of seats")
            }
            let name = entry.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw fail(path + [.key("name")], "the room needs a name") }
            rooms.append(.init(code: entry.code, name: name, capacity: entry.capacity?.value))
        }
        return rooms
    }

    private func checkDays(_ entries: [LayoutFile.DayEntry], timeZone: TimeZone) throws(LayoutError)
        -> [ConferenceLayout.Day]
    {
        guard !entries.isEmpty else { throw fail([.key("days")], "list at least one day") }
        var days: [ConferenceLayout.Day] = []
        for (index, entry) in entries.enumerated() {
            let path: [Step] = [.key("days"), .index(index)]
            guard let date = CalendarDate(entry.date) else {
                throw fail(path + [.key("date")], "'\(entry.date)' is not a date; write it as YYYY-MM-DD")
            }
            if let previous = days.last, !(previous.date < date) {
                throw fail(path + [.key("date")], "days must be in order, each after the one before")
            }
            guard !entry.slots.isEmpty else { throw fail(path + [.key("slots")], "list at least one slot") }
            var slots: [TimeSlot] = []
            for (slotIndex, text) in entry.slots.enumerated() {
                let slotPath = path + [.key("slots"), .index(slotIndex)]
                let parts = text.split(separator: "-", omittingEmptySubsequences: false)
                guard parts.count == 2,
                    let start = ClockTime(parts[0].trimmingCharacters(in: .whitespaces)),
                    let end = ClockTime(parts[1].trimmingCharacters(in: .whitespaces))
                else {
                    throw fail(slotPath, "'\(text)' is not a slot; write it as HH:MM-HH:MM, like 10:00-11:00")
                }
                guard start < end else { throw fail(slotPath, "'\(text)' ends before it starts") }
                if let previous = slots.last, previous.end > start {
                    throw fail(slotPath, "'\(text)' overlaps the slot before it; list slots in order without overlaps")
                }
                slots.append(TimeSlot(start: start, end: end))
            }
            let label = entry.label ?? Self.weekdayLabel(date, timeZone: timeZone)
            days.append(.init(number: index + 1, date: date, label: label, slots: slots))
        }
        return days
    }

    private func checkBlocked(
        _ entries: [LayoutFile.BlockedEntry], rooms: [ConferenceLayout.Room], days: [ConferenceLayout.Day]
    ) throws(LayoutError) -> [ConferenceLayout.BlockedSpan] {
        var spans: [ConferenceLayout.BlockedSpan] = []
        for (index, entry) in entries.enumerated() {
            let path: [Step] = [.key("blocked"), .index(index)]
            guard rooms.contains(where: { $0.code == entry.room }) else {
                throw fail(path + [.key("room")], "no room has the code '\(entry.room)'")
            }
            guard let date = CalendarDate(entry.date), let day = days.first(where: { $0.date == date }) else {
                throw fail(path + [.key("date")], "'\(entry.date)' is not one of the days listed under days")
            }
            var from = ClockTime(minutes: 0)
            var to = ClockTime(minutes: 24 * 60)
            if let text = entry.from {
                guard let time = ClockTime(text) else {
                    throw fail(path + [.key("from")], "'\(text)' is not a time (HH:MM)")
                }
                from = time
            }
            if let text = entry.to {
                guard let time = ClockTime(text) else {
                    throw fail(path + [.key("to")], "'\(text)' is not a time (HH:MM)")
                }
                to = time
            }
            guard from < to else { throw fail(path + [.key("to")], "the block ends before it starts") }
            let reason = entry.reason?.trimmingCharacters(in: .whitespaces) ?? ""
            spans.append(
                .init(
                    room: entry.room, day: day.number, from: from, to: to,
                    reason: reason.isEmpty ? "Not available" : reason))
        }
        return spans
    }

    static func weekdayLabel(_ date: CalendarDate, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard
            let instant = calendar.date(
                from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))
        else { return date.description }
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        return names[calendar.component(.weekday, from: instant) - 1]
    }
}
