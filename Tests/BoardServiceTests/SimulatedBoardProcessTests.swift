import BoardModel
import BoardStore
import Foundation
import Render
import SharedTestSupport
import XCTest

/// Runs the real `openspace` binary, as a person or a power cut would meet it.
final class SimulatedBoardProcessTests: XCTestCase {
    var folder: String!
    var layout: ConferenceLayout!
    let codes = ScanCodeFormat(hub: "https://os.example.org")

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("simulated")
        layout = try ConferenceLayout.load(path: TestPaths.exampleLayout)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// Starts the simulated board on the example layout at 08:00 of the first day.
    func startBoard(journal: String, extra: [String] = []) throws -> (Process, FileHandle, FileHandle) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments =
            [
                "board", "--simulate", "--panel-timing", "instant", "--layout", TestPaths.exampleLayout, "--journal",
                journal, "--frames",
                folder + "/frames", "--start", "2027-05-14T08:00",
            ] + extra
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, input.fileHandleForWriting, output.fileHandleForReading)
    }

    func testEveryAcknowledgedScanSurvivesSIGKILLAtARandomPoint() throws {
        let journalPath = folder + "/journal.sqlite"
        let cells = layout.days.flatMap { layout.cells(onDay: $0.number) }.filter { layout.blockReason(for: $0) == nil }
        let cards = cells.indices.map { Card(id: CardID(value: UInt32(1000 + $0)), title: "Session \($0)") }
        let cellOfTitle = Dictionary(uniqueKeysWithValues: zip(cards.map(\.title), cells))
        do {
            let journal = try BoardJournal(path: journalPath)
            let context = Grid.Context(layout: layout, now: Date(), actor: .host)
            for card in cards { try journal.commit(.registerCard(card), context: context) }
        }
        var generator = SystemRandomNumberGenerator()
        var acknowledged: [String: CellRef] = [:]
        let runs = 12
        for run in 1...runs {
            let placed = try BoardJournal(path: journalPath).grid().placements
            let remaining = cards.indices.filter { placed[cards[$0].id] == nil }
            XCTAssertGreaterThan(remaining.count, 2, "the test needs cards left to place")
            let (process, input, output) = try startBoard(journal: journalPath)
            let script = remaining.map { "\(codes.code(for: cards[$0].id))\n\(codes.code(for: cells[$0]))\n" }.joined()
            input.write(Data(script.utf8))
            // Kill at a random point: after a random number of acknowledgements, plus a random
            // pause of up to a few scans, so some kills land in the middle of a transaction.
            let target = Int.random(in: 1...max(1, min(12, remaining.count / 2)), using: &generator)
            var printed = ""
            while printed.components(separatedBy: "accepted: Placed").count - 1 < target {
                let chunk = output.availableData
                if chunk.isEmpty { break }
                printed += String(decoding: chunk, as: UTF8.self)
            }
            usleep(UInt32.random(in: 0...8_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal, "run \(run): the board was still running")
            try? input.close()
            // Whatever the board printed before it died was acknowledged to the person at the board.
            printed += String(decoding: output.readDataToEndOfFile(), as: UTF8.self)
            for line in printed.split(separator: "\n") where line.hasPrefix("accepted: Placed \"") {
                let title = line.dropFirst("accepted: Placed \"".count).prefix { $0 != "\"" }
                acknowledged[String(title)] = cellOfTitle[String(title)]
            }
            let grid = try BoardJournal(path: journalPath).grid()
            for (title, cell) in acknowledged {
                let card = cards.first { $0.title == title }!
                XCTAssertEqual(grid.placements[card.id], cell, "acknowledged \"\(title)\" lost after kill \(run)")
            }
        }
        XCTAssertGreaterThanOrEqual(acknowledged.count, runs, "every run acknowledged at least one scan")
    }

    func testSimulatedBoardReadsScansFromStandardInputAndWritesFrames() throws {
        let journalPath = folder + "/journal.sqlite"
        let card = Card(id: CardID(value: 4242), title: "開放空間：Python 與教育", host: "林怡君")
        do {
            let journal = try BoardJournal(path: journalPath)
            try journal.commit(.registerCard(card), context: .init(layout: layout, now: Date(), actor: .host))
        }
        let (process, input, output) = try startBoard(journal: journalPath)
        let cell = CellRef(day: 1, room: "GARDEN", start: ClockTime(hour: 11, minute: 0))
        input.write(Data("\(codes.code(for: card.id))\n\(codes.code(for: cell))\nhello\n".utf8))
        try input.close()
        let printed = String(decoding: output.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, printed)
        let lines = printed.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, printed)
        XCTAssertTrue(lines[0].hasPrefix("board ready"), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("prompt: \"開放空間：Python 與教育\""), lines[1])
        XCTAssertEqual(lines[2], "accepted: Placed \"開放空間：Python 與教育\" in Garden Tent, Fri 11:00")
        XCTAssertTrue(lines[3].hasPrefix("refused: Not an Open Spaces code"), lines[3])
        XCTAssertEqual(lines[4], "board stopped: panel asleep, journal closed", "standard input ended: a clean stop")
        let latest = try PNG.decode(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/frames/latest.png"))))
        XCTAssertEqual(latest.width, 800)
        XCTAssertEqual(latest.height, 480)
        let frames = try FileManager.default.contentsOfDirectory(atPath: folder + "/frames").filter {
            $0.hasPrefix("frame-")
        }
        // The start-up frame, then the newest state whenever the panel was free: frames that came
        // while a refresh ran were replaced by newer ones, and the last state is always shown.
        XCTAssertTrue((2...4).contains(frames.count), "start-up, then up to prompt, placement, refusal: \(frames)")
    }

    func openspace(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        try TestPaths.openspace(arguments)
    }

    func testCardAddAndCodesGiveTextsTheSimulatedBoardAccepts() throws {
        let journalPath = folder + "/journal.sqlite"
        let added = try openspace([
            "card", "add", "--layout", TestPaths.exampleLayout, "--journal", journalPath, "--title",
            "Rust for Pythonistas",
            "--host", "Ada",
        ])
        XCTAssertEqual(added.status, 0, added.errors)
        let cardCode = try XCTUnwrap(
            added.output.split(separator: " ").last.map { $0.trimmingCharacters(in: .newlines) })
        XCTAssertTrue(cardCode.hasPrefix("HTTPS://OS.EXAMPLE.ORG/C/"), added.output)
        let listed = try openspace(["codes", "--layout", TestPaths.exampleLayout, "--day", "1"])
        let slotCode = try XCTUnwrap(listed.output.split(separator: "\n").first?.split(separator: " ").first)
        XCTAssertEqual(slotCode, "HTTPS://OS.EXAMPLE.ORG/S/1-R101-1000")
        XCTAssertTrue(listed.output.contains("OPENSPACE:REMOVE  Remove a card"))

        let (process, input, output) = try startBoard(journal: journalPath)
        input.write(Data("\(cardCode)\n\(slotCode)\n".utf8))
        try input.close()
        let printed = String(decoding: output.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertTrue(printed.contains("accepted: Placed \"Rust for Pythonistas\" in Room 101, Fri 10:00"), printed)
        let cards = try openspace(["card", "list", "--layout", TestPaths.exampleLayout, "--journal", journalPath])
        XCTAssertTrue(cards.output.contains("Rust for Pythonistas  [Room 101, Fri 10:00]"), cards.output)
    }

    func testBadgeIssuedWithTheOrganisersKeyOpensStaffModeAndAnotherKeysBadgeIsRefused() throws {
        let keyFile = folder + "/staff.key"
        let made = try openspace(["badge", "new-key", "--key-file", keyFile])
        XCTAssertEqual(made.status, 0, made.errors)
        let publicKey = try XCTUnwrap(made.output.split(separator: "\n").last?.split(separator: " ").last)
        let permissions = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o600, "the private key is readable by its owner only")
        let again = try openspace(["badge", "new-key", "--key-file", keyFile])
        XCTAssertNotEqual(again.status, 0, "an existing key is never overwritten")

        let badge = try openspace([
            "badge", "issue", "--key-file", keyFile, "--staff", "ANNA", "--through", "2027-05-16",
        ])
        XCTAssertEqual(badge.status, 0, badge.errors)
        let otherKey = folder + "/other.key"
        _ = try openspace(["badge", "new-key", "--key-file", otherKey])
        let forged = try openspace([
            "badge", "issue", "--key-file", otherKey, "--staff", "ANNA", "--through", "2027-05-16",
        ])

        let (process, input, output) = try startBoard(
            journal: folder + "/journal.sqlite", extra: ["--badge-key", String(publicKey)])
        input.write(Data((forged.output + badge.output).utf8))
        try input.close()
        let printed = String(decoding: output.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = printed.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.dropFirst().first, "refused: This staff badge is not valid", printed)
        XCTAssertTrue(lines.dropLast().last?.hasPrefix("accepted: Staff mode for ANNA") ?? false, printed)
    }

    func testBoardWithoutAPanelSaysWhatIsMissingAndSuggestsSimulate() throws {
        // This machine has no GPIO chip labelled like a Pi's (and no /dev/spidev).
        let result = try openspace([
            "board", "--layout", TestPaths.exampleLayout, "--journal", folder + "/j.sqlite", "--gpio-chip",
            "pinctrl-nowhere",
        ])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.errors.contains("cannot reach the e-paper panel"), result.errors)
        XCTAssertTrue(result.errors.contains("pinctrl-nowhere"), result.errors)
        XCTAssertTrue(result.errors.contains("run with --simulate"), result.errors)
    }

    func testMalformedLayoutIsRefusedWithFileAndLine() throws {
        let bad = folder + "/bad.yaml"
        let text = try String(contentsOfFile: TestPaths.exampleLayout, encoding: .utf8)
            .replacingOccurrences(of: "\"10:00-11:00\", \"11:00-12:00\"", with: "\"10:00-11:00\", \"12:00-11:00\"")
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try openspace(["codes", "--layout", bad])
        let message = result.errors
        XCTAssertNotEqual(result.status, 0)
        let line =
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("12:00-11:00") }! + 1
        XCTAssertTrue(message.contains("bad.yaml:\(line): days[1].slots[2]"), message)
        XCTAssertTrue(message.contains("ends before it starts"), message)
    }

    func testDemoPlaysTheMorningAndLeavesTheExpectedBoard() throws {
        let result = try openspace([
            "demo", "--layout", TestPaths.exampleLayout, "--output", folder + "/demo", "--panel-timing", "instant",
        ])
        let printed = result.output
        XCTAssertEqual(result.status, 0, printed + result.errors)
        let grid = try BoardJournal(path: folder + "/demo/journal.sqlite").grid()
        XCTAssertEqual(grid.cards.count, 7, "a removed card stays registered")
        XCTAssertEqual(grid.placements.count, 6, "every card but the removed one has a slot")
        XCTAssertTrue(grid.parked.isEmpty, "the parked card got a new slot")
        XCTAssertTrue(printed.contains("refused: That slot is taken by"), printed)
        XCTAssertTrue(printed.contains("refused: That slot is blocked (Sponsor workshop)"), printed)
        XCTAssertTrue(printed.contains("refused: The scanner typed lower case"), printed)
        XCTAssertTrue(printed.contains("is parked and needs a slot"), printed)
        XCTAssertTrue(printed.contains("refused: Timed out"), printed)
        let frames = try FileManager.default.contentsOfDirectory(atPath: folder + "/demo/frames")
        XCTAssertGreaterThan(frames.filter { $0.hasPrefix("frame-") }.count, 20)
    }
}
