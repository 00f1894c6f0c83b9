import BoardModel
import BoardStore
import Foundation
import Scanner
import SharedTestSupport
import Synchronization
import XCTest

/// The real `openspace board` reading a simulated wedge scanner: a FIFO of evdev key events,
/// read through the same evdev reader as a real scanner's /dev/input/eventN.
final class ScannerBoardProcessTests: XCTestCase {
    var folder: String!
    let codes = ScanCodeFormat(hub: "https://os.example.org")

    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("scanner-board") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func type(_ text: String, into fifo: String) throws {
        let end = Date().addingTimeInterval(5)
        var descriptor: Int32 = -1
        while descriptor < 0 && Date() < end {
            descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
            if descriptor < 0 { usleep(10_000) }
        }
        guard descriptor >= 0 else { return XCTFail("the board never opened \(fifo)") }
        defer { close(descriptor) }
        let bytes = try XCTUnwrap(EvdevTypist.typing(text, from: EvdevTypist.now()))
        XCTAssertEqual(bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }, bytes.count)
    }

    func testBoardPlacesACardTypedByTheScannerAndReadsItAgainAfterAReplug() throws {
        let layout = try ConferenceLayout.load(path: TestPaths.exampleLayout)
        let journalPath = folder + "/journal.sqlite"
        let cards = [Card(id: CardID(value: 501), title: "Scanned"), Card(id: CardID(value: 502), title: "Replugged")]
        do {
            let journal = try BoardJournal(path: journalPath)
            for card in cards {
                try journal.commit(.registerCard(card), context: .init(layout: layout, now: Date(), actor: .host))
            }
        }
        let fifo = folder + "/scanner"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = [
            "board", "--simulate", "--panel-timing", "instant", "--layout", TestPaths.exampleLayout, "--journal",
            journalPath, "--frames",
            folder + "/frames", "--start", "2027-05-14T08:00", "--scanner", "evdev:" + fifo,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let lines = LineCollector(output.fileHandleForReading)
        XCTAssertTrue(lines.wait { $0.hasPrefix("scanner connected: \(fifo)") }, "\(lines.all)")

        let first = CellRef(day: 1, room: "R101", start: ClockTime(hour: 10, minute: 0))
        try type("\(codes.code(for: cards[0].id))\n\(codes.code(for: first))\n", into: fifo)
        XCTAssertTrue(
            lines.wait { $0 == "accepted: Placed \"Scanned\" in Room 101, Fri 10:00" }, "\(lines.all)")

        // Unplugged: the device node goes away; plugged back in: it is there again.
        unlink(fifo)
        XCTAssertTrue(lines.wait { $0.hasPrefix("scanner disconnected:") }, "\(lines.all)")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let replugged = Date()
        XCTAssertTrue(lines.wait(count: 2) { $0.hasPrefix("scanner connected:") }, "\(lines.all)")
        XCTAssertLessThan(Date().timeIntervalSince(replugged), 2, "read again within 2 s of the replug")
        let second = CellRef(day: 1, room: "R101", start: ClockTime(hour: 11, minute: 0))
        try type("\(codes.code(for: cards[1].id))\n\(codes.code(for: second))\n", into: fifo)
        XCTAssertTrue(
            lines.wait { $0 == "accepted: Placed \"Replugged\" in Room 101, Fri 11:00" }, "\(lines.all)")

        // A stuck key is dropped with a reason and nothing changes.
        let stuck = String(repeating: "A", count: 60) + "\n"
        try type(stuck, into: fifo)
        XCTAssertTrue(lines.wait { $0.hasPrefix("scanner dropped:") && $0.contains("stuck key") }, "\(lines.all)")
        let grid = try BoardJournal(path: journalPath).grid()
        XCTAssertEqual(grid.placements, [cards[0].id: first, cards[1].id: second])
    }
}
