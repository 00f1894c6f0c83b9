import BoardModel
import Crypto
import Foundation
import Scanner

extension FuzzTargets {
    /// A small conference for the scan-code target: two rooms, a day of three slots.
    static let layout: ConferenceLayout = {
        let yaml = """
            event: Fuzz Conf
            timezone: Europe/Berlin
            rooms: [{ code: R1, name: One }, { code: R101, name: Two }]
            days: [{ date: "2027-05-14", label: Fri, slots: ["10:00-11:00", "11:00-12:00", "12:00-13:00"] }]
            """
        do {
            return try ConferenceLayout.parse(yaml: yaml, file: "fuzz.yaml")
        } catch {
            fatalError("the fuzz targets' own layout is refused: \(error)")
        }
    }()

    static let codes = ScanCodeFormat(hub: "HTTPS://OS.EXAMPLE.ORG")

    /// Badges signed with a fixed key, so seeds can hold valid ones.
    static let badges = BadgeVerifier(
        publicKey: (try? Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)))!
            .publicKey)

    /// Scanned text, as the board reads it: card, slot, badge and command codes, and everything else.
    /// A code that parses is written again by the format and must parse to the same.
    static let scanCodes = FuzzTarget("scan-codes") { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        let today = CalendarDate(year: 2027, month: 5, day: 14)
        guard case .success(let code) = codes.parse(text, layout: layout, badges: badges, today: today) else { return }
        let again: String
        switch code {
        case .card(let id): again = codes.code(for: id)
        case .slot(let cell): again = codes.code(for: cell)
        case .badge(let badge): again = codes.code(for: badge)
        case .command(let command): again = codes.code(for: command)
        }
        let reparsed = codes.parse(again, layout: layout, badges: badges, today: today)
        precondition(reparsed == .success(code), "\(code) written as \(again) parses as \(reparsed)")
    }

    /// Bytes read from an evdev device (`struct input_event`s), in reads of the size the input's
    /// first byte chooses (a pipe splits events), through the decoder into the scan assembler.
    static let scanEvdev = FuzzTarget("scan-evdev") { bytes in
        var input = FuzzInput(bytes)
        let readSize = Int(input.byte() % 64) + 1
        var decoder = EvdevEventDecoder()
        var assembler = ScanAssembler()
        var last = Duration.zero
        while !input.isEmpty {
            let read = input.take(readSize)
            for decoded in read.withUnsafeBytes({ decoder.decode($0) }) {
                switch decoded {
                case .key(let event):
                    last = max(last, event.time)
                    check(assembler.feed(event), rules: assembler.rules)
                case .overrun(let time):
                    check(assembler.abandon(because: .inputOverrun, at: time), rules: assembler.rules)
                }
            }
        }
        check(assembler.tick(at: last + .seconds(10)), rules: assembler.rules)
    }

    /// USB HID boot keyboard reports, 8 bytes each and 4 ms apart, into the assembler.
    static let scanHID = FuzzTarget("scan-hid") { bytes in
        var input = FuzzInput(bytes)
        var assembler = ScanAssembler()
        var previous = BootKeyboardReport(modifiers: 0, keys: [])
        var time = Duration.zero
        while !input.isEmpty {
            time += .milliseconds(4)
            guard let report = BootKeyboardReport(bytes: input.take(8)) else { continue }
            for event in report.keyEvents(after: previous, at: time) {
                check(assembler.feed(event), rules: assembler.rules)
            }
            previous = report
        }
        check(assembler.tick(at: time + .seconds(10)), rules: assembler.rules)
    }

    /// A serial scanner's bytes, in reads of the size the first byte chooses, the second byte's
    /// milliseconds apart, through the line splitter.
    static let scanSerial = FuzzTarget("scan-serial") { bytes in
        var input = FuzzInput(bytes)
        let readSize = Int(input.byte() % 32) + 1
        let pause = Duration.milliseconds(Int(input.byte()))
        var splitter = SerialLineSplitter()
        var time = Duration.zero
        while !input.isEmpty {
            time += pause
            check(splitter.feed(input.take(readSize), at: time), rules: ScanRules())
        }
        check(splitter.tick(at: time + .seconds(10)), rules: ScanRules())
    }

    /// What every assembled scan must be: within the length limit, one line.
    static func check(_ events: [ScannerEvent], rules: ScanRules) {
        for case .scan(let text) in events {
            precondition(!text.isEmpty, "an empty scan")
            precondition(text.utf8.count <= rules.maximumLength * 4, "a scan of \(text.count) characters")
            precondition(!text.contains("\n") && !text.contains("\r"), "a scan holding a line end: \(text)")
        }
    }
}
