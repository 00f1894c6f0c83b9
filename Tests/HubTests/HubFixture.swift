import BoardModel
import Foundation
import Sync
import SyncWire

/// A small conference for the hub's tests: one day, three rooms, 10:00 to 13:00.
enum HubFixture {
    static let layout: ConferenceLayout = {
        let yaml = """
            event: Hub Test Conf
            timezone: Europe/Berlin
            freeze_minutes: 10
            rooms:
              - { code: R1, name: Room One }
              - { code: R2, name: Room Two }
              - { code: R3, name: Room Three }
            days:
              - date: "2027-05-14"
                label: Fri
                slots: ["10:00-11:00", "11:00-12:00", "12:00-13:00"]
            """
        return try! ConferenceLayout.parse(yaml: yaml, file: "hub-test.yaml")
    }()

    /// 09:00 on the day: every slot is open for hosts.
    static let morning = layout.instant(day: 1, at: ClockTime(hour: 9, minute: 0))!

    static let codes = ScanCodeFormat(hub: "https://os.example.org")

    /// The n-th cell: rooms first, then slots.
    static func cell(_ index: Int) -> CellRef {
        let cells = layout.cells(onDay: 1)
        return cells[index % cells.count]
    }

    static func card(_ title: String, host: String = "Host") -> Card {
        Card(id: CardID.random(), title: title, host: host, contact: "@host")
    }

    static func pushed(_ id: Int64, _ mutation: Mutation, actor: Actor = .host, at date: Date) -> PushedMutation {
        PushedMutation(id: id, mutation: mutation, actor: actor, createdAt: date)
    }
}
