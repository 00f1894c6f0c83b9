import BoardModel
import Foundation
import HummingbirdTesting
import XCTest

@testable import Hub

/// The schedule exports: the hub's JSON, the iCalendar feed and frab's schedule.json.
final class ExportTests: XCTestCase {
    private var hubs: [WebTestHub] = []

    override func tearDown() async throws {
        for hub in hubs { hub.remove() }
        hubs = []
        try await super.tearDown()
    }

    /// A hub with two placed cards (one with text that needs escaping) and one parked.
    private func makeHub() async throws -> (WebTestHub, placed: [Card], parked: Card) {
        let web = try await WebTestHub()
        hubs.append(web)
        let tricky = Card(
            id: CardID.random(), title: "Rust, Go; C\\C++ and a very long title that needs folding",
            host: "Ada, Grace", contact: "@ada", summary: "Line one\nLine two; with, punctuation")
        _ = try await web.hub.perform(.registerCard(tricky), actor: .host)
        _ = try await web.hub.perform(.place(tricky.id, HubFixture.cell(4)), actor: .host)
        let plain = try await web.card("Testing", host: "Kent", at: HubFixture.cell(0))
        let parked = try await web.card("Waiting", at: HubFixture.cell(0))
        return (web, [plain, tricky], parked)
    }

    // MARK: schedule.json

    func testScheduleJSONListsDaysRoomsPlacedAndParkedCards() async throws {
        let (web, placed, parked) = try await makeHub()
        let body = try await web.test { client in
            let response = try await client.get("/schedule.json")
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8")
            return Data(response.text.utf8)
        }
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        XCTAssertEqual(json["event"] as? String, "Hub Test Conf")
        XCTAssertEqual(json["timeZone"] as? String, "Europe/Berlin")
        let days = try XCTUnwrap(json["days"] as? [[String: Any]])
        XCTAssertEqual(days.first?["date"] as? String, "2027-05-14")
        let slots = try XCTUnwrap(days.first?["slots"] as? [[String: Any]])
        XCTAssertEqual(slots.count, 3)
        XCTAssertEqual(slots.first?["startsAt"] as? String, "2027-05-14T10:00:00+02:00")
        XCTAssertEqual((json["rooms"] as? [[String: Any]])?.map { $0["code"] as? String }, ["R1", "R2", "R3"])

        let sessions = try XCTUnwrap(json["placed"] as? [[String: Any]])
        XCTAssertEqual(sessions.map { $0["id"] as? String }, placed.map(\.id.text), "in slot order")
        XCTAssertEqual(sessions.first?["start"] as? String, "2027-05-14T10:00:00+02:00")
        XCTAssertEqual(sessions.first?["end"] as? String, "2027-05-14T11:00:00+02:00")
        XCTAssertEqual(sessions.first?["roomName"] as? String, "Room One")
        XCTAssertEqual(sessions.first?["url"] as? String, "https://os.example.org/C/\(placed[0].id.text)")
        XCTAssertEqual(sessions.last?["description"] as? String, placed[1].summary)
        let lane = try XCTUnwrap(json["parked"] as? [[String: Any]])
        XCTAssertEqual(lane.map { $0["id"] as? String }, [parked.id.text])
    }

    // MARK: iCalendar

    func testICalendarHasOneEventPerPlacedCardWithEscapedFoldedText() async throws {
        let (web, placed, parked) = try await makeHub()
        let calendar = try await web.test { client in
            let response = try await client.get("/schedule.ics")
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(response.headers[.contentType], "text/calendar; charset=utf-8")
            return response.text
        }
        XCTAssertTrue(calendar.hasSuffix("END:VCALENDAR\r\n"))
        let rawLines = calendar.components(separatedBy: "\r\n").dropLast()
        XCTAssertFalse(rawLines.contains { $0.contains("\n") || $0.contains("\r") }, "every line ends in CRLF")
        for line in rawLines {
            XCTAssertLessThanOrEqual(line.utf8.count, 75, "folded at 75 octets: \(line)")
        }
        XCTAssertTrue(rawLines.contains { $0.hasPrefix(" ") }, "the long title is folded")

        let lines = ICalendarLines.unfold(calendar)
        XCTAssertEqual(lines.first, "BEGIN:VCALENDAR")
        XCTAssertTrue(lines.contains("VERSION:2.0"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("PRODID:") })
        let events = ICalendarLines.events(in: lines)
        XCTAssertEqual(events.count, 2, "one VEVENT per placed card, none for the parked one")
        XCTAssertFalse(calendar.contains(parked.id.text))

        let plain = try XCTUnwrap(events.first { $0["UID"] == "\(placed[0].id.text)@os.example.org" })
        XCTAssertEqual(plain["DTSTART"], "20270514T080000Z", "10:00 in Berlin is 08:00 UTC in May")
        XCTAssertEqual(plain["DTEND"], "20270514T090000Z")
        XCTAssertEqual(plain["DTSTAMP"], "20270514T070000Z")
        XCTAssertEqual(plain["SUMMARY"], "Testing")
        XCTAssertEqual(plain["LOCATION"], "Room One")
        XCTAssertEqual(plain["URL"], "https://os.example.org/C/\(placed[0].id.text)")

        let tricky = try XCTUnwrap(events.first { $0["UID"] == "\(placed[1].id.text)@os.example.org" })
        XCTAssertEqual(tricky["SUMMARY"], "Rust\\, Go\\; C\\\\C++ and a very long title that needs folding")
        XCTAssertEqual(
            tricky["DESCRIPTION"], "Host: Ada\\, Grace (@ada)\\n\\nLine one\\nLine two\\; with\\, punctuation")
        XCTAssertEqual(tricky["LOCATION"], "Room Two")
        XCTAssertEqual(tricky["DTSTART"], "20270514T090000Z")
    }

    func testFoldingNeverSplitsACharacterAndUnfoldsToTheOriginal() {
        let line = "SUMMARY:" + String(repeating: "開放空間🙂é", count: 12)
        let folded = ICalendarWriter.fold(line)
        for part in folded.components(separatedBy: "\r\n") {
            XCTAssertLessThanOrEqual(part.utf8.count, 75)
            XCTAssertNotNil(String(data: Data(part.utf8), encoding: .utf8), "whole characters only")
        }
        XCTAssertEqual(folded.replacingOccurrences(of: "\r\n ", with: ""), line)
        XCTAssertEqual(ICalendarWriter.fold("SHORT:line"), "SHORT:line")
        XCTAssertEqual(ICalendarWriter.escape("a\r\nb\u{7}c\td"), "a\\nbc\td")
    }

    // MARK: frab

    func testFrabScheduleHasTheKeysConferenceAppsRead() async throws {
        let (web, placed, _) = try await makeHub()
        let body = try await web.test { client in
            let response = try await client.get("/schedule/frab.json")
            XCTAssertEqual(response.status, .ok)
            return Data(response.text.utf8)
        }
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        XCTAssertEqual(root["$schema"] as? String, "https://c3voc.de/schedule/schema.json")
        let schedule = try XCTUnwrap(root["schedule"] as? [String: Any])
        XCTAssertNotNil(schedule["version"] as? String)
        XCTAssertEqual(schedule["base_url"] as? String, "https://os.example.org/")
        let conference = try XCTUnwrap(schedule["conference"] as? [String: Any])
        XCTAssertEqual(conference["title"] as? String, "Hub Test Conf")
        XCTAssertEqual(conference["acronym"] as? String, "hub-test-conf")
        XCTAssertEqual(conference["start"] as? String, "2027-05-14")
        XCTAssertEqual(conference["end"] as? String, "2027-05-14")
        XCTAssertEqual(conference["daysCount"] as? Int, 1)
        XCTAssertEqual(conference["timeslot_duration"] as? String, "01:00")
        XCTAssertEqual(conference["time_zone_name"] as? String, "Europe/Berlin")
        let rooms = try XCTUnwrap(conference["rooms"] as? [[String: Any]])
        XCTAssertEqual(rooms.map { $0["name"] as? String }, ["Room One", "Room Two", "Room Three"])
        XCTAssertTrue(rooms.allSatisfy { ($0["guid"] as? String).flatMap(UUID.init(uuidString:)) != nil })

        let days = try XCTUnwrap(conference["days"] as? [[String: Any]])
        XCTAssertEqual(days.count, 1)
        let day = try XCTUnwrap(days.first)
        XCTAssertEqual(day["index"] as? Int, 1)
        XCTAssertEqual(day["date"] as? String, "2027-05-14")
        XCTAssertEqual(day["day_start"] as? String, "2027-05-14T10:00:00+02:00")
        XCTAssertEqual(day["day_end"] as? String, "2027-05-14T13:00:00+02:00")
        let byRoom = try XCTUnwrap(day["rooms"] as? [String: [[String: Any]]])
        XCTAssertEqual(Set(byRoom.keys), ["Room One", "Room Two", "Room Three"], "every room, booked or not")
        XCTAssertEqual(byRoom["Room Three"]?.count, 0)

        let event = try XCTUnwrap(byRoom["Room One"]?.first)
        let keys = [
            "id", "guid", "date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track", "type",
            "language", "abstract", "description", "persons", "links", "attachments",
        ]
        for key in keys { XCTAssertTrue(event.keys.contains(key), "an event has \(key)") }
        XCTAssertEqual(event["id"] as? Int, FrabSchedule.numericID(of: placed[0].id))
        XCTAssertEqual(event["date"] as? String, "2027-05-14T10:00:00+02:00")
        XCTAssertEqual(event["start"] as? String, "10:00")
        XCTAssertEqual(event["duration"] as? String, "01:00")
        XCTAssertEqual(event["room"] as? String, "Room One")
        XCTAssertEqual(event["title"] as? String, "Testing")
        XCTAssertEqual(event["track"] as? String, "Open Space")
        XCTAssertEqual(event["type"] as? String, "open-space")
        XCTAssertTrue(event["language"] is NSNull)
        XCTAssertEqual(event["slug"] as? String, "hub-test-conf-\(placed[0].id.text.lowercased())-testing")
        XCTAssertEqual(event["url"] as? String, "https://os.example.org/C/\(placed[0].id.text)")
        XCTAssertEqual((event["persons"] as? [[String: Any]])?.first?["public_name"] as? String, "Kent")
        let guid = try XCTUnwrap((event["guid"] as? String).flatMap(UUID.init(uuidString:)))
        XCTAssertEqual(guid, NameBasedUUID.make(name: "https://os.example.org/C/\(placed[0].id.text)"))
        XCTAssertEqual(guid.uuidString.dropFirst(14).first, "5", "a version 5, name-based UUID")

        let again = try await web.test { client in Data(try await client.get("/schedule/frab.json").text.utf8) }
        XCTAssertEqual(again, body, "the same schedule gives the same document")
    }

    func testNameBasedUUIDMatchesTheKnownVector() {
        // Python's uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"), from its documentation.
        let dns = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
        XCTAssertEqual(
            NameBasedUUID.make(name: "python.org", namespace: dns).uuidString.lowercased(),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }
}

/// Reads iCalendar text back: unfolds continuation lines and collects each VEVENT's properties.
enum ICalendarLines {
    static func unfold(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    static func events(in lines: [String]) -> [[String: String]] {
        var events: [[String: String]] = []
        var current: [String: String]?
        for line in lines {
            if line == "BEGIN:VEVENT" {
                current = [:]
            } else if line == "END:VEVENT", let event = current {
                events.append(event)
                current = nil
            } else if let colon = line.firstIndex(of: ":") {
                current?[String(line[..<colon])] = String(line[line.index(after: colon)...])
            }
        }
        return events
    }
}
