import Foundation
import XCTest

/// The rig (hardware/rig): Debian's kernel in qemu, running every guest job in one boot
/// (hardware/rig/guest/run-all.sh). The first rig test to ask for `Rig.boot` builds the rig and
/// boots it; every other rig test reads the same boot's results from the shared folder.
///
/// Two rigs run the same jobs. By default the x86 one: this machine's root under the VM, and the
/// `openspace` built beside these tests. With OPENSPACE_RIG_ARCH=arm64 (`make test-arm64`) the
/// aarch64 one (hardware/rig/arm64): a trixie arm64 root with the arm64 package named by
/// OPENSPACE_RIG_DEB installed by apt, its systemd as PID 1, and the package's own binary.
enum Rig {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// Whether this is the aarch64 rig.
    static let arm64 = ProcessInfo.processInfo.environment["OPENSPACE_RIG_ARCH"] == "arm64"
    /// The `openspace` built beside these tests, for this machine (what the tests run themselves).
    static let hostBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("openspace").path
    /// The binary the jobs run, as the guest sees it.
    static let binary = arm64 ? "/usr/bin/openspace" : hostBinary
    /// The jobs' binary run on this side: the x86 one as it is; the package's aarch64 one under
    /// qemu-user with the rig's root as its prefix, so that what it renders here comes from the same
    /// FreeType and fonts as in the guest (trixie's FreeType 2.13 and this machine's 2.12 round a
    /// few anti-aliased pixels of a card's text differently).
    static let binaryHere =
        arm64
        ? ["qemu-aarch64-static", "-L", directory + "/root", directory + "/root/usr/lib/openspace/openspace"]
        : [hostBinary]
    static let directory = repo + (arm64 ? "/.rig-arm64" : "/.rig")
    /// The folder the guest writes into (9p, read-write).
    static let shared = directory + "/shared"

    /// What the one boot left: the console, and why it could not run, if it could not.
    struct Boot: Sendable {
        var console = ""
        var failure: String?
        /// "NAME STATUS" lines of run-all.sh: each job's exit status.
        var results: [String: Int32] = [:]
    }

    /// Built and booted once per test process, when first asked for (Swift initialises a static
    /// property once, under a lock, so concurrent first uses wait for the same boot).
    static let boot: Boot = bootOnce()

    /// The boot, or a failure of the calling test when the rig could not be built or booted.
    static func booted(file: StaticString = #filePath, line: UInt = #line) throws -> Boot {
        let boot = boot
        if let failure = boot.failure {
            XCTFail(failure, file: file, line: line)
            throw CocoaError(.executableLoad)
        }
        return boot
    }

    /// The rig built once per test process, or why it could not be.
    static let built: String? = arm64 ? buildArm64() : buildX86()

    private static func bootOnce() -> Boot {
        var boot = Boot()
        if let failure = built {
            boot.failure = failure
            return boot
        }
        // Nothing a previous boot left may pass for this boot's output.
        for stale in (try? FileManager.default.contentsOfDirectory(atPath: shared)) ?? [] {
            try? FileManager.default.removeItem(atPath: shared + "/" + stale)
        }
        do {
            try binary.write(toFile: shared + "/openspace-bin", atomically: true, encoding: .utf8)
            let kernel = try String(contentsOfFile: directory + "/kver", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let started = Date()
            // About 380 s (x86) and 550 s (aarch64, systemd and the unit's job included) with every job
            // under the software CPU; a loaded 2-core host takes longer.
            let vm = run(
                [repo + "/hardware/rig/\(arm64 ? "arm64" : "vm")/run.sh", repo + "/hardware/rig/guest/run-all.sh"],
                environment: ["RIG": directory, "KVER": kernel, "REPO": repo], limit: arm64 ? 1800 : 1200)
            boot.console = vm.output
            print("rig: one boot ran every guest job in \(Int(Date().timeIntervalSince(started))) s")
            guard vm.succeeded else {
                boot.failure = "the rig's VM failed:\n\(vm.output.suffix(4000))"
                return boot
            }
        } catch {
            boot.failure = "cannot start the rig: \(error)"
            return boot
        }
        let results = (try? String(contentsOfFile: shared + "/results", encoding: .utf8)) ?? ""
        for line in results.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let status = Int32(fields[1]) { boot.results[String(fields[0])] = status }
        }
        return boot
    }

    /// The x86 rig: its kernel, modules and initramfs, and the libgpiod 2.x shim's test program.
    private static func buildX86() -> String? {
        let build = run([repo + "/hardware/rig/build.sh"], environment: ["RIG": directory], limit: 1500)
        guard build.succeeded else { return "hardware/rig/build.sh failed:\n\(build.output.suffix(4000))" }
        let gpiod2 = run([repo + "/hardware/gpiod2/build.sh"], limit: 600)
        guard gpiod2.succeeded else { return "hardware/gpiod2/build.sh failed:\n\(gpiod2.output.suffix(4000))" }
        return nil
    }

    /// The aarch64 rig: Debian's arm64 kernel and modules, and the trixie arm64 root with the
    /// package installed (about 10 minutes the first time, arm64's maintainer scripts under qemu-user).
    private static func buildArm64() -> String? {
        guard let package = ProcessInfo.processInfo.environment["OPENSPACE_RIG_DEB"], !package.isEmpty else {
            return "OPENSPACE_RIG_DEB must name the arm64 package (make test-arm64 builds it and sets it)"
        }
        let build = run(
            [repo + "/hardware/rig/arm64/build.sh"], environment: ["RIG": directory, "DEB": package], limit: 2400)
        guard build.succeeded else { return "hardware/rig/arm64/build.sh failed:\n\(build.output.suffix(4000))" }
        return nil
    }

    struct Finished {
        var succeeded: Bool
        var output: String
    }

    /// Runs a command to its end with a time limit: its output and error together, or with
    /// `errors: false` its standard output only (the error output is shown when it fails).
    static func run(
        _ command: [String], environment: [String: String] = [:], errors: Bool = true, limit: TimeInterval
    ) -> Finished {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("rig-\(UUID()).log")
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("rig-\(UUID()).err")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: log)
            try? FileManager.default.removeItem(at: errorLog)
        }
        do {
            let handle = try FileHandle(forWritingTo: log)
            let errorHandle = try FileHandle(forWritingTo: errorLog)
            defer {
                try? handle.close()
                try? errorHandle.close()
            }
            process.standardOutput = handle
            process.standardError = errors ? handle : errorHandle
            process.standardInput = FileHandle.nullDevice
            try process.run()
        } catch {
            return Finished(succeeded: false, output: "cannot run \(command.joined(separator: " ")): \(error)")
        }
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        var output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if timedOut { output += "\n(stopped after \(Int(limit)) s)" }
        let succeeded = !timedOut && process.terminationReason == .exit && process.terminationStatus == 0
        if !succeeded {
            let errorOutput = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            output = "\(command.joined(separator: " ")) failed (\(process.terminationStatus)):\n" + output + errorOutput
        }
        return Finished(succeeded: succeeded, output: output)
    }

    /// A job's checks.txt holds no FAIL line and a line beginning with each of `expected`.
    static func assertChecks(
        _ checks: String, begin expected: [String], context: String, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let lines = checks.split(separator: "\n").map(String.init)
        XCTAssertFalse(lines.contains { $0.hasPrefix("FAIL") }, context, file: file, line: line)
        for prefix in expected {
            XCTAssertTrue(
                lines.contains { $0.hasPrefix(prefix) }, "missing '\(prefix)' in:\n\(context)", file: file, line: line)
        }
    }

    /// A file the guest wrote, or "" when it is missing (the assertions then say what is missing).
    static func text(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
