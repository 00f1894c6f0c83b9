import ArgumentParser
import BoardModel
import Foundation
import Settings

/// The options every board-side command shares: the board's config file, and overrides of the
/// settings every command needs (which conference, which journal, which address codes carry).
struct BoardOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The board's config file (/etc/openspace/board.yaml on a Pi; see deploy/examples/board.yaml).",
            valueName: "file"))
    var config: String?

    @Option(help: "The conference layout file (YAML). Default: board.layout, else deploy/examples/conference.yaml.")
    var layout: String?

    @Option(help: "The board's journal (an SQLite file; created if missing). Default: board.journal.")
    var journal: String?

    @Option(help: "The hub's public address; printed codes start with it. Default: hub.public_url.")
    var hub: String?

    @Option(help: "The staff badges' public key (52 Crockford base32 symbols); without it no badge is accepted.")
    var badgeKey: String?

    /// These options as overrides of their config keys.
    var overrides: [(key: String, value: String?, option: String)] {
        [
            ("board.layout", layout, "--layout"), ("board.journal", journal, "--journal"),
            ("hub.public_url", hub, "--hub"), ("board.badge_key", badgeKey, "--badge-key"),
        ]
    }

    /// The settings: the config file (if any), the environment, then these options and `extra`.
    func resolved(_ extra: [(key: String, value: String?, option: String)] = []) throws -> BoardConfig {
        try BoardConfig.load(file: config, options: overrides + extra)
    }
}

extension BoardConfig {
    func loadLayout() throws -> ConferenceLayout {
        do {
            return try ConferenceLayout.load(path: layoutPath)
        } catch {
            throw SetupFailure("the conference layout \(layoutPath) is not usable: \(error)")
        }
    }
}

/// Reads `2027-05-14T09:30` (or with seconds) as a wall-clock time in the layout's time zone.
func parseLocalTime(_ text: String, in layout: ConferenceLayout) throws -> Date {
    let parts = text.split(separator: "T")
    guard parts.count == 2, let date = CalendarDate(String(parts[0])),
        let time = ClockTime(parts[1].prefix(5))
    else { throw ValidationError("'\(text)' is not a local time: write it as YYYY-MM-DDTHH:MM") }
    guard let instant = layout.instant(of: date, at: time) else { throw ValidationError("'\(text)' does not exist") }
    return instant
}

extension BoardConfig {
    /// What `openspace board --check` prints: the settings in effect, one per line.
    func summary(layout: ConferenceLayout) -> String {
        let shown = shownLayout(of: layout)
        let pins = panel.pins
        let lines = [
            "settings are usable",
            "board: \(name ?? "(no name)"), journal \(journalPath)",
            "layout: \(layoutPath) (\(layout.eventName)); the panel shows \(shown.rooms.map(\.code).joined(separator: ", "))",
            "hub: \(hub.map { "\($0.url), token \(tokenPath)" } ?? "none (the board works on its own)"); codes \(codesBase)",
            "panel: \(panel.model.rawValue), chip \(pins.chip ?? "auto"), \(pins.spiDevice) at \(pins.spiSpeedHz) Hz, "
                + "RST \(pins.reset) DC \(pins.dataCommand) BUSY \(pins.busy) PWR \(pins.power?.description ?? "none")",
            "scanner: \(scanner?.description ?? "none (standard input)"), suffix \(scanSuffix)",
            "printer: \(printer?.description ?? "none"), \(paper)",
            "feedback: buzzer \(buzzer?.description ?? "none"), LED \(led?.description ?? "none")",
        ]
        return lines.joined(separator: "\n")
    }
}

/// Something the settings name that cannot be used (a missing layout file): said without the usage text.
struct SetupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
