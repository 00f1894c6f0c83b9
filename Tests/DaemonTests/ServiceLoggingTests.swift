import Daemon
import Foundation
import Glibc
import Logging
import XCTest

/// ServiceLogging's handlers, writing to a file of the test's own in place of standard error.
final class ServiceLoggingTests: XCTestCase {
    private var path = ""
    private var descriptor: Int32 = -1

    override func setUpWithError() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)").path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        XCTAssertGreaterThanOrEqual(descriptor, 0, "open \(path)")
    }

    override func tearDown() {
        close(descriptor)
        unlink(path)
    }

    /// What systemd would set if the test's file were the journal's stream.
    private func journalStream(of descriptor: Int32) -> String {
        var status = stat()
        XCTAssertEqual(fstat(descriptor, &status), 0)
        return "\(status.st_dev):\(status.st_ino)"
    }

    private func logger(_ environment: [String: String]) throws -> Logger {
        let factory = try ServiceLogging.handlerFactory(environment: environment, output: descriptor)
        return Logger(label: "openspace.board", factory: factory)
    }

    private func written() throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func testLevelIsInfoByDefault() throws {
        XCTAssertEqual(try ServiceLogging.level(environment: [:]), .info)
        XCTAssertEqual(try ServiceLogging.level(environment: ["OPENSPACE_LOG_LEVEL": ""]), .info)
    }

    func testLevelComesFromOpenSpaceLogLevel() throws {
        XCTAssertEqual(try ServiceLogging.level(environment: ["OPENSPACE_LOG_LEVEL": "debug"]), .debug)
        XCTAssertEqual(try ServiceLogging.level(environment: ["OPENSPACE_LOG_LEVEL": "Warning"]), .warning)
        XCTAssertEqual(try ServiceLogging.level(environment: ["OPENSPACE_LOG_LEVEL": "trace"]), .trace)
    }

    func testUnknownLevelIsRefusedNamingTheLevels() {
        XCTAssertThrowsError(try ServiceLogging.level(environment: ["OPENSPACE_LOG_LEVEL": "loud"])) { error in
            XCTAssertEqual(
                "\(error)",
                "OPENSPACE_LOG_LEVEL='loud' is not a log level: use one of trace, debug, info, notice, warning, error, critical"
            )
        }
        XCTAssertThrowsError(try ServiceLogging.handlerFactory(environment: ["OPENSPACE_LOG_LEVEL": "5"], output: 2))
    }

    func testJournalStreamNamesOnlyTheSameDeviceAndInode() {
        XCTAssertTrue(JournalStream.names("64769:1234", device: 64769, inode: 1234))
        XCTAssertFalse(JournalStream.names("64769:1235", device: 64769, inode: 1234))
        XCTAssertFalse(JournalStream.names("64768:1234", device: 64769, inode: 1234))
        XCTAssertFalse(JournalStream.names(nil, device: 64769, inode: 1234))
        for malformed in ["", ":", "64769", "64769:", ":1234", "64769:1234:1", "dev:ino", " 64769:1234"] {
            XCTAssertFalse(JournalStream.names(malformed, device: 64769, inode: 1234), malformed)
        }
    }

    func testDescriptorIsTheJournalOnlyWhenJournalStreamNamesIt() throws {
        let environment = ["JOURNAL_STREAM": journalStream(of: descriptor)]
        XCTAssertTrue(JournalStream.isConnected(descriptor, environment: environment))
        XCTAssertFalse(JournalStream.isConnected(descriptor, environment: [:]))
        let other = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(other) }
        XCTAssertFalse(
            JournalStream.isConnected(other, environment: environment), "a redirected stream is not the journal")
    }

    func testJournalLinesCarryTheirPriorityAndNoTimestamp() throws {
        var logger = try logger(["JOURNAL_STREAM": journalStream(of: descriptor), "OPENSPACE_LOG_LEVEL": "trace"])
        logger[metadataKey: "board"] = "hall-a"
        logger.error("printer offline", metadata: ["device": "/dev/usb/lp0"])
        logger.info("scan accepted")
        logger.trace("frame sent")
        logger.debug("refresh planned")
        logger.notice("enrolled")
        logger.warning("hub unreachable")
        logger.critical("journal unwritable")
        XCTAssertEqual(
            try written(),
            [
                "<3>openspace.board: printer offline board=hall-a device=/dev/usb/lp0",
                "<6>openspace.board: scan accepted board=hall-a",
                "<7>openspace.board: frame sent board=hall-a",
                "<7>openspace.board: refresh planned board=hall-a",
                "<5>openspace.board: enrolled board=hall-a",
                "<4>openspace.board: hub unreachable board=hall-a",
                "<2>openspace.board: journal unwritable board=hall-a",
            ])
    }

    func testEveryLineOfAMultiLineMessageKeepsThePriority() throws {
        let logger = try logger(["JOURNAL_STREAM": journalStream(of: descriptor)])
        logger.error("layout refused:\nline 3: unknown room")
        XCTAssertEqual(try written(), ["<3>openspace.board: layout refused:", "<3>line 3: unknown room"])
    }

    func testLinesBelowTheLevelAreNotWritten() throws {
        let logger = try logger(["JOURNAL_STREAM": journalStream(of: descriptor), "OPENSPACE_LOG_LEVEL": "warning"])
        logger.info("scan accepted")
        logger.warning("hub unreachable")
        XCTAssertEqual(try written(), ["<4>openspace.board: hub unreachable"])
    }

    func testWithoutTheJournalLinesArePlainWithTimestampAndLevel() throws {
        let logger = try logger([:])
        logger.error("printer offline")
        logger.debug("not at the default level")
        let lines = try written()
        XCTAssertEqual(lines.count, 1, "\(lines)")
        let line = try XCTUnwrap(lines.first)
        XCTAssertFalse(line.hasPrefix("<"), line)
        XCTAssertTrue(line.hasSuffix(" error openspace.board: [DaemonTests] printer offline"), line)
        XCTAssertNotNil(line.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"#, options: .regularExpression), line)
    }

    func testAJournalStreamOfAnotherFileGivesThePlainFormat() throws {
        let logger = try logger(["JOURNAL_STREAM": "1:1"])
        logger.info("scan accepted")
        XCTAssertFalse(try XCTUnwrap(try written().first).hasPrefix("<6>"))
    }
}
