import Foundation
import GRDB
import XCTest

@testable import Hub

/// The store contract on SQLite, in a new file for each test; and what only SQLite has: the
/// whole hub in one file.
final class SQLiteHubStoreTests: HubStoreContract {
    private var directory: URL?
    private var path: String? { directory?.appendingPathComponent("hub.sqlite").path }

    override func makeStore() async throws -> any HubStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hub-store-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        return try SQLiteHubStore(path: try XCTUnwrap(path))
    }

    override func firstReleaseStore() async throws -> FirstRelease {
        let file = try XCTUnwrap(directory).appendingPathComponent("first-release.sqlite").path
        let old = try SQLiteHubStore(path: file)
        start(old)
        try old.migrate(upTo: "hub-v1")
        return FirstRelease(
            old: old,
            enrol: { code, token in
                try DatabaseQueue(path: file).write { db in
                    try db.execute(sql: Self.firstReleaseEnrolment, arguments: [token, code])
                }
            },
            reopen: { try SQLiteHubStore(path: file) })
    }

    override func discardStore() async throws {
        guard let directory else { return }
        try FileManager.default.removeItem(at: directory)
        self.directory = nil
    }

    func testAHubOpeningTheSameFileAgainFindsItsGridAndVersion() async throws {
        let card = HubFixture.card("Kept on disk")
        try await push([pushed(1, .registerCard(card)), pushed(2, .place(card.id, HubFixture.cell(0)))])

        let reopened = try SQLiteHubStore(path: try XCTUnwrap(path))
        start(reopened)
        try await reopened.migrate()
        let (version, grid) = try await reopened.snapshot()
        XCTAssertEqual(version, 1)
        XCTAssertEqual(grid.placements[card.id], HubFixture.cell(0))
        let retry = try await reopened.push(
            [pushed(2, .place(card.id, HubFixture.cell(0)))], client: "board-a/journal", board: "board-a",
            layout: layout, now: now)
        XCTAssertEqual(retry.applied, 0, "the file remembers which mutations it applied")
    }
}
