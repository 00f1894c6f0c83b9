import Doctor
import XCTest

/// `openspace doctor` says what the running board service last said of its panel.
final class RunningBoardCheckTests: XCTestCase {
    func check(_ tree: FakeTree) throws -> CheckResult {
        PanelChecks(config: try exampleConfig(), environment: .fake(tree)).runningBoard()
    }

    func testAPanelTheBoardSaysWorksIsOK() throws {
        let tree = try FakeTree()
        try tree.write("/var/lib/openspace/board/panel-health", "working\n")
        XCTAssertEqual(try check(tree), CheckResult(.ok, "panel now", "the board service says its panel works"))
    }

    func testAFailingPanelIsAWarningWithWhatTheBoardSaid() throws {
        let tree = try FakeTree()
        let problem = "panel failing since 2027-05-14T08:02:11Z (7 tries): The panel's BUSY line stayed low"
        try tree.write("/var/lib/openspace/board/panel-health", problem + "\n")
        let result = try check(tree)
        XCTAssertEqual(result.status, .warning, "the board still takes scans: not blocking")
        XCTAssertTrue(result.detail.contains(problem), result.detail)
        XCTAssertTrue(result.fix?.contains("journalctl -u openspace-board") ?? false, "\(result)")
    }

    func testNoBoardYetIsOnlyInformation() throws {
        let result = try check(try FakeTree())
        XCTAssertEqual(result.status, .info)
        XCTAssertTrue(result.detail.contains("/var/lib/openspace/board/panel-health"), result.detail)
    }
}
