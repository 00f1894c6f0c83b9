import Foundation
import XCTest

@testable import Render

/// In the rig's boot (Rig.boot), the unchanged `openspace` binary drives the panel over gpio-sim
/// lines and the virtual SPI bus, against a UC8179 peer of its own.
final class PanelRigTests: XCTestCase {
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

    func testServiceDrivesThePanelOverRealGPIOAndSPIAndSurvivesAStuckAndAGonePanel() throws {
        let boot = try Rig.booted()
        let shared = Rig.shared
        let console = boot.console
        let panel = shared + "/panel"
        let jobLog = Rig.text(panel + "/job.log")
        XCTAssertEqual(boot.results["panel"], 0, "panel job: \(boot.results)\n\(jobLog)\n\(console.suffix(2000))")
        if Rig.arm64 {
            // The package's binary is linked against trixie's libgpiod 2.x: the panel job ran the
            // shim's 2.x path itself.
            let elf = Rig.run(["readelf", "-d", Rig.directory + "/root/usr/lib/openspace/openspace"], limit: 60)
            XCTAssertTrue(elf.output.contains("Shared library: [libgpiod.so.3]"), elf.output)
        } else {
            let gpiod2 = Rig.text(shared + "/gpiod2.log")
            XCTAssertEqual(boot.results["gpiod2"], 0, "libgpiod 2.x shim on gpio-sim: \(gpiod2)")
            XCTAssertFalse(gpiod2.contains("FAIL"), gpiod2)
        }

        // What the peer shows after each refresh is, in order, what the service rendered.
        let frames = try FileManager.default.contentsOfDirectory(atPath: panel + "/frames")
            .filter { $0.hasPrefix("frame-") }.sorted().map { try Self.png(panel + "/frames/" + $0) }
        let refreshes = try FileManager.default.contentsOfDirectory(atPath: panel + "/peer")
            .filter { $0.hasSuffix(".pbm") }.sorted().map { try Self.pbm(panel + "/peer/" + $0) }
        XCTAssertEqual(
            frames.count, 6,
            "boot screen, prompt, placement, second prompt, and twice the grid after the panel was gone")
        XCTAssertEqual(
            refreshes.count, 8,
            "boot screen, grid, the placement's cell, its status line (stuck), the recovery, a prompt, then the grid "
                + "twice once the gone panel was back")
        guard frames.count == 6, refreshes.count == 8 else { return }
        assertSame(refreshes[0], frames[0], "the first full refresh shows the boot screen")
        assertSame(refreshes[1], frames[1], "leaving the boot screen, a full refresh shows the grid and the prompt")
        assertSame(refreshes[4], frames[2], "after the reset the panel shows the placement")
        assertSame(refreshes[5], frames[3], "the partial refresh after the recovery shows the second prompt")
        XCTAssertTrue(frames[1] != frames[2], "the placement changed the frame")
        assertSame(refreshes[6], frames[4], "once BUSY works again the newest grid goes out whole")
        assertSame(refreshes[7], frames[5], "and once more, in case the first began while the panel ignored it")
        assertSame(frames[4], frames[5], "both show the same grid")
        XCTAssertTrue(frames[3] != frames[4], "the grid holds what was scanned while the panel was gone")

        let peerLog = try String(contentsOfFile: panel + "/peer/peer.log", encoding: .utf8)
        XCTAssertTrue(peerLog.contains("refresh 1 full"), peerLog)
        XCTAssertTrue(peerLog.contains("refresh 2 full"), peerLog)
        XCTAssertTrue(peerLog.contains("refresh 3 partial"), peerLog)
        XCTAssertTrue(peerLog.contains("refresh 4 partial"), peerLog)
        XCTAssertTrue(peerLog.contains("holding BUSY low until a reset"), peerLog)
        XCTAssertTrue(peerLog.contains("refresh 5 full"), peerLog)
        XCTAssertTrue(peerLog.contains("refresh 6 partial"), peerLog)
        XCTAssertTrue(peerLog.contains("holding BUSY low whatever comes (panel gone)"), peerLog)
        XCTAssertTrue(peerLog.contains("releasing BUSY (panel back)"), peerLog)
        XCTAssertTrue(peerLog.contains("refresh 7 full"), peerLog)
        XCTAssertTrue(peerLog.contains("refresh 8 full"), peerLog)
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
        // The minute without a panel, as the board's output told it.
        XCTAssertTrue(
            printed.contains("accepted: Placed \"Rig: placed while the panel is gone\" in Room 102, Fri 11:00"), printed
        )
        XCTAssertEqual(
            printed.components(separatedBy: "prompt: \"Rig: scanned while the panel is gone\"").count - 1, 4, printed)
        XCTAssertTrue(printed.contains("panel failing since"), printed)
        XCTAssertTrue(printed.contains("panel working again"), printed)
        XCTAssertTrue(printed.contains("board stopped: panel asleep"), printed)
    }
}
