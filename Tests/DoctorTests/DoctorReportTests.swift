import Doctor
import XCTest

final class DoctorReportTests: XCTestCase {
    func testWarningsAloneExitZeroAndBlockingExitsOne() {
        let warned = DoctorReport([
            CheckResult(.ok, "SPI", "/dev/spidev0.0 present"),
            CheckResult(.info, "keyboard", "not tested"),
            CheckResult(.warning, "printer", "usb 0416:5011 not found", fix: "plug it in"),
        ])
        XCTAssertEqual(warned.exitStatus, 0)
        XCTAssertEqual(warned.summary, "nothing blocks the board service; 1 warning")
        let blocked = DoctorReport(warned.results + [CheckResult(.blocking, "clock", "2001", fix: "set it")])
        XCTAssertEqual(blocked.exitStatus, 1)
        XCTAssertEqual(blocked.summary, "1 problem blocks the board service; 1 warning")
        XCTAssertEqual(DoctorReport([CheckResult(.ok, "disk", "plenty")]).summary, "nothing blocks the board service")
    }

    func testEachFindingIsOneLineWithItsFixUnderProblemsOnly() {
        let report = DoctorReport([
            CheckResult(.ok, "SPI", "/dev/spidev0.0 present", fix: "never shown"),
            CheckResult(.blocking, "gpiochip", "no chip labelled pinctrl-bcm2835", fix: "set panel.gpio_chip"),
            CheckResult(.warning, "hub", "unreachable", fix: "check hub.url"),
            CheckResult(.blocking, "clock", "the clock says 2001", fix: "turn on time sync"),
        ])
        XCTAssertEqual(
            report.lines,
            [
                "ok    SPI      /dev/spidev0.0 present",
                "FAIL  gpiochip no chip labelled pinctrl-bcm2835",
                "      fix: set panel.gpio_chip",
                "warn  hub      unreachable",
                "      fix: check hub.url",
                "FAIL  clock    the clock says 2001",
                "      fix: turn on time sync",
                "2 problems block the board service; 1 warning",
            ])
    }

    func testJSONCarriesEveryFindingAndTheExitStatus() throws {
        let report = DoctorReport([CheckResult(.blocking, "disk", "3 MB free", fix: "make room")])
        let decoded = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any]
        XCTAssertEqual(decoded?["exitStatus"] as? Int, 1)
        let results = decoded?["results"] as? [[String: String]]
        XCTAssertEqual(results?.first?["status"], "blocking")
        XCTAssertEqual(results?.first?["fix"], "make room")
    }
}
