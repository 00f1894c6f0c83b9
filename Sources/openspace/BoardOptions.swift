import ArgumentParser
import BoardModel
import Foundation

/// The options every board-side command shares: which conference, which journal, which hub.
struct BoardOptions: ParsableArguments {
    @Option(help: "The conference layout file (YAML).")
    var layout = "deploy/examples/conference.yaml"

    @Option(help: "The board's journal (an SQLite file; created if missing).")
    var journal = "out/board/journal.sqlite"

    @Option(help: "The hub's address; printed codes start with it.")
    var hub = "https://os.example.org"

    @Option(help: "The staff badges' public key (52 Crockford base32 symbols); without it no badge is accepted.")
    var badgeKey: String?

    func loadLayout() throws -> ConferenceLayout {
        do {
            return try ConferenceLayout.load(path: layout)
        } catch {
            throw ValidationError("the conference layout is not usable: \(error)")
        }
    }

    var codes: ScanCodeFormat { ScanCodeFormat(hub: hub) }

    func badgeVerifier() throws -> BadgeVerifier? {
        guard let badgeKey else { return nil }
        guard let verifier = BadgeVerifier(publicKeyText: badgeKey) else {
            throw ValidationError("--badge-key is not a public key: expected 52 Crockford base32 symbols")
        }
        return verifier
    }

    /// Creates the journal's folder, so a first run needs no set-up.
    func prepareJournalFolder() throws {
        let folder = (journal as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
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
