import Foundation
import XCTest

/// The board's systemd unit as the arm64 package installs it (deploy/systemd/openspace-board.service,
/// its user, groups and sandboxing), started by the aarch64 rig's systemd on the rig's devices
/// (hardware/rig/guest/unit-job.sh). Only the aarch64 rig boots systemd as PID 1, so `make test`
/// (the x86 rig) leaves this class to `make test-arm64`.
final class UnitRigTests: XCTestCase {
    func testTheUnitReachesReadyUnderItsSandboxAndAnswersTheScanner() throws {
        let boot = try Rig.booted()
        let out = Rig.shared + "/unit"
        let checks = Rig.text(out + "/checks.txt")
        let context = "\(checks)\n\(Rig.text(out + "/job.log"))\n\(Rig.text(out + "/journal.txt").suffix(3000))"
        XCTAssertTrue(Rig.arm64, "the unit job runs where systemd is PID 1: the aarch64 rig (make test-arm64)")
        XCTAssertEqual(boot.results["unit"], 0, "unit job (124 = hung):\n\(context)")
        Rig.assertChecks(
            checks,
            begin: [
                "PASS the unit reached ready (systemctl start exited 0)",
                "PASS the unit is active",
                "PASS the board runs as the openspace user",
                "PASS the board drew on the panel through the unit's sandbox",
                "PASS the board answered the scanner gadget's code",
            ], context: context)
        let readyMilliseconds = Int(Rig.text(out + "/ready-ms").trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertNotNil(readyMilliseconds, "the job measured the time to ready")
        if let readyMilliseconds { print("rig: the unit reached ready \(readyMilliseconds) ms after systemctl start") }
    }
}
