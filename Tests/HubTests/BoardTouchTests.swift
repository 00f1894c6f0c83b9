import Foundation
import Logging
import SharedTestSupport
import Synchronization
import XCTest

@testable import Hub

/// A board's pulls keep its "last seen", outbox depth and software up to date without a write
/// for every pull: the hub writes when something changed, or when the last write is
/// `Hub.touchInterval` old.
final class BoardTouchTests: XCTestCase {
    func testPullsWriteTheBoardDownOnlyWhenSomethingChangedOrTheLastWriteIsOld() async throws {
        let folder = try TestPaths.temporaryFolder("board-touch")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteHubStore(path: folder + "/hub.sqlite")
        let running = Task { try await store.run { _ in } }
        defer { running.cancel() }
        let now = Mutex(HubFixture.morning)
        let hub = Hub(
            store: store, settings: HubSettings(layout: HubFixture.layout, codes: HubFixture.codes),
            logger: Logger(label: "test.hub") { _ in SwiftLogNoOpLogHandler() }, clock: { now.withLock { $0 } })
        try await hub.prepare()
        let code = try await hub.addBoard(id: "hall-a", name: "Hall A")
        let token = try await hub.enrol(code: code).token
        let found = try await hub.board(token: token)
        let board = try XCTUnwrap(found)
        func pull(at seconds: TimeInterval, pending: Int?, software: String? = "openspace-board/0.6.0")
            async throws -> BoardRecord?
        {
            now.withLock { $0 = HubFixture.morning.addingTimeInterval(seconds) }
            _ = try await hub.pull(
                cookie: nil, board: board, clientID: nil, after: nil, pending: pending, software: software)
            return try await store.boards().first
        }

        let first = try await pull(at: 1, pending: 2)
        XCTAssertEqual(first?.lastSeen, HubFixture.morning.addingTimeInterval(1))
        XCTAssertEqual(first?.pending, 2)
        let same = try await pull(at: 5, pending: 2)
        XCTAssertEqual(same?.lastSeen, HubFixture.morning.addingTimeInterval(1), "nothing new: not written")
        let changed = try await pull(at: 6, pending: 0)
        XCTAssertEqual(changed?.lastSeen, HubFixture.morning.addingTimeInterval(6), "a new depth is written at once")
        XCTAssertEqual(changed?.pending, 0)
        let upgraded = try await pull(at: 7, pending: 0, software: "openspace-board/0.7.0")
        XCTAssertEqual(upgraded?.software, "openspace-board/0.7.0", "a new version is written at once")
        let quiet = try await pull(at: 16, pending: 0, software: "openspace-board/0.7.0")
        XCTAssertEqual(quiet?.lastSeen, HubFixture.morning.addingTimeInterval(7))
        let old = try await pull(at: 17, pending: 0, software: "openspace-board/0.7.0")
        XCTAssertEqual(old?.lastSeen, HubFixture.morning.addingTimeInterval(17), "written again once 10 s passed")
    }
}
