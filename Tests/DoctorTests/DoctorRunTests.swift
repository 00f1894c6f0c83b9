import Doctor
import XCTest

final class DoctorRunTests: XCTestCase {
    func healthyPi() throws -> FakeTree {
        let tree = try FakeTree()
        try tree.raspberryPi(config: "[all]\ndtparam=spi=on\n")
        try tree.write("/dev/spidev0.0")
        try tree.write("/sys/module/spidev/parameters/bufsiz", "65536\n")
        try tree.write("/var/lib/openspace/board/hub-token", "s3cret-token\nhall-a\n")
        try tree.write("/var/lib/openspace/board/panel-health", "working\n")
        return tree
    }

    func testHealthyBoardExitsZero() async throws {
        let tree = try healthyPi()
        let report = await Doctor(
            config: try exampleConfig(), configFile: "/etc/openspace/board.yaml", environment: .fake(tree)
        ).run()
        XCTAssertEqual(report.exitStatus, 0, report.text)
        XCTAssertEqual(
            report.results.map(\.title),
            [
                "config", "panel now", "SPI", "gpiochip", "lines", "access", "spidev", "scanner", "keyboard", "printer",
                "hub",
                "clock", "disk",
            ])
        XCTAssertEqual(report.results.filter { $0.status != .ok }.map(\.title), ["keyboard"], report.text)
        XCTAssertEqual(report.lines.last, "nothing blocks the board service")
    }

    func testOneBlockingProblemExitsOneAndWarningsDoNot() async throws {
        let tree = try healthyPi()
        var environment = DoctorEnvironment.fake(tree)
        environment.openPrinter = { _ in
            throw PrinterTransportErrorForTests.unplugged
        }
        let warned = await Doctor(config: try exampleConfig(), configFile: nil, environment: environment).run()
        XCTAssertEqual(warned.exitStatus, 0, warned.text)
        XCTAssertEqual(warned.warnings.map(\.title), ["printer"])

        environment.now = { Date(timeIntervalSince1970: 978_307_200) }
        let blocked = await Doctor(config: try exampleConfig(), configFile: nil, environment: environment).run()
        XCTAssertEqual(blocked.exitStatus, 1, blocked.text)
        XCTAssertEqual(blocked.blocking.map(\.title), ["clock"])
    }
}

enum PrinterTransportErrorForTests: Error {
    case unplugged
}
