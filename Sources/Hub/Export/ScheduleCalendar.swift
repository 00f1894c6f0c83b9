import BoardModel
import Foundation

/// `/schedule.ics`: the placed sessions as an iCalendar feed that phones and calendar apps
/// subscribe to. Each card is one VEVENT whose UID stays the same wherever the card moves, so a
/// subscribed calendar moves the event instead of adding another.
enum ScheduleCalendar {
    static let productID = "-//OpenSpace Board//Hub//EN"

    static func render(_ contents: ScheduleContents, address: HubAddress, now: Date) -> String {
        var writer = ICalendarWriter()
        writer.add("BEGIN", raw: "VCALENDAR")
        writer.add("VERSION", raw: "2.0")
        writer.add("PRODID", text: productID)
        writer.add("CALSCALE", raw: "GREGORIAN")
        writer.add("METHOD", raw: "PUBLISH")
        writer.add("X-WR-CALNAME", text: "\(contents.layout.eventName): Open Spaces")
        writer.add("X-WR-TIMEZONE", text: contents.layout.timeZone.identifier)
        let stamp = EventTimestamp.iCalendarUTC(now)
        for session in contents.sessions {
            let card = session.card
            writer.add("BEGIN", raw: "VEVENT")
            writer.add("UID", text: "\(card.id.text)@\(address.host)")
            writer.add("DTSTAMP", raw: stamp)
            writer.add("DTSTART", raw: EventTimestamp.iCalendarUTC(session.interval.start))
            writer.add("DTEND", raw: EventTimestamp.iCalendarUTC(session.interval.end))
            writer.add("SUMMARY", text: card.displayTitle)
            writer.add("LOCATION", text: session.room.name)
            writer.add("DESCRIPTION", text: description(of: card))
            writer.add("URL", raw: address.url(of: card.id))
            writer.add("CATEGORIES", text: "Open Space")
            writer.add("END", raw: "VEVENT")
        }
        writer.add("END", raw: "VCALENDAR")
        return writer.text
    }

    /// The host (and how to reach them), then what the session is about.
    static func description(of card: Card) -> String {
        var lines: [String] = []
        switch (card.host.isEmpty, card.contact.isEmpty) {
        case (false, false): lines.append("Host: \(card.host) (\(card.contact))")
        case (false, true): lines.append("Host: \(card.host)")
        case (true, false): lines.append("Contact: \(card.contact)")
        case (true, true): break
        }
        if !card.summary.isEmpty { lines.append(card.summary) }
        return lines.joined(separator: "\n\n")
    }
}
