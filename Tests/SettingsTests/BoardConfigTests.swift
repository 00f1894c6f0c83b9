import BoardModel
import Foundation
import LinuxIO
import Settings
import XCTest

@testable import Settings

final class BoardConfigTests: XCTestCase {
    private func load(
        _ yaml: String, environment: [String: String] = [:],
        options: [(key: String, value: String?, option: String)] = []
    ) throws -> BoardConfig {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("board-\(UUID()).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try BoardConfig.load(file: path, options: options, environment: environment)
    }

    /// The refusal `yaml` gets, or a failure when it is accepted.
    private func refusal(
        _ yaml: String, environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line
    ) -> ConfigError? {
        do {
            _ = try load(yaml, environment: environment)
            XCTFail("accepted:\n\(yaml)", file: file, line: line)
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            XCTFail("not a ConfigError: \(error)", file: file, line: line)
            return nil
        }
    }

    func testTheExampleFileIsReadWithEveryKeyKnown() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/examples/board.yaml").path
        let config = try BoardConfig.load(file: example, environment: [:])
        XCTAssertEqual(config.name, "Hall A, by the stairs")
        XCTAssertEqual(config.hub?.url, "http://hub.local:8080")
        XCTAssertEqual(config.panel.model, .waveshare75V2)
        XCTAssertEqual(config.panel.pins.spiDevice, "/dev/spidev0.0")
        XCTAssertEqual(config.panel.pins.reset, .offset(17))
        XCTAssertEqual(config.panel.pins.power, .offset(18))
        XCTAssertEqual(config.scanner, try ScannerSelection("evdev:05e0:1200"))
        XCTAssertEqual(config.printer, try PrinterSelection("usb:0416:5011"))
        XCTAssertEqual(config.paper.name, "58mm")
    }

    func testAnEmptyFileGivesTheDefaults() throws {
        let config = try load("")
        XCTAssertNil(config.hub)
        XCTAssertNil(config.scanner)
        XCTAssertNil(config.printer)
        XCTAssertEqual(config.panel.pins.spiSpeedHz, SPIBus.defaultSpeedHz)
        XCTAssertEqual(config.panel.refresh.partialLimit, 10)
        XCTAssertEqual(config.journalPath, "out/board/journal.sqlite")
    }

    func testValuesAreRead() throws {
        let config = try load(
            """
            board: { name: Garden, journal: /var/lib/openspace/board/journal.sqlite }
            hub: { url: "https://hub.example.org/", enrol: ABCD-EFGH, pull_interval: 5 }
            panel:
              model: simulated
              gpio_chip: pinctrl-rp1
              spi_speed: 8_000_000
              pins: { rst: 5, dc: DC_LINE, busy: 6, pwr: none }
              refresh: { full_every: 3, full_interval: 30, max_partial_area: 0.5 }
            scanner: { device: "usb:1d6b:0104", suffix: tab }
            printer: { device: /dev/usb/lp0, paper: 80mm, retry: 2.5 }
            feedback: { buzzer: 23, led: 22 }
            show: { rooms: [r101, R102], from: "10:00", to: "14:00" }
            """)
        XCTAssertEqual(config.name, "Garden")
        XCTAssertEqual(config.hub, .init(url: "https://hub.example.org", enrolCode: "ABCD-EFGH", pullInterval: 5))
        XCTAssertEqual(config.panel.model, .simulated)
        XCTAssertEqual(config.panel.pins.chip, "pinctrl-rp1")
        XCTAssertEqual(config.panel.pins.spiSpeedHz, 8_000_000)
        XCTAssertEqual(config.panel.pins.reset, .offset(5))
        XCTAssertEqual(config.panel.pins.dataCommand, .name("DC_LINE"))
        XCTAssertNil(config.panel.pins.power)
        XCTAssertEqual(config.panel.refresh.partialLimit, 3)
        XCTAssertEqual(config.panel.refresh.fullRefreshInterval, 1800)
        XCTAssertEqual(config.panel.refresh.maximumPartialFraction, 0.5)
        XCTAssertEqual(config.scanner, .usb(vendor: 0x1d6b, product: 0x0104))
        XCTAssertEqual(config.scanSuffix, "tab")
        XCTAssertEqual(config.printer, try PrinterSelection("/dev/usb/lp0"))
        XCTAssertEqual(config.paper.name, "80mm")
        XCTAssertEqual(config.printerRetry, 2.5)
        XCTAssertEqual(config.buzzer, .offset(23))
        XCTAssertEqual(config.led, .offset(22))
        XCTAssertEqual(config.shows.rooms, ["R101", "R102"])
        XCTAssertEqual(config.shows.from, ClockTime("10:00"))
    }

    func testTheEnvironmentOverridesTheFileAndOptionsOverrideBoth() throws {
        let yaml = "panel: { spi_speed: 2000000, busy_timeout: 5 }\nshow: { rooms: [R101] }\n"
        let environment = ["OPENSPACE_PANEL_SPI_SPEED": "1000000", "OPENSPACE_SHOW_ROOMS": "R103, R104"]
        let fromEnvironment = try load(yaml, environment: environment)
        XCTAssertEqual(fromEnvironment.panel.pins.spiSpeedHz, 1_000_000)
        XCTAssertEqual(fromEnvironment.panel.busyTimeout, 5)
        XCTAssertEqual(fromEnvironment.shows.rooms, ["R103", "R104"])
        let fromOption = try load(
            yaml, environment: environment, options: [("panel.spi_speed", "3000000", "--spi-speed")])
        XCTAssertEqual(fromOption.panel.pins.spiSpeedHz, 3_000_000)
    }

    func testBadValuesAreRefusedWithTheKeyTheLineAndTheReason() {
        let speed = refusal("# the panel\npanel:\n  spi_speed: fast\n")
        XCTAssertEqual(speed?.key, "panel.spi_speed")
        XCTAssertTrue(speed?.origin.hasSuffix(".yaml line 3") == true, speed?.origin ?? "")
        XCTAssertEqual(speed?.reason, "'fast' is not a whole number of Hz")

        let tooFast = refusal("panel: { spi_speed: 50000000 }")
        XCTAssertEqual(tooFast?.reason, "50000000 is out of range: write 100000 to 20000000 Hz")

        let pin = refusal("panel: { pins: { rst: 4096 } }")
        XCTAssertEqual(pin?.key, "panel.pins.rst")
        XCTAssertEqual(pin?.reason, "4096 is not a GPIO line offset (0 to 1023)")

        XCTAssertEqual(refusal("scanner: { device: 'bluetooth:x' }")?.key, "scanner.device")
        XCTAssertEqual(refusal("printer: { paper: 110mm }")?.reason, "'110mm' is not a paper width: write 58mm or 80mm")
        XCTAssertEqual(
            refusal("hub: { url: 'ftp://hub' }")?.reason, "'ftp://hub' is not an http:// or https:// address")
        XCTAssertEqual(refusal("hub: { enrol: ABCD }")?.key, "hub.enrol")
        XCTAssertEqual(refusal("panel: { model: inky }")?.key, "panel.model")
        XCTAssertEqual(refusal("show: { from: '14:00', to: '10:00' }")?.key, "show.to")
        XCTAssertEqual(refusal("board: { badge_key: nope }")?.key, "board.badge_key")
        XCTAssertEqual(refusal("panel: { pins: [1, 2] }")?.key, "panel.pins")
    }

    func testTheHubsCAIsAFileOrAPinnedFingerprintForAnHTTPSHub() throws {
        let hex = String(repeating: "ab", count: 32)
        let pinned = try load("hub: { url: 'https://hub.venue.lan:8443', ca_fingerprint: 'sha256:\(hex)' }")
        XCTAssertEqual(pinned.hub?.caFingerprint, Array(repeating: 0xAB, count: 32))
        let colons = stride(from: 0, to: 64, by: 2).map { _ in "AB" }.joined(separator: ":")
        let printed = try load("hub: { url: 'https://hub.venue.lan', ca_fingerprint: 'sha256:\(colons)' }")
        XCTAssertEqual(printed.hub?.caFingerprint, pinned.hub?.caFingerprint, "as `hub tls show` prints it")
        let file = try load("hub: { url: 'https://hub.venue.lan', ca_file: /etc/openspace/hub-ca.pem }")
        XCTAssertEqual(file.hub?.caFile, "/etc/openspace/hub-ca.pem")
        XCTAssertNil(try load("hub: { url: 'https://os.example.org' }").hub?.caFile, "the system's trust store")

        XCTAssertEqual(refusal("hub: { url: 'https://h', ca_fingerprint: 'sha256:abcd' }")?.key, "hub.ca_fingerprint")
        XCTAssertEqual(
            refusal("hub: { url: 'http://h:8080', ca_file: /etc/ca.pem }")?.reason,
            "a CA for the hub needs an https:// hub.url (it is http://h:8080)")
        XCTAssertEqual(
            refusal("hub: { url: 'https://h', ca_file: /etc/ca.pem, ca_fingerprint: '\(hex)' }")?.reason,
            "write hub.ca_file or hub.ca_fingerprint, not both")
        XCTAssertEqual(refusal("hub: { ca_file: /etc/ca.pem }")?.key, "hub.ca_file")
    }

    func testAnEnvironmentValueIsRefusedByItsName() {
        let error = refusal("", environment: ["OPENSPACE_PANEL_BUSY_TIMEOUT": "-1"])
        XCTAssertEqual(error?.origin, "environment OPENSPACE_PANEL_BUSY_TIMEOUT")
        XCTAssertEqual(error?.reason, "-1 is out of range: write 0.1 to 120 seconds")
    }

    func testUnknownKeysAreRefusedWithTheClosestKnownOne() {
        let typo = refusal("panel:\n  spi_sped: 4000000\n")
        XCTAssertEqual(typo?.key, "panel.spi_sped")
        XCTAssertEqual(typo?.reason, "not a setting this file has (did you mean panel.spi_speed?)")
        XCTAssertEqual(refusal("colour: red")?.reason, "not a setting this file has")
        XCTAssertEqual(refusal("panel: 5")?.reason, "is a section: write its settings beneath it")
    }

    func testMalformedFilesAreRefused() {
        XCTAssertEqual(refusal("panel: { spi_speed: 1\n")?.key, "(file)")
        XCTAssertEqual(refusal("- a\n- b\n")?.reason, "the file must be a mapping of keys to values")
        let twice = refusal("panel: { spi_speed: 1 }\npanel: { busy_timeout: 2 }\n")
        XCTAssertTrue(twice?.reason.contains("duplicated key(s): 'panel'") == true, twice?.reason ?? "")
        XCTAssertEqual(refusal("Panel: { spi_speed: 1 }")?.key, "(file)")
    }

    func testAMissingFileIsRefused() {
        XCTAssertThrowsError(try BoardConfig.load(file: "/nonexistent/board.yaml", environment: [:])) { error in
            XCTAssertEqual((error as? ConfigError)?.origin, "/nonexistent/board.yaml")
        }
    }

    func testTheShownPartOfTheLayout() throws {
        let layoutPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/examples/conference.yaml").path
        let layout = try ConferenceLayout.load(path: layoutPath)
        let config = try load("show: { rooms: [GARDEN, R201], from: '12:00', to: '15:00' }")
        try config.checkShown(against: layout, file: "board.yaml")
        let shown = config.shownLayout(of: layout)
        XCTAssertEqual(shown.rooms.map(\.code), ["GARDEN", "R201"])
        XCTAssertEqual(shown.days[0].slots.map(\.start.description), ["12:00", "13:00", "14:00"])
        XCTAssertEqual(Set(shown.blocked.map(\.room)), ["GARDEN", "R201"])

        let unknownRoom = try load("show: { rooms: [R999] }")
        XCTAssertThrowsError(try unknownRoom.checkShown(against: layout, file: "board.yaml")) { error in
            XCTAssertEqual((error as? ConfigError)?.key, "show.rooms")
        }
        let noSlot = try load("show: { from: '20:00' }")
        XCTAssertThrowsError(try noSlot.checkShown(against: layout, file: "board.yaml"))
    }

    func testHubSettings() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hub-\(UUID()).yaml").path
        try
            "listen: { host: 0.0.0.0, port: 9000 }\nstorage: postgres://hub@db/hub\npublic_url: https://os.example.org\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let hub = try HubConfig.load(file: path, environment: ["OPENSPACE_LISTEN_PORT": "9001"])
        XCTAssertEqual(hub.host, "0.0.0.0")
        XCTAssertEqual(hub.port, 9001)
        XCTAssertEqual(hub.storage, "postgres://hub@db/hub")
        XCTAssertThrowsError(try HubConfig.load(file: path, environment: ["OPENSPACE_STORAGE": "mysql://x"])) {
            XCTAssertEqual(($0 as? ConfigError)?.key, "storage")
        }
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/examples/hub.yaml").path
        XCTAssertEqual(try HubConfig.load(file: example, environment: [:]).port, 8080)
    }
    func testHubTLSProxiesAndLimits() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hub-\(UUID()).yaml").path
        try """
        tls: { certificate: /etc/openspace/tls/hub.pem, key: /etc/openspace/tls/hub.key }
        proxy: { trusted: [127.0.0.1, "10.0.0.0/8"] }
        limits: { sign_in_per_address: 3, sign_in_per_name: 6, enrol_per_address: 4, refill_seconds: 60 }
        staff_session_hours: 8
        """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let hub = try HubConfig.load(file: path, environment: [:])
        XCTAssertEqual(hub.tlsCertificate, "/etc/openspace/tls/hub.pem")
        XCTAssertEqual(hub.tlsKey, "/etc/openspace/tls/hub.key")
        XCTAssertEqual(hub.trustedProxies, ["127.0.0.1", "10.0.0.0/8"])
        XCTAssertEqual(
            [hub.signInPerAddress, hub.signInPerName, hub.enrolPerAddress, hub.refillSeconds, hub.staffSessionHours],
            [3, 6, 4, 60, 8])
        let plain = try HubConfig.load(file: nil, environment: [:])
        XCTAssertNil(plain.tlsCertificate, "no certificate by default: plain HTTP on loopback")
        XCTAssertEqual(plain.host, "127.0.0.1")

        XCTAssertThrowsError(
            try HubConfig.load(file: nil, environment: ["OPENSPACE_TLS_CERTIFICATE": "/etc/hub.pem"])
        ) { error in
            XCTAssertEqual((error as? ConfigError)?.key, "tls.key")
            XCTAssertTrue("\(error)".contains("both tls.certificate and tls.key"), "\(error)")
        }
        XCTAssertThrowsError(try HubConfig.load(file: nil, environment: ["OPENSPACE_LIMITS_REFILL_SECONDS": "0"])) {
            XCTAssertEqual(($0 as? ConfigError)?.key, "limits.refill_seconds")
        }
    }
}
