import BoardModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Hub

/// `/D/<board>`, the page a board's boot screen links to: public, read-only, in any case.
final class BoardPageTests: XCTestCase {
    private var hubs: [WebTestHub] = []

    override func tearDown() async throws {
        for hub in hubs { hub.remove() }
        hubs = []
        try await super.tearDown()
    }

    private func makeHub() async throws -> WebTestHub {
        let hub = try await WebTestHub()
        hubs.append(hub)
        return hub
    }

    func testTheBootScreensUpperCaseAddressOpensTheBoardsPage() async throws {
        let web = try await makeHub()
        let code = try await web.hub.addBoard(id: "hall-a", name: "Hall A")
        _ = try await web.hub.enrol(code: code)
        try await web.hub.store.touchBoard(
            id: "hall-a", pending: 2, software: "openspace-board/0.6.0", panelProblem: nil,
            now: HubFixture.morning.addingTimeInterval(180))
        let url = HubFixture.codes.boardPage(for: "hall-a")
        XCTAssertEqual(url, "HTTPS://OS.EXAMPLE.ORG/D/HALL-A")
        let path = String(url.dropFirst(HubFixture.codes.hub.count))
        try await web.test { client in
            for uri in [path, "/D/hall-a"] {
                let response = try await client.get(uri)
                XCTAssertEqual(response.status, .ok, uri)
                XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8")
                let page = response.text
                XCTAssertTrue(page.contains("<h1>Hall A</h1>"), page)
                XCTAssertTrue(page.contains("Board hall-a"))
                XCTAssertTrue(page.contains("Enrolled: this board syncs with the hub"))
                XCTAssertTrue(page.contains("Last heard from: 2027-05-14 09:03"), page)
                XCTAssertTrue(page.contains("2 changes not yet confirmed by the hub"))
                XCTAssertTrue(page.contains("href=\"/\""), "the page links to the grid")
                XCTAssertFalse(page.contains("<form"), "the page is read-only")
            }
        }
    }

    func testAWaitingAndARevokedBoardSaySo() async throws {
        let web = try await makeHub()
        _ = try await web.hub.addBoard(id: "lobby", name: "Lobby")
        let code = try await web.hub.addBoard(id: "old-1", name: "Old board")
        _ = try await web.hub.enrol(code: code)
        _ = try await web.hub.store.revokeBoard(id: "old-1")
        try await web.test { client in
            let waiting = try await client.get("/D/LOBBY").text
            XCTAssertTrue(waiting.contains("Waiting to enrol"), waiting)
            XCTAssertTrue(waiting.contains("Last heard from: never"))
            XCTAssertTrue(waiting.contains("not reported yet"))
            let revoked = try await client.get("/D/OLD-1").text
            XCTAssertTrue(revoked.contains("Revoked: this board no longer syncs"), revoked)
        }
    }

    func testAnUnknownOrMalformedBoardIsNotFound() async throws {
        let web = try await makeHub()
        try await web.test { client in
            for uri in ["/D/NOWHERE", "/D/" + String(repeating: "A", count: 33), "/D/HALL_A"] {
                let response = try await client.get(uri)
                XCTAssertEqual(response.status, .notFound, uri)
                XCTAssertTrue(response.text.contains("is not a board of this hub"), response.text)
            }
        }
    }

    func testTheBoardsNameIsShownAsText() async throws {
        let web = try await makeHub()
        _ = try await web.hub.addBoard(id: "evil", name: "<script>alert('x')</script> & co")
        try await web.test { client in
            let page = try await client.get("/D/evil").text
            XCTAssertFalse(page.contains("<script>alert"), page)
            XCTAssertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"), page)
        }
    }
}
