import Foundation
import XCTest

/// udev/99-openspace.rules on Debian's systemd-udevd inside the rig (hardware/rig/guest/udev-job.sh):
/// the service's group gets every device it needs, under the stable names.
final class UdevRigTests: XCTestCase {
    func testRulesGiveTheServiceGroupItsDevicesAndTheStableNames() throws {
        let boot = try Rig.booted()
        let checks = (try? String(contentsOfFile: Rig.shared + "/udev/checks.txt", encoding: .utf8)) ?? ""
        let log = (try? String(contentsOfFile: Rig.shared + "/udev/job.log", encoding: .utf8)) ?? ""
        XCTAssertEqual(boot.results["udev"], 0, "udev job:\n\(log)")
        Rig.assertChecks(
            checks,
            begin: [
                "ok scanner evdev (stable name): /dev/openspace-scanner -> /dev/input/event",
                "ok scanner name points at an input device",
                "ok scanner usb (libusb): /dev/bus/usb/",
                "ok printer usblp (stable name): /dev/openspace-printer -> /dev/usb/lp",
                "ok printer usb (libusb): /dev/bus/usb/",
                "ok gpio chip: /dev/gpiochip",
                "ok spi: /dev/spidev0.0 -> /dev/spidev0.0 group openspace mode 660",
            ], context: checks)
    }
}
