import BoardModel
import Foundation

/// `/schedule.json`: the whole schedule in the hub's own plain shape, for scripts and signage:
/// the layout (days with their slots, rooms), every placed card with its times, the parked lane
/// and the closed cells. Times are ISO 8601 with the event's offset.
struct ScheduleDocument: Encodable {
    struct Day: Encodable {
        let number: Int
        let date: String
        let label: String
        let slots: [Slot]
    }

    struct Slot: Encodable {
        let start: String
        let end: String
        let startsAt: String
        let endsAt: String
    }

    struct Room: Encodable {
        let code: String
        let name: String
        let capacity: Int?
    }

    /// A card in a slot.
    struct Placed: Encodable {
        let id: String
        let title: String
        let host: String
        let contact: String
        let description: String
        let url: String
        let slot: String
        let day: Int
        let room: String
        let roomName: String
        let start: String
        let end: String
    }

    /// A card waiting for a slot.
    struct Parked: Encodable {
        let id: String
        let title: String
        let host: String
        let contact: String
        let description: String
        let url: String
    }

    struct Blocked: Encodable {
        let slot: String
        let day: Int
        let room: String
        let start: String
        let end: String
        let reason: String
        /// `layout` when the organisers closed it in the layout, `staff` when staff closed it since.
        let by: String
    }

    let event: String
    let timeZone: String
    /// The hub's version the schedule is complete up to.
    let version: Int64
    let generatedAt: String
    let days: [Day]
    let rooms: [Room]
    let placed: [Placed]
    let parked: [Parked]
    let blocked: [Blocked]

    init(_ contents: ScheduleContents, address: HubAddress, now: Date) {
        let layout = contents.layout
        let zone = layout.timeZone
        func stamp(_ date: Date?) -> String { date.map { EventTimestamp.iso8601($0, in: zone) } ?? "" }
        event = layout.eventName
        timeZone = zone.identifier
        version = contents.version
        generatedAt = EventTimestamp.iso8601(now, in: zone)
        days = layout.days.map { day in
            Day(
                number: day.number, date: day.date.description, label: day.label,
                slots: day.slots.map { slot in
                    Slot(
                        start: slot.start.description, end: slot.end.description,
                        startsAt: stamp(layout.instant(of: day.date, at: slot.start)),
                        endsAt: stamp(layout.instant(of: day.date, at: slot.end)))
                })
        }
        rooms = layout.rooms.map { Room(code: $0.code, name: $0.name, capacity: $0.capacity) }
        placed = contents.sessions.map { session in
            Placed(
                id: session.card.id.text, title: session.card.title, host: session.card.host,
                contact: session.card.contact, description: session.card.summary,
                url: address.url(of: session.card.id), slot: session.cell.code, day: session.day.number,
                room: session.room.code, roomName: session.room.name, start: stamp(session.interval.start),
                end: stamp(session.interval.end))
        }
        parked = contents.parked.map { card in
            Parked(
                id: card.id.text, title: card.title, host: card.host, contact: card.contact,
                description: card.summary, url: address.url(of: card.id))
        }
        blocked = contents.blocked.map { blocked in
            let interval = layout.interval(of: blocked.cell)
            return Blocked(
                slot: blocked.cell.code, day: blocked.cell.day, room: blocked.cell.room,
                start: stamp(interval?.start), end: stamp(interval?.end), reason: blocked.reason,
                by: blocked.byStaff ? "staff" : "layout")
        }
    }
}
