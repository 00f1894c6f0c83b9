import BoardModel
import Foundation

/// Writes instants the ways the exports and pages need them, without a shared formatter object
/// (Foundation's formatters are not `Sendable`, and these few shapes are simple).
enum EventTimestamp {
    /// ISO 8601 with the offset of `timeZone` at that instant: `2027-05-14T10:00:00+02:00`.
    static func iso8601(_ date: Date, in timeZone: TimeZone) -> String {
        let parts = calendar(timeZone).dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let offsetText = "\(sign)\(two(abs(offset) / 3600)):\(two(abs(offset) % 3600 / 60))"
        return "\(four(parts.year ?? 0))-\(two(parts.month ?? 0))-\(two(parts.day ?? 0))"
            + "T\(two(parts.hour ?? 0)):\(two(parts.minute ?? 0)):\(two(parts.second ?? 0))\(offsetText)"
    }

    /// ISO 8601 in UTC: `2027-05-14T08:00:00Z`.
    static func utc(_ date: Date) -> String {
        let parts = calendar(.gmt).dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return "\(four(parts.year ?? 0))-\(two(parts.month ?? 0))-\(two(parts.day ?? 0))"
            + "T\(two(parts.hour ?? 0)):\(two(parts.minute ?? 0)):\(two(parts.second ?? 0))Z"
    }

    /// iCalendar's UTC DATE-TIME form (RFC 5545 3.3.5): `20270514T080000Z`.
    static func iCalendarUTC(_ date: Date) -> String {
        utc(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    /// A moment as people at the event read it: `2027-05-14 09:03` in the event's time zone.
    static func local(_ date: Date, layout: ConferenceLayout) -> String {
        "\(layout.localDate(of: date)) \(layout.clockTime(at: date))"
    }

    /// A length of time as frab writes durations: `01:00`.
    static func hoursAndMinutes(_ minutes: Int) -> String { "\(two(minutes / 60)):\(two(minutes % 60))" }

    private static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func four(_ value: Int) -> String {
        String(repeating: "0", count: max(0, 4 - "\(value)".count)) + "\(value)"
    }
}
