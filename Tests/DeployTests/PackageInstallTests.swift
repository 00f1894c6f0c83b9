import Foundation
import Glibc
import XCTest

/// The Debian package, installed with apt into a clean Debian root, booted there and upgraded
/// (deploy/test-install.sh does the work and reports each check; this test fails on each failed one).
final class PackageInstallTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func testPackageInstallsOnCleanDebianAndUpgradeKeepsDataAndEditedConfig() throws {
        let script = Self.repo + "/deploy/test-install.sh"
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("openspace-test-install.log").path
        let started = Date()
        let status = try Self.run(script, output: log)
        let seconds = Int(Date().timeIntervalSince(started))

        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").map(String.init)
        let checks = lines.filter { $0.hasPrefix("CHECK ") }
        for failed in checks where failed.hasPrefix("CHECK FAIL ") {
            XCTFail(String(failed.dropFirst("CHECK FAIL ".count)))
        }
        print("deploy/test-install.sh: \(checks.count) checks in \(seconds) s (log: \(log))")
        XCTAssertEqual(
            status, 0,
            "deploy/test-install.sh exited with status \(status); its last lines:\n"
                + lines.suffix(30).joined(separator: "\n"))
        XCTAssertFalse(checks.isEmpty, "deploy/test-install.sh reported no check; its log is \(log)")
    }

    /// Runs `script` with its output in `output` and waits for its exit status with waitpid(2):
    /// Foundation's Process missed this child's exit here and waited forever.
    private static func run(_ script: String, output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup(script), nil]
        defer { for argument in arguments { free(argument) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, script, &actions, nil, arguments, environ)
        guard spawned == 0 else {
            throw CocoaError(
                .executableLoad,
                userInfo: [NSLocalizedDescriptionKey: "cannot run \(script): \(String(cString: strerror(spawned)))"])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED and WEXITSTATUS, which Swift does not import.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
