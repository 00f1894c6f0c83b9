import BoardModel
import Foundation

/// `/schedule/frab.json`: the schedule in the frab/pretalx "schedule.json" format (the c3voc
/// schema, https://c3voc.de/schedule/schema.json) that conference apps and recording tools
/// import. Every room appears on every day, each placed card is one event of type `open-space`.
struct FrabSchedule: Encodable {
    static let schemaURL = "https://c3voc.de/schedule/schema.json"

    struct Generator: Encodable {
        let name: String
        let url: String
    }

    struct Schedule: Encodable {
        let version: String
        let baseURL: String
        let conference: Conference

        enum CodingKeys: String, CodingKey {
            case version
            case baseURL = "base_url"
            case conference
        }
    }

    struct Conference: Encodable {
        let acronym: String
        let title: String
        let start: String
        let end: String
        let daysCount: Int
        let timeslotDuration: String
        let timeZoneName: String
        let url: String
        let rooms: [Room]
        let tracks: [Track]
        let days: [Day]

        enum CodingKeys: String, CodingKey {
            case acronym, title, start, end, daysCount, url, rooms, tracks, days
            case timeslotDuration = "timeslot_duration"
            case timeZoneName = "time_zone_name"
        }
    }

    struct Room: Encodable {
        let name: String
        let slug: String
        let guid: String
        let capacity: Int?
    }

    struct Track: Encodable {
        let name: String
        let slug: String
    }

    struct Day: Encodable {
        let index: Int
        let date: String
        let dayStart: String
        let dayEnd: String
        /// Events by room name.
        let rooms: [String: [Event]]

        enum CodingKeys: String, CodingKey {
            case index, date, rooms
            case dayStart = "day_start"
            case dayEnd = "day_end"
        }
    }

    struct Event: Encodable {
        let id: Int
        let guid: String
        let code: String
        let date: String
        let start: String
        let duration: String
        let room: String
        let slug: String
        let url: String
        let title: String
        let subtitle: String
        let track: String
        let type: String
        /// Open spaces are held in whatever language the people there share: unknown ahead.
        let language: AlwaysEncoded<String>
        let abstract: String
        let description: String
        let recordingLicense: String
        let doNotRecord: Bool
        let persons: [Person]
        let links: [Link]
        let attachments: [Link]

        enum CodingKeys: String, CodingKey {
            case id, guid, code, date, start, duration, room, slug, url, title, subtitle, track, type, language
            case abstract, description, persons, links, attachments
            case recordingLicense = "recording_license"
            case doNotRecord = "do_not_record"
        }
    }

    /// A host, in pretalx's shape (`name`) with frab's `public_name` beside it.
    struct Person: Encodable {
        let name: String
        let publicName: String

        enum CodingKeys: String, CodingKey {
            case name
            case publicName = "public_name"
        }
    }

    struct Link: Encodable {
        let url: String
        let title: String
        let type: String
    }

    static let track = "Open Space"
    static let eventType = "open-space"

    let schedule: Schedule
    let generator: Generator

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case schedule
        case generator
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.schemaURL, forKey: .schema)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(generator, forKey: .generator)
    }

    init(_ contents: ScheduleContents, address: HubAddress) {
        let layout = contents.layout
        let zone = layout.timeZone
        let acronym = Self.slug(layout.eventName).isEmpty ? "openspace" : Self.slug(layout.eventName)
        let byDay = Dictionary(grouping: contents.sessions) { $0.day.number }
        let shortestSlot = layout.days.flatMap(\.slots).map { $0.end.minutes - $0.start.minutes }.min() ?? 60
        let days = layout.days.enumerated().map { index, day -> Day in
            // Every room is listed on every day, with no events when nobody booked it.
            var rooms = Dictionary(layout.rooms.map { ($0.name, [Event]()) }, uniquingKeysWith: { $1 })
            for session in byDay[day.number] ?? [] {
                rooms[session.room.name, default: []].append(
                    Self.event(session, acronym: acronym, address: address, zone: zone))
            }
            let first = day.slots.map(\.start).min().flatMap { layout.instant(of: day.date, at: $0) }
            let last = day.slots.map(\.end).max().flatMap { layout.instant(of: day.date, at: $0) }
            return Day(
                index: index + 1, date: day.date.description,
                dayStart: first.map { EventTimestamp.iso8601($0, in: zone) } ?? "",
                dayEnd: last.map { EventTimestamp.iso8601($0, in: zone) } ?? "", rooms: rooms)
        }
        let conference = Conference(
            acronym: acronym, title: layout.eventName, start: layout.days.first?.date.description ?? "",
            end: layout.days.last?.date.description ?? "", daysCount: layout.days.count,
            timeslotDuration: EventTimestamp.hoursAndMinutes(shortestSlot), timeZoneName: zone.identifier,
            url: address.base + "/",
            rooms: layout.rooms.map { room in
                Room(
                    name: room.name, slug: Self.slug(room.name),
                    guid: NameBasedUUID.make(name: "\(address.base)/rooms/\(room.code)").uuidString.lowercased(),
                    capacity: room.capacity)
            },
            tracks: [Track(name: Self.track, slug: Self.slug(Self.track))], days: days)
        schedule = Schedule(version: "\(contents.version)", baseURL: address.base + "/", conference: conference)
        generator = Generator(name: "openspace-board", url: address.base + "/")
    }

    private static func event(
        _ session: ScheduleContents.Session, acronym: String, address: HubAddress, zone: TimeZone
    ) -> Event {
        let card = session.card
        let url = address.url(of: card.id)
        let titleSlug = slug(card.title)
        return Event(
            id: numericID(of: card.id), guid: NameBasedUUID.make(name: url).uuidString.lowercased(), code: card.id.text,
            date: EventTimestamp.iso8601(session.interval.start, in: zone), start: session.slot.start.description,
            duration: EventTimestamp.hoursAndMinutes(session.slot.end.minutes - session.slot.start.minutes),
            room: session.room.name,
            slug: [acronym, card.id.text.lowercased(), titleSlug].filter { !$0.isEmpty }.joined(separator: "-"),
            url: url, title: card.displayTitle, subtitle: "", track: track, type: eventType,
            language: AlwaysEncoded(nil), abstract: card.summary, description: card.summary, recordingLicense: "",
            doNotRecord: true,
            persons: card.host.isEmpty ? [] : [Person(name: card.host, publicName: card.host)],
            links: [], attachments: [])
    }

    /// frab's event ids are numbers: a card id's 30-bit value (its symbols before the check one).
    static func numericID(of id: CardID) -> Int {
        id.text.prefix(CardID.payloadLength).reduce(0) { $0 * 32 + (Crockford32.value(of: $1) ?? 0) }
    }

    /// Lower-case ASCII letters and digits joined by single hyphens: `rust-on-the-pi`.
    static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII && (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }
}

/// An optional that is written as `null` when empty instead of being left out: frab readers
/// expect every key of an event.
struct AlwaysEncoded<Wrapped: Encodable>: Encodable {
    let value: Wrapped?

    init(_ value: Wrapped?) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}
