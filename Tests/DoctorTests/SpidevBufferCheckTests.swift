import Doctor
import XCTest

final class SpidevBufferCheckTests: XCTestCase {
    func buffer(_ tree: FakeTree) throws -> [CheckResult] {
        try tree.write("/dev/spidev0.0")
        return PanelChecks(config: try exampleConfig(), environment: .fake(tree)).bufferSize()
    }

    func testLargeBufferIsOK() throws {
        let tree = try FakeTree()
        try tree.write("/sys/module/spidev/parameters/bufsiz", "65536\n")
        XCTAssertEqual(
            try buffer(tree), [CheckResult(.ok, "spidev", "bufsiz 65536: a full plane goes in one transfer")])
    }

    func testDefaultBufferOnlyWarnsWithTheKernelCommandLineFix() throws {
        let tree = try FakeTree()
        try tree.raspberryPi()
        try tree.write("/sys/module/spidev/parameters/bufsiz", "4096\n")
        let result = try finding("spidev", in: try buffer(tree))
        XCTAssertEqual(result.status, .warning)
        XCTAssertEqual(
            result.detail, "bufsiz 4096: each 48000-byte plane goes out in 12 transfers (it works, a little slower)")
        XCTAssertEqual(
            result.fix,
            "add `spidev.bufsiz=65536` to the kernel command line (the one line of /boot/firmware/cmdline.txt) and reboot"
        )
    }

    func testNoParameterFileIsOnlyInformation() throws {
        XCTAssertEqual(try buffer(FakeTree()).map(\.status), [.info])
    }
}
