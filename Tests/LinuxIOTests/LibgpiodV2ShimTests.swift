import Foundation
import XCTest

/// Builds libgpiod 2.x and the shim's 2.x code path with hardware/gpiod2/build.sh, then runs its
/// harness on the error paths that need no GPIO chip. The same harness checks real lines in the rig.
final class LibgpiodV2ShimTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    private func buildHarnesses() throws -> URL {
        let build = try run(Self.root.appendingPathComponent("hardware/gpiod2/build.sh").path, [])
        XCTAssertEqual(build.status, 0, build.output)
        return Self.root.appendingPathComponent(".build/gpiod2")
    }

    func testShimBuiltAgainstLibgpiod2ReportsMissingChipsCleanly() throws {
        let harness = try buildHarnesses().appendingPathComponent("shimcheck").path
        let check = try run(harness, ["errors"])
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertTrue(check.output.contains("PASS the shim selected the libgpiod 2.x code path"), check.output)
        XCTAssertTrue(check.output.contains("PASS open by label \"osb-no-such-chip\" fails cleanly"), check.output)
        XCTAssertFalse(check.output.contains("FAIL"), check.output)
    }

    func testShimBuiltAgainstTheSystemLibgpiodReportsMissingChipsCleanly() throws {
        let harness = try buildHarnesses().appendingPathComponent("shimcheck-system").path
        let check = try run(harness, ["errors"])
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertTrue(check.output.contains("PASS open by label \"osb-no-such-chip\" fails cleanly"), check.output)
        XCTAssertFalse(check.output.contains("FAIL"), check.output)
    }

    func testHarnessRefusesUnknownArgumentsWithUsage() throws {
        let harness = try buildHarnesses().appendingPathComponent("shimcheck").path
        let check = try run(harness, ["lines", "pinctrl-bcm2711", "not-a-number", "24"])
        XCTAssertEqual(check.status, 2, check.output)
        XCTAssertTrue(check.output.contains("usage: shimcheck"), check.output)
    }
}
