import Foundation
import XCTest

/// In the rig's boot (Rig.boot), hardware/rig/guest/doctor-job.sh runs `openspace doctor` on the
/// rig's real kernel interfaces (gpio-sim chip, vspi's spidev, the USB scanner and printer gadgets, a
/// hub on loopback with the board enrolled): once healthy, then with one fault made on purpose at a
/// time. These tests check each run's findings and exit status.
final class DoctorRigTests: XCTestCase {
    static let out = Rig.shared + "/doctor"

    /// One doctor run of the job: its exit status and its output lines.
    struct Run {
        var status: Int32?
        var lines: [String]
        var text: String { lines.joined(separator: "\n") }

        /// The titles of the findings with `label` (`FAIL`, `warn`), in order.
        func titles(_ label: String) -> [String] {
            lines.filter { $0.hasPrefix(label + " ") }.compactMap { $0.split(separator: " ").dropFirst().first }
                .map(String.init)
        }
    }

    func run(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let boot = try Rig.booted(file: file, line: line)
        let log = Rig.text(Self.out + "/job.log")
        XCTAssertEqual(
            boot.results["doctor"], 0,
            "doctor job (9 = set-up failed, 124 = hung):\n\(log)\n\(boot.console.suffix(1500))",
            file: file, line: line)
        let status = Int32(Rig.text("\(Self.out)/cases/\(name).status").trimmingCharacters(in: .whitespacesAndNewlines))
        let output = Rig.text("\(Self.out)/cases/\(name).out")
        XCTAssertNotNil(status, "no exit status for the \(name) run:\n\(log)", file: file, line: line)
        return Run(status: status, lines: output.split(separator: "\n").map(String.init))
    }

    /// The run exited with `status`, blocked on exactly `blocking` and warned on exactly `warnings`
    /// (titles), and has a line starting with each of `expected`.
    func assertRun(
        _ name: String, exits status: Int32, blocking: [String], warnings: [String] = ["spidev"],
        lines expected: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let run = try run(name, file: file, line: line)
        print("rig: doctor \(name), exit \(run.status.map(String.init) ?? "?"):\n\(run.text)")
        XCTAssertEqual(run.status, status, "\(name):\n\(run.text)", file: file, line: line)
        XCTAssertEqual(run.titles("FAIL"), blocking, "\(name): blocking findings:\n\(run.text)", file: file, line: line)
        XCTAssertEqual(run.titles("warn"), warnings, "\(name): warnings:\n\(run.text)", file: file, line: line)
        for prefix in expected {
            XCTAssertTrue(
                run.lines.contains { $0.hasPrefix(prefix) }, "\(name): no line '\(prefix)…' in:\n\(run.text)",
                file: file, line: line)
        }
    }

    func testHealthyRigExitsZeroWithOnlyTheSpidevBufferWarning() throws {
        try assertRun(
            "healthy", exits: 0, blocking: [],
            lines: [
                "ok    config   /tmp/doctor/board.yaml loads",
                "ok    SPI      /dev/spidev0.0 present",
                "ok    gpiochip gpiochip",
                "ok    lines    RST GPIO17, DC GPIO25, BUSY GPIO24, PWR GPIO18 free on gpiochip",
                "ok    access   root and the service user openspace can read and write /dev/gpiochip",
                "warn  spidev   bufsiz 4096: each 48000-byte plane goes out in 12 transfers",
                "      fix: add `spidev.bufsiz=65536` to the kernel command line and reboot",
                "ok    scanner  /dev/input/event",
                "info  keyboard not tested: print the test code (`openspace print test-code`)",
                "ok    printer  USB 0525:a4a8",
                "ok    hub      http://127.0.0.1:18080 answered in",
                "ok    clock    ",
                "ok    disk     512 MB free at /tmp/doctor/var/journal",
                "nothing blocks the board service; 1 warning",
            ])
        let run = try run("healthy")
        XCTAssertTrue(run.text.contains("board rig-doctor enrolled"), run.text)
        XCTAssertTrue(run.text.contains("OpenSpaceRig Barcode Scanner\": present and free to take"), run.text)
    }

    func testScanTestReadsTheTestCodeFromAUSScanner() throws {
        try assertRun(
            "layout-us", exits: 0, blocking: [],
            lines: [
                "scan the test code now",
                "ok    keyboard the test code read as printed: the scanner types as a US keyboard",
            ])
    }

    func testScanTestTellsAScannerTypingAsQWERTZ() throws {
        try assertRun(
            "layout-qwertz", exits: 1, blocking: ["keyboard"],
            lines: [
                "FAIL  keyboard the scanner types as a German (QWERTZ) keyboard: "
                    + "read \"OPENSPACE/SCANNER/TEST>QWZYAM&0123456789\", y and z swapped",
                "      fix: scan the scanner's \"USA keyboard\" (US English) setup code",
            ])
    }

    func testMissingSpidevBlocks() throws {
        try assertRun(
            "spidev-missing", exits: 1, blocking: ["SPI"], warnings: [],
            lines: [
                "FAIL  SPI      /dev/spidev9.9 is missing; present: /dev/spidev0.0",
                "      fix: load the spidev driver and enable the SPI controller",
            ])
    }

    func testBuzzerOnTheChipSelectLineGetsTheSpi00csFix() throws {
        try assertRun(
            "cs-conflict", exits: 1, blocking: ["lines"],
            lines: [
                "FAIL  lines    buzzer GPIO8 is held by \"spi0 CS0\": the SPI driver claims it as a chip select",
                "      fix: add `dtoverlay=spi0-0cs` to /boot/firmware/config.txt and reboot (the HAT drives its own "
                    + "CS), or choose another pin for feedback.buzzer",
            ])
    }

    func testWrongChipLabelListsTheChips() throws {
        try assertRun(
            "wrong-chip", exits: 1, blocking: ["gpiochip"],
            lines: [
                "FAIL  gpiochip no chip labelled pinctrl-bcm2835; chips: gpiochip",
                "      fix: set panel.gpio_chip in board.yaml to the label of the chip that carries the HAT's pins",
            ])
        XCTAssertTrue(try run("wrong-chip").text.contains("[pinctrl-bcm2711] (28 lines)"))
    }

    func testDevicesAnUnprivilegedUserCannotOpenBlockWithTheUdevFix() throws {
        try assertRun(
            // The aarch64 virt machine has a GPIO controller of its own (a PL061) beside gpio-sim's chip,
            // which the unprivileged user cannot open either.
            "no-access", exits: 1, blocking: ["gpiochip"] + Array(repeating: "access", count: Rig.arm64 ? 3 : 2),
            lines: [
                "FAIL  gpiochip no readable chip labelled pinctrl-bcm2711; chips: gpiochip",
                "FAIL  access   nobody cannot read and write /dev/gpiochip",
                "FAIL  access   nobody cannot read and write /dev/spidev0.0 (rw------- root:openspace)",
                "      fix: install the udev rules (`sudo cp udev/99-openspace.rules /etc/udev/rules.d/",
            ])
    }

    func testUnpluggedScannerBlocks() throws {
        try assertRun(
            "scanner-unplugged", exits: 1, blocking: ["scanner"],
            lines: [
                "FAIL  scanner  evdev 1d6b:0104 not found: no scanner 1d6b:0104 found",
                "      fix: plug the scanner in",
            ])
    }

    func testScannerGrabbedByAnotherProgramBlocks() throws {
        try assertRun(
            "scanner-grabbed", exits: 1, blocking: ["scanner"],
            lines: [
                "FAIL  scanner  evdev 1d6b:0104 is held by another program: cannot take scanner /dev/input/event",
                "      fix: stop the program holding it (`fuser -v /dev/input/event*` names it",
            ])
    }

    func testUnpluggedPrinterOnlyWarns() throws {
        try assertRun(
            "printer-unplugged", exits: 0, blocking: [], warnings: ["spidev", "printer"],
            lines: [
                "warn  printer  usb 0525:a4a8: no USB device 0525:a4a8 is connected",
                "      fix: plug the printer in and switch it on",
            ])
        XCTAssertTrue(
            try run("printer-unplugged").text.contains("the board keeps cards queued and prints them when it is back"))
    }

    func testUnreachableHubOnlyWarns() throws {
        try assertRun(
            "hub-unreachable", exits: 0, blocking: [], warnings: ["spidev", "hub"],
            lines: [
                "warn  hub      http://127.0.0.1:9 unreachable (connection refused): the board works offline and "
                    + "syncs when it is back"
            ])
    }

    func testClockIn2001Blocks() throws {
        try assertRun(
            "clock-2001", exits: 1, blocking: ["clock"],
            lines: [
                "FAIL  clock    the clock says 2001-01-01T10:00",
                "      fix: turn on time sync: `sudo timedatectl set-ntp true`",
            ])
    }

    func testFullJournalFileSystemBlocks() throws {
        try assertRun(
            "journal-full", exits: 1, blocking: ["disk"],
            lines: [
                "FAIL  disk     0 MB free at /tmp/doctor/full for /tmp/doctor/full/journal/journal.sqlite: the journal "
                    + "needs at least 20 MB"
            ])
    }

    func testRevokedTokenBlocksWithHowToEnrolAgain() throws {
        try assertRun(
            "token-revoked", exits: 1, blocking: ["hub"],
            lines: [
                "FAIL  hub      http://127.0.0.1:18080 refused the token of board rig-doctor (401): revoked or unknown",
                "      fix: add the board again on the hub (`openspace hub board add rig-doctor`), set hub.enrol to the "
                    + "new code and delete /tmp/doctor/hub-token",
            ])
    }
}
