import Foundation
import XCTest

@testable import Render

/// Boots Debian's kernel in qemu (hardware/rig) and lets the unchanged `openspace` binary drive
/// the panel over gpio-sim lines and the virtual SPI bus, against a UC8179 peer of its own.
final class PanelRigTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("openspace").path
    static let rig = repo + "/.rig"

    /// Runs a command to its end with a time limit; fails the test with its output when it fails.
    @discardableResult
    func run(_ command: [String], environment: [String: String] = [:], limit: TimeInterval) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("rig-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: log)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            XCTFail("\(command.joined(separator: " ")) failed (\(process.terminationStatus)):\n\(output.suffix(4000))")
            throw CocoaError(.executableLoad)
        }
        return output
    }

    /// Compares two images without printing 48,000 bytes when they differ.
    func assertSame(_ shown: Bitmap, _ expected: Bitmap, _ message: String, line: UInt = #line) {
        let differing = zip(shown.bytes, expected.bytes).filter { $0 != $1 }.count
        XCTAssertEqual(differing, 0, "\(message): \(differing) of \(expected.bytes.count) bytes differ", line: line)
    }

    static func pbm(_ path: String) throws -> Bitmap {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let header = Array("P4\n800 480\n".utf8)
        XCTAssertEqual(Array(data.prefix(header.count)), header, path)
        return try XCTUnwrap(Bitmap(width: 800, height: 480, packedRows: Array(data.dropFirst(header.count))))
    }

    static func png(_ path: String) throws -> Bitmap {
        try PNG.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    func testServiceDrivesThePanelOverRealGPIOAndSPIAndRecoversFromAStuckBusyLine() throws {
        try run([Self.repo + "/hardware/rig/build.sh"], environment: ["RIG": Self.rig], limit: 1500)
        try run([Self.repo + "/hardware/gpiod2/build.sh"], limit: 600)
        let shared = Self.rig + "/shared"
        try? FileManager.default.removeItem(atPath: shared + "/panel")
        try? FileManager.default.removeItem(atPath: shared + "/results")
        try Self.binary.write(toFile: shared + "/openspace-bin", atomically: true, encoding: .utf8)
        let kernel = try String(contentsOfFile: Self.rig + "/kver", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let console = try run(
            [Self.repo + "/hardware/rig/vm/run.sh", Self.repo + "/hardware/rig/guest/run-all.sh"],
            environment: ["RIG": Self.rig, "KVER": kernel], limit: 600)

        let results = (try? String(contentsOfFile: shared + "/results", encoding: .utf8)) ?? ""
        let panel = shared + "/panel"
        let jobLog = (try? String(contentsOfFile: panel + "/job.log", encoding: .utf8)) ?? ""
        XCTAssertTrue(results.contains("panel 0"), "panel job: \(results)\n\(jobLog)\n\(console.suffix(2000))")
        let gpiod2 = (try? String(contentsOfFile: shared + "/gpiod2.log", encoding: .utf8)) ?? ""
        XCTAssertTrue(results.contains("gpiod2 0"), "libgpiod 2.x shim on gpio-sim: \(gpiod2)")
        XCTAssertFalse(gpiod2.contains("FAIL"), gpiod2)

        // What the peer shows after each refresh is, in order, what the service rendered.
        let frames = try FileManager.default.contentsOfDirectory(atPath: panel + "/frames")
            .filter { $0.hasPrefix("frame-") }.sorted().map { try Self.png(panel + "/frames/" + $0) }
        let refreshes = try FileManager.default.contentsOfDirectory(atPath: panel + "/peer")
            .filter { $0.hasSuffix(".pbm") }.sorted().map { try Self.pbm(panel + "/peer/" + $0) }
        XCTAssertEqual(frames.count, 3, "start-up, prompt, placement")
        XCTAssertEqual(refreshes.count, 4, "full, partial, the stuck one, the recovery")
        guard frames.count == 3, refreshes.count == 4 else { return }
        assertSame(refreshes[0], frames[0], "the full refresh shows the first frame")
        assertSame(refreshes[1], frames[1], "the partial refresh shows the prompt frame")
        assertSame(refreshes[3], frames[2], "after the reset the panel shows the placement")
        XCTAssertTrue(frames[1] != frames[2], "the placement changed the frame")

        let peerLog = try String(contentsOfFile: panel + "/peer/peer.log", encoding: .utf8)
        XCTAssertTrue(peerLog.contains("refresh 1 full"), peerLog)
        XCTAssertTrue(peerLog.contains("refresh 2 partial"), peerLog)
        XCTAssertTrue(peerLog.contains("holding BUSY low until a reset"), peerLog)
        XCTAssertTrue(peerLog.contains("refresh 4 full"), peerLog)
        XCTAssertFalse(peerLog.contains("VIOLATION"), peerLog)
        let stuck = try XCTUnwrap(peerLog.range(of: "holding BUSY low until a reset"))
        XCTAssertTrue(peerLog[stuck.upperBound...].contains("reset"), "the board reset the panel")

        let errors = try String(contentsOfFile: panel + "/board.err", encoding: .utf8)
        XCTAssertTrue(errors.contains("BUSY line stayed low"), errors)
        let trace = try String(contentsOfFile: panel + "/trace.txt", encoding: .utf8)
        XCTAssertTrue(trace.contains("busy wait high ≤2s: timed out"), String(trace.prefix(2000)))
        XCTAssertTrue(trace.contains("spi cmd 12"), "display refresh in the trace")
        let printed = try String(contentsOfFile: panel + "/board.out", encoding: .utf8)
        XCTAssertTrue(printed.contains("accepted: Placed \"Rig: 開放空間 on real SPI\" in Room 101, Fri 11:00"), printed)
    }
}
