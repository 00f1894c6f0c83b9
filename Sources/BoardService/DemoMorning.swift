import BoardModel
import Foundation

/// A scripted first morning of a conference, played through a real board on a manual clock.
///
/// It shows what hosts and staff do at the board: places, refusals, a move, a frozen slot, staff
/// placing over a card (which parks it), a removal, a timeout, titles in Chinese and with emoji.
public struct DemoMorning: Sendable {
    /// One thing that happens: time passes, or someone scans.
    public enum Event: Sendable {
        case at(ClockTime)
        case wait(seconds: Int)
        case scan(String, note: String)
    }

    public let cards: [Card]
    public let events: [Event]
    /// The badge the script's staff member scans.
    public let staffBadgeCode: String

    /// Builds the script for the first day of a layout; needs rooms and slots like the example's.
    public init(layout: ConferenceLayout, codes: ScanCodeFormat, badge: StaffBadge) {
        var generator = SeededGenerator(seed: 2027)
        func card(_ title: String, _ host: String, _ contact: String, _ summary: String = "") -> Card {
            Card(id: .random(using: &generator), title: title, host: host, contact: contact, summary: summary)
        }
        let packaging = card("Packaging pain: wheels, sdists and you", "Priya N.", "@priya")
        let testing = card("Property-based testing in practice", "Tomás R.", "@tomas")
        let education = card("開放空間：Python 與教育", "林怡君", "@yijun")
        let coffee = card("☕ Coffee & open source maintainers 🐍", "Sam K.", "sam@example.org")
        let asyncIO = card("Async Python: what actually hurts?", "Dana W.", "@danaw")
        let blank = Card(id: .random(using: &generator), title: "", host: "", contact: "")
        let firstTimers = card("First-time speakers meetup", "Lee", "@lee")
        cards = [packaging, testing, education, coffee, asyncIO, blank, firstTimers]

        let day = layout.days[0].number
        let slots = layout.days[0].slots.map(\.start)
        let rooms = layout.rooms.map(\.code)
        func slot(_ room: Int, _ slot: Int) -> String {
            codes.code(for: CellRef(day: day, room: rooms[room % rooms.count], start: slots[slot % slots.count]))
        }
        func code(_ card: Card) -> String { codes.code(for: card.id) }
        let blockedCell = layout.blocked.first { $0.day == day }.flatMap { span in
            layout.days[0].slots.first { $0.start >= span.from && $0.start < span.to }.map {
                codes.code(for: CellRef(day: day, room: span.room, start: $0.start))
            }
        }
        staffBadgeCode = codes.code(for: badge)

        var events: [Event] = [
            .at(ClockTime(hour: 9, minute: 15)),
            .scan(code(packaging), note: "a host scans a card"),
            .scan(slot(0, 0), note: "then a free slot: placed"),
            .wait(seconds: 20),
            .scan(slot(1, 0), note: "slot first"),
            .scan(code(testing), note: "then the card: placed"),
            .wait(seconds: 30),
            .scan(code(asyncIO), note: "another host"),
            .scan(slot(0, 0), note: "a taken slot: refused with the other card's title"),
        ]
        if let blockedCell {
            events += [.scan(blockedCell, note: "a blocked slot: refused with the reason")]
        }
        events += [
            .scan(slot(2, 1), note: "a free slot: placed"),
            .wait(seconds: 40),
            .scan("4006381333931", note: "a product barcode: refused"),
            .scan(code(education).lowercased(), note: "a scanner on the wrong keyboard layout: refused"),
            .scan(code(education), note: "a card with a Chinese title"),
            .scan(slot(6, 1), note: "placed in the garden"),
            .wait(seconds: 30),
            .scan(code(packaging), note: "a placed card: the board says where it is"),
            .scan(slot(3, 1), note: "a new slot: moved"),
            .at(ClockTime(hour: 9, minute: 52)),
            .scan(code(coffee), note: "a card with emoji"),
            .scan(slot(4, 0), note: "a slot starting in 8 minutes: frozen for hosts"),
            .scan(staffBadgeCode, note: "a staff badge: staff mode"),
            .scan(code(coffee), note: "staff scans the card"),
            .scan(slot(1, 0), note: "over a taken slot: placed, the other card is parked"),
            .scan(staffBadgeCode, note: "the badge again: staff mode off"),
            .wait(seconds: 30),
            .scan(code(testing), note: "the parked card"),
            .scan(slot(1, 2), note: "gets a new slot"),
            .scan(ScanCode.Command.remove.rawValue, note: "the remove label"),
            .scan(code(asyncIO), note: "then a card: removed"),
            .at(ClockTime(hour: 10, minute: 5)),
            .scan(code(blank), note: "a blank card with a handwritten topic"),
            .scan(slot(5, 2), note: "placed"),
            .scan(code(firstTimers), note: "a host scans a card and walks away"),
            .wait(seconds: 45),
            .scan(slot(7, 3), note: "too late: the pair timed out, so this slot now waits for a card"),
            .scan(code(firstTimers), note: "the card again: placed"),
            .at(ClockTime(hour: 11, minute: 2)),
        ]
        self.events = events
    }
}
