import BoardModel
import EPaper
import Foundation
import LinuxIO
import Printer

/// Everything one board's service needs to start, from `/etc/openspace/board.yaml` (example:
/// deploy/examples/board.yaml), the environment and command-line options; see `ConfigReader`
/// for the order. `load` refuses the first bad value with its key and the reason.
public struct BoardConfig: Sendable {
    /// The board's name for people, on the boot screen ("Hall A, by the stairs").
    public var name: String?
    /// The conference layout file (YAML).
    public var layoutPath = "deploy/examples/conference.yaml"
    /// The board's journal (SQLite; created if missing).
    public var journalPath = "out/board/journal.sqlite"
    /// The staff badges' public key (52 Crockford base32 symbols); nil accepts no badge.
    public var badgeKey: String?
    /// The address printed codes start with (`<codes>/C/<card>`): the hub's public address.
    public var codesBase = "https://os.example.org"
    public var hub: HubLink?
    public var panel = Panel()
    public var scanner: ScannerSelection?
    public var scanSuffix = "enter"
    public var printer: PrinterSelection?
    public var paper = PrinterProfile.paper58mm
    /// Seconds between tries while the printer is missing or not ready.
    public var printerRetry = 5.0
    /// The accept/reject buzzer and LED lines, when fitted.
    public var buzzer: GPIOLineID?
    public var led: GPIOLineID?
    /// Which part of the conference the panel shows.
    public var shows = Shown()

    public init() {}

    /// How the board reaches its hub.
    public struct HubLink: Sendable, Equatable {
        /// The hub's address for sync (`http://hub.local:8080`).
        public var url: String
        /// A one-time enrolment code (from `openspace hub board add`), used when no token is kept yet.
        public var enrolCode: String?
        /// Where the token is kept; nil: `hub-token` beside the journal.
        public var tokenFile: String?
        /// Seconds between pulls when no poke arrives.
        public var pullInterval: Double = 30
        /// The venue CA's certificate (PEM) that the hub's certificate must come from; nil: the
        /// system's trust store (or `caFingerprint`).
        public var caFile: String?
        /// The SHA-256 fingerprint of the venue CA's certificate (32 bytes), which the hub sends
        /// with its own.
        public var caFingerprint: [UInt8]?

        public init(url: String, enrolCode: String? = nil, tokenFile: String? = nil, pullInterval: Double = 30) {
            self.url = url
            self.enrolCode = enrolCode
            self.tokenFile = tokenFile
            self.pullInterval = pullInterval
        }

        /// A fingerprint as written: `sha256:AB:CD:…` (from `openspace hub tls new-ca`), or the
        /// 64 hex digits alone, with or without colons.
        public static func fingerprint(_ text: String) throws -> [UInt8] {
            var hex = text.trimmingCharacters(in: .whitespaces).lowercased()
            if hex.hasPrefix("sha256:") { hex.removeFirst("sha256:".count) }
            hex.removeAll { $0 == ":" || $0 == " " }
            guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
                throw Reason(
                    "not a SHA-256 fingerprint: write it as `openspace hub tls show` prints it (sha256:AB:CD:… 32 bytes)"
                )
            }
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                bytes.append(UInt8(hex[index..<next], radix: 16)!)
                index = next
            }
            return bytes
        }
    }

    /// The e-paper panel: which one, its wiring and how it refreshes.
    public struct Panel: Sendable {
        public enum Model: String, Sendable, CaseIterable {
            /// The Waveshare 7.5" V2 (800x480, UC8179) on the Pi's GPIO and SPI.
            case waveshare75V2 = "waveshare-7in5-v2"
            /// The controller emulator, driven by the same driver: no hardware needed.
            case simulated
        }
        public var model = Model.waveshare75V2
        public var pins = PanelPins()
        /// Seconds to wait for BUSY before resetting the panel.
        public var busyTimeout = 10.0
        public var refresh = RefreshPlanner()
        /// A folder to write every shown frame into as PNG (nil: none).
        public var frames: String?
        /// A file recording every GPIO write, SPI transfer and BUSY wait (nil: none).
        public var trace: String?
        /// How fast the simulated panel is: as the real one (the default), or instant.
        public var timing = Timing.realistic

        /// How long the simulated panel's refreshes take; the real panel takes its own time.
        public enum Timing: String, Sendable, CaseIterable {
            /// BUSY held for the real panel's measured times (4.2 s full, 1.6 s partial).
            case realistic
            /// No waiting at all, for tests that do not look at time.
            case instant
        }
    }

    /// The rooms and slots this board's panel shows; nil means all.
    public struct Shown: Sendable, Equatable {
        public var rooms: [String]?
        /// Only slots starting at or after this time.
        public var from: ClockTime?
        /// Only slots ending at or before this time.
        public var to: ClockTime?

        /// The part of `layout` to draw: the chosen rooms in the chosen order, and the slots in
        /// the chosen window (days left with no slot keep none).
        public func apply(to layout: ConferenceLayout) -> ConferenceLayout {
            var shown = layout
            if let rooms {
                shown.rooms = rooms.compactMap { layout.room($0) }
                shown.blocked = layout.blocked.filter { rooms.contains($0.room) }
            }
            for index in shown.days.indices {
                shown.days[index].slots = shown.days[index].slots.filter { slot in
                    (from.map { slot.start >= $0 } ?? true) && (to.map { slot.end <= $0 } ?? true)
                }
            }
            return shown
        }
    }

    /// Reads the board's settings. `file` nil: defaults, the environment and the options only.
    /// `options` are the command line's overrides (key, value, option name).
    public static func load(
        file: String?, options: [(key: String, value: String?, option: String)] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> BoardConfig {
        let reader = try ConfigReader.layered(file: file, options: options, environment: environment)
        let config = try read(reader)
        try reader.finish()
        return config
    }

    /// Settings from YAML text alone (no environment, no options), as a file named `fileName`.
    public static func parse(yaml: String, fileName: String) throws(ConfigError) -> BoardConfig {
        let reader = try ConfigReader(yaml: yaml, fileName: fileName, environment: [:])
        let config = try read(reader)
        try reader.finish()
        return config
    }

    static func read(_ r: ConfigReader) throws(ConfigError) -> BoardConfig {
        var c = BoardConfig()
        c.name = try r.string("board.name")
        c.layoutPath = try r.string("board.layout", default: c.layoutPath)
        c.journalPath = try r.string("board.journal", default: c.journalPath)
        c.badgeKey = try r.parsed("board.badge_key") { text in
            guard BadgeVerifier(publicKeyText: text) != nil else {
                throw Reason("not a public key: expected 52 Crockford base32 symbols (from `openspace badge key`)")
            }
            return text
        }
        c.codesBase = try r.parsed("hub.public_url") { try Self.address($0) } ?? c.codesBase
        if let url = try r.parsed("hub.url", { try Self.address($0) }) {
            c.hub = HubLink(url: url)
        }
        let enrol = try r.string("hub.enrol")
        let tokenFile = try r.string("hub.token_file")
        let pull = try r.double("hub.pull_interval", default: 30, in: 0.2...3600, unit: "seconds")
        let caFile = try r.string("hub.ca_file")
        let caFingerprint = try r.parsed("hub.ca_fingerprint") { try HubLink.fingerprint($0) }
        if var link = c.hub {
            link.enrolCode = enrol
            link.tokenFile = tokenFile
            link.pullInterval = pull
            link.caFile = caFile
            link.caFingerprint = caFingerprint
            if caFile != nil || caFingerprint != nil {
                let key = caFile != nil ? "hub.ca_file" : "hub.ca_fingerprint"
                guard caFile == nil || caFingerprint == nil else {
                    throw r.refuse(key, "write hub.ca_file or hub.ca_fingerprint, not both")
                }
                guard link.url.lowercased().hasPrefix("https://") else {
                    throw r.refuse(key, "a CA for the hub needs an https:// hub.url (it is \(link.url))")
                }
            }
            c.hub = link
        } else if enrol != nil {
            throw r.refuse("hub.enrol", "an enrolment code needs hub.url: the hub to enrol with")
        } else if caFile != nil || caFingerprint != nil {
            throw r.refuse(caFile != nil ? "hub.ca_file" : "hub.ca_fingerprint", "a CA for the hub needs hub.url")
        }

        c.panel.model =
            try r.parsed("panel.model") { text in
                guard let model = Panel.Model(rawValue: text.lowercased()) else {
                    throw Reason(
                        "'\(text)' is not a panel model: write \(Panel.Model.allCases.map(\.rawValue).joined(separator: " or "))"
                    )
                }
                return model
            } ?? c.panel.model
        c.panel.pins.chip = try r.parsed("panel.gpio_chip") { $0.lowercased() == "auto" ? nil : $0 } ?? nil
        c.panel.pins.spiDevice =
            try r.parsed("panel.spi_device") { text in
                guard text.hasPrefix("/dev/") else {
                    throw Reason("'\(text)' is not a device path: write /dev/spidevB.C")
                }
                return text
            } ?? c.panel.pins.spiDevice
        c.panel.pins.spiSpeedHz = try r.int(
            "panel.spi_speed", default: SPIBus.defaultSpeedHz, in: 100_000...SPIBus.maximumSpeedHz, unit: "Hz")
        c.panel.pins.reset = try r.parsed("panel.pins.rst", line) ?? c.panel.pins.reset
        c.panel.pins.dataCommand = try r.parsed("panel.pins.dc", line) ?? c.panel.pins.dataCommand
        c.panel.pins.busy = try r.parsed("panel.pins.busy", line) ?? c.panel.pins.busy
        c.panel.pins.power = try r.parsed("panel.pins.pwr", optionalLine) ?? c.panel.pins.power
        c.panel.busyTimeout = try r.double("panel.busy_timeout", default: 10, in: 0.1...120, unit: "seconds")
        let partials = try r.int("panel.refresh.full_every", default: 10, in: 0...1000, unit: "partial refreshes")
        let minutes = try r.double("panel.refresh.full_interval", default: 60, in: 1...1440, unit: "minutes")
        let area = try r.double("panel.refresh.max_partial_area", default: 0.35, in: 0.01...1)
        c.panel.refresh = RefreshPlanner(
            partialLimit: partials, fullRefreshInterval: minutes * 60, maximumPartialFraction: area)
        c.panel.frames = try r.string("panel.frames")
        c.panel.trace = try r.string("panel.trace")
        c.panel.timing =
            try r.parsed("panel.timing") { text in
                guard let timing = Panel.Timing(rawValue: text.lowercased()) else {
                    throw Reason(
                        "'\(text)' is not a panel timing: write "
                            + Panel.Timing.allCases.map(\.rawValue).joined(separator: " or "))
                }
                return timing
            } ?? c.panel.timing

        c.scanner =
            try r.parsed("scanner.device") { text in
                ["none", "stdin"].contains(text.lowercased()) ? nil : try ScannerSelection(text)
            } ?? nil
        c.scanSuffix =
            try r.parsed("scanner.suffix") { text in
                guard ["enter", "tab", "none"].contains(text.lowercased()) else {
                    throw Reason("'\(text)' is not a suffix: write enter, tab or none")
                }
                return text.lowercased()
            } ?? c.scanSuffix
        c.printer =
            try r.parsed("printer.device") { text in
                text.lowercased() == "none" ? nil : try PrinterSelection(text)
            } ?? nil
        c.paper =
            try r.parsed("printer.paper") { text in
                guard let profile = PrinterProfile.named(text) else {
                    throw Reason(
                        "'\(text)' is not a paper width: write \(PrinterProfile.all.map(\.name).joined(separator: " or "))"
                    )
                }
                return profile
            } ?? c.paper
        c.printerRetry = try r.double("printer.retry", default: 5, in: 0.1...3600, unit: "seconds")
        c.buzzer = try r.parsed("feedback.buzzer", optionalLine) ?? nil
        c.led = try r.parsed("feedback.led", optionalLine) ?? nil

        c.shows.rooms = try r.list("show.rooms")?.map { $0.uppercased() }
        c.shows.from = try r.parsed("show.from", time)
        c.shows.to = try r.parsed("show.to", time)
        if let from = c.shows.from, let to = c.shows.to, to <= from {
            throw r.refuse("show.to", "\(to) is not after show.from (\(from))")
        }
        return c
    }

    /// Checks the shown rooms and slots against the layout the board loaded.
    public func checkShown(against layout: ConferenceLayout, file: String?) throws(ConfigError) {
        let shown = shows.apply(to: layout)
        let origin = file.map { ($0 as NSString).lastPathComponent } ?? "settings"
        for room in shows.rooms ?? [] where layout.room(room) == nil {
            let known = layout.rooms.map(\.code).joined(separator: ", ")
            throw ConfigError(
                key: "show.rooms", origin: origin, reason: "\(room) is not a room of the conference (\(known))")
        }
        guard shown.days.contains(where: { !$0.slots.isEmpty }) else {
            throw ConfigError(
                key: "show.from", origin: origin, reason: "no slot of the conference is between show.from and show.to")
        }
    }

    /// Where the hub token is kept: `hub.token_file`, or `hub-token` beside the journal.
    public var tokenPath: String {
        hub?.tokenFile
            ?? ((journalPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("hub-token")
    }

    /// The panel's layout: the conference restricted to what this board shows.
    public func shownLayout(of layout: ConferenceLayout) -> ConferenceLayout { shows.apply(to: layout) }

    // MARK: Value parsers

    struct Reason: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func address(_ text: String) throws -> String {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            let host = url.host, !host.isEmpty
        else { throw Reason("'\(text)' is not an http:// or https:// address") }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    static func line(_ text: String) throws -> GPIOLineID {
        if let offset = Int(text) {
            guard (0...1023).contains(offset) else { throw Reason("\(offset) is not a GPIO line offset (0 to 1023)") }
            return .offset(offset)
        }
        guard text.count <= 31, !text.contains(where: \.isNewline) else {
            throw Reason("'\(text)' is not a line: write a BCM number (17) or the line's name as gpioinfo shows it")
        }
        return .name(text)
    }

    static func optionalLine(_ text: String) throws -> GPIOLineID? {
        text.lowercased() == "none" ? nil : try line(text)
    }

    static func time(_ text: String) throws -> ClockTime {
        guard let time = ClockTime(text) else { throw Reason("'\(text)' is not a time: write HH:MM") }
        return time
    }
}
