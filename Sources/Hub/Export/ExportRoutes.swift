import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The public exports of the schedule: the hub's own JSON, an iCalendar feed and frab's JSON.
/// They are public and read-only, so any site may fetch them (conference apps in a browser do).
enum ExportRoutes {
    static func add(to router: Router<HubRequestContext>, hub: Hub) {
        router.get("schedule.json") { _, _ in
            let contents = try await hub.scheduleContents()
            return try json(ScheduleDocument(contents, address: hub.address, now: hub.now))
        }
        router.get("schedule.ics") { _, _ in
            let contents = try await hub.scheduleContents()
            let calendar = ScheduleCalendar.render(contents, address: hub.address, now: hub.now)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/calendar; charset=utf-8", .cacheControl: "no-cache",
                    .contentDisposition: "inline; filename=\"schedule.ics\"", .accessControlAllowOrigin: "*",
                ],
                body: .init(byteBuffer: ByteBuffer(string: calendar)))
        }
        router.get("schedule/frab.json") { _, _ in
            try json(FrabSchedule(try await hub.scheduleContents(), address: hub.address))
        }
    }

    /// Exports are read by people and diffed by scripts: indented, keys in a stable order.
    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8", .cacheControl: "no-cache",
                .accessControlAllowOrigin: "*",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
