import Foundation
import Logging
import XCTest

@testable import Scanner

final class SerialScannerSourceTests: XCTestCase {
    /// A pseudo-terminal stands in for /dev/ttyACM0: the source opens its slave side, the test
    /// writes into its master side as the scanner would. Opened through /dev/ptmx and ioctls,
    /// which is what posix_openpt, unlockpt and ptsname do on Linux (Swift's Glibc module does not
    /// declare them).
    private func openPseudoTerminal() throws -> (master: Int32, slave: String) {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else {
            throw TestSetupFailure("no pseudo-terminals here: \(String(cString: strerror(errno)))")
        }
        let unlockRequest: UInt = 0x4004_5431  // TIOCSPTLCK = _IOW('T', 0x31, int)
        let numberRequest: UInt = 0x8004_5430  // TIOCGPTN = _IOR('T', 0x30, unsigned int)
        var locked: Int32 = 0
        var number: UInt32 = 0
        XCTAssertEqual(ioctl(master, unlockRequest, &locked), 0)
        XCTAssertEqual(ioctl(master, numberRequest, &number), 0)
        return (master, "/dev/pts/\(number)")
    }

    private func send(_ text: String, to master: Int32) {
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        XCTAssertEqual(written, bytes.count)
    }

    func testLinesFromASerialScannerAreScansAndALongLineIsDropped() async throws {
        let (master, slave) = try openPseudoTerminal()
        defer { close(master) }
        let source = SerialScannerSource(
            path: slave, rules: ScanRules(maximumLength: 64), logger: Logger(label: "scanner-tests"))
        let collector = EventCollector(source.events())
        await collector.wait(for: "connected") { $0.contains(where: \.isConnected) }

        send("HTTPS://OS.EXAMPLE.ORG/C/7K3M2QX\r\n", to: master)
        send("OPENSPACE:REMOVE\r", to: master)
        send(String(repeating: "Z", count: 100) + "\n", to: master)
        send("HTTPS://OS.EXAMPLE.ORG/S/1-R101-1000\n", to: master)
        let input = await collector.waitForInput(count: 4)
        XCTAssertEqual(
            input,
            [
                .scan("HTTPS://OS.EXAMPLE.ORG/C/7K3M2QX"), .scan("OPENSPACE:REMOVE"), .dropped(.tooLong(limit: 64)),
                .scan("HTTPS://OS.EXAMPLE.ORG/S/1-R101-1000"),
            ])
        source.stop()
        await collector.waitUntilFinished()
    }

    func testAMissingSerialDeviceNamesThePathAndTheFix() {
        let message = ScannerError.serialOpenFailed("/dev/ttyACM0", code: ENOENT).description
        XCTAssertTrue(message.hasPrefix("cannot open serial scanner /dev/ttyACM0:"), message)
        XCTAssertTrue(message.contains("USB serial (CDC-ACM) mode"), message)
        let denied = ScannerError.serialOpenFailed("/dev/ttyACM0", code: EACCES).description
        XCTAssertTrue(denied.contains("dialout group"), denied)
    }
}
