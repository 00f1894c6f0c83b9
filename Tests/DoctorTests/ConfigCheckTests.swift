import Doctor
import Settings
import XCTest

final class ConfigCheckTests: XCTestCase {
    func testRefusedSettingBlocksNamingKeyOriginAndReason() {
        let result = ConfigCheck.refused(
            ConfigError(key: "panel.spi_speed", origin: "board.yaml line 41", reason: "50000000 is above 20000000 Hz"))
        XCTAssertEqual(result.status, .blocking)
        XCTAssertEqual(result.detail, "board.yaml line 41: panel.spi_speed: 50000000 is above 20000000 Hz")
        XCTAssertTrue(result.fix?.contains("correct panel.spi_speed") ?? false, "\(result)")
    }

    func testExampleSettingsAndLayoutLoad() throws {
        let result = ConfigCheck.loaded(try exampleConfig(), file: "/etc/openspace/board.yaml")
        XCTAssertEqual(result.status, .ok, "\(result)")
        XCTAssertTrue(result.detail.hasPrefix("/etc/openspace/board.yaml loads; layout "), result.detail)
    }

    func testMissingLayoutBlocks() throws {
        let config = try exampleConfig([("board.layout", "/nowhere/conference.yaml", "--layout")])
        let result = ConfigCheck.loaded(config, file: nil)
        XCTAssertEqual(result.status, .blocking)
        XCTAssertTrue(result.detail.contains("/nowhere/conference.yaml is not usable"), result.detail)
        XCTAssertEqual(result.fix, "set board.layout to the conference's layout file (the same file the hub has)")
    }
}
