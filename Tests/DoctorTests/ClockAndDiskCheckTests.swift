import Doctor
import XCTest

final class ClockCheckTests: XCTestCase {
    func testClockBeforeAnyReleaseBlocks() {
        let result = ClockCheck(now: Date(timeIntervalSince1970: 978_307_200), hubDate: nil).run()
        XCTAssertEqual(result.status, .blocking)
        XCTAssertTrue(result.detail.hasPrefix("the clock says 2001-01-01T00:00:00Z"), result.detail)
        XCTAssertTrue(result.fix?.contains("timedatectl set-ntp true") ?? false)
    }

    func testSkewFromTheHubWarns() {
        let result = ClockCheck(now: conferenceMorning, hubDate: conferenceMorning.addingTimeInterval(-300)).run()
        XCTAssertEqual(result.status, .warning)
        XCTAssertEqual(result.detail, "2027-05-14T09:30:00Z is 300 s ahead of the hub's clock")
        XCTAssertTrue(result.fix?.contains("chrony") ?? false)
    }

    func testClockCloseToTheHubsIsOK() {
        XCTAssertEqual(
            ClockCheck(now: conferenceMorning, hubDate: conferenceMorning.addingTimeInterval(30)).run().status, .ok)
        XCTAssertEqual(ClockCheck(now: conferenceMorning, hubDate: nil).run().status, .ok)
    }
}

final class JournalDiskCheckTests: XCTestCase {
    func disk(free: UInt64, writable: Bool = true, folderExists: Bool = true) throws -> [CheckResult] {
        let tree = try FakeTree()
        if folderExists { try tree.folder("/var/lib/openspace/board") } else { try tree.folder("/var/lib") }
        var environment = DoctorEnvironment.fake(tree)
        environment.freeSpace = { _ in free }
        environment.access = { _, _ in writable }
        return JournalDiskCheck(journalPath: "/var/lib/openspace/board/journal.sqlite", environment: environment).run()
    }

    func testPlentyOfRoomIsOK() throws {
        XCTAssertEqual(
            try disk(free: 3 << 30),
            [
                CheckResult(
                    .ok, "disk", "3072 MB free at /var/lib/openspace/board for /var/lib/openspace/board/journal.sqlite")
            ])
    }

    func testLittleRoomWarnsAndAlmostNoneBlocks() throws {
        XCTAssertEqual(try disk(free: 150 << 20).map(\.status), [.warning])
        let full = try disk(free: 5 << 20)
        XCTAssertEqual(full.map(\.status), [.blocking])
        XCTAssertTrue(full[0].detail.hasPrefix("5 MB free at /var/lib/openspace/board"), full[0].detail)
    }

    func testFolderTheUserCannotWriteBlocks() throws {
        let results = try disk(free: 3 << 30, writable: false)
        XCTAssertEqual(results.map(\.status), [.blocking])
        XCTAssertEqual(results[0].detail, "root cannot write the journal's folder /var/lib/openspace/board")
    }

    func testMissingFolderIsJudgedByItsNearestParent() throws {
        let results = try disk(free: 3 << 30, folderExists: false)
        XCTAssertEqual(results.map(\.status), [.ok])
        XCTAssertTrue(results[0].detail.contains("free at /var/lib for"), results[0].detail)
    }
}
