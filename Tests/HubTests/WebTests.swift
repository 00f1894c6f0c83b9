import BoardModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SyncWire
import XCTest

@testable import Hub
@testable import Sync

/// The hub's web pages over its router: the live grid, card and slot pages, the kiosk and the
/// staff pages, with everything a host typed shown as text.
final class WebTests: XCTestCase {
    private var hubs: [WebTestHub] = []

    override func tearDown() async throws {
        for hub in hubs { hub.remove() }
        hubs = []
        try await super.tearDown()
    }

    private func makeHub(now: Date = HubFixture.morning) async throws -> WebTestHub {
        let hub = try await WebTestHub(now: now)
        hubs.append(hub)
        return hub
    }

    // MARK: The grid

    func testGridShowsAPlacedCardAndTheParkedLaneInOrder() async throws {
        let web = try await makeHub()
        let placed = try await web.card("Rust on the Pi", host: "Ferris", at: HubFixture.cell(0))
        let first = try await web.card("Parked first", at: HubFixture.cell(0))
        let second = try await web.card("Parked second", at: HubFixture.cell(0))
        let version = try await web.hub.store.version()
        try await web.test { client in
            let response = try await client.get("/")
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8")
            let page = response.text
            XCTAssertTrue(page.contains("href=\"/C/\(placed.id.text)\""))
            XCTAssertTrue(page.contains("Rust on the Pi"))
            XCTAssertTrue(page.contains("Ferris"))
            XCTAssertTrue(page.contains("Room One"), "rooms are the columns")
            XCTAssertTrue(page.contains("10:00–11:00"), "slots are the rows")
            XCTAssertTrue(page.contains("data-version=\"\(version)\""), "the script skips pokes it has seen")
            let lane = try XCTUnwrap(page.range(of: "Needs a slot")).upperBound
            let firstAt = try XCTUnwrap(page.range(of: "Parked first", range: lane..<page.endIndex))
            let secondAt = try XCTUnwrap(page.range(of: "Parked second", range: lane..<page.endIndex))
            XCTAssertLessThan(firstAt.lowerBound, secondAt.lowerBound, "the lane keeps arrival order")
            XCTAssertTrue(page.contains("/C/\(first.id.text)") && page.contains("/C/\(second.id.text)"))
        }
    }

    func testGridShowsWhyACellIsBlocked() async throws {
        let web = try await makeHub()
        _ = try await web.hub.perform(.block(HubFixture.cell(4), reason: "Sponsor workshop"), actor: .staff("alice"))
        try await web.test { client in
            let page = try await client.get("/").text
            XCTAssertTrue(page.contains("<span class=\"reason\">Sponsor workshop</span>"))
        }
    }

    func testTheOrganisersBlocksShowTheirReasonToo() throws {
        var layout = HubFixture.layout
        layout.blocked.append(
            .init(
                room: "R3", day: 1, from: ClockTime(hour: 12, minute: 0), to: ClockTime(hour: 13, minute: 0),
                reason: "Lunch setup"))
        let view = GridView(
            grid: Grid(), version: 1, layout: layout, now: HubFixture.morning, fragmentPath: "/?fragment=grid")
        let cell = try XCTUnwrap(view.days.first?.rows.last?.cells.last)
        XCTAssertTrue(cell.isBlocked)
        XCTAssertFalse(cell.isFree)
        XCTAssertEqual(cell.blockReason, "Lunch setup")
        let html = try WebAssets.shared.get().render(view, template: "grid")
        XCTAssertTrue(html.contains("<span class=\"reason\">Lunch setup</span>"))
    }

    func testUserTextIsEscapedOnEveryPage() async throws {
        let web = try await makeHub()
        let card = try await web.card("<script>alert(1)</script>", host: "\"><img src=x onerror=alert(2)>")
        _ = try await web.hub.perform(.place(card.id, HubFixture.cell(1)), actor: .host)
        try await web.test { client in
            for uri in ["/", "/?fragment=grid", "/kiosk", "/C/\(card.id.text)", "/S/\(HubFixture.cell(1).code)"] {
                let page = try await client.get(uri).text
                XCTAssertFalse(page.contains("<script>alert"), uri)
                XCTAssertFalse(page.contains("<img src=x"), uri)
                XCTAssertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), uri)
                XCTAssertTrue(page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), uri)
            }
        }
    }

    func testPagesHaveNoInlineScriptForTheContentPolicy() async throws {
        let web = try await makeHub()
        try await web.test { client in
            let response = try await client.get("/")
            XCTAssertTrue(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") ?? false)
            let page = response.text
            let scripts = page.components(separatedBy: "<script").dropFirst()
            XCTAssertEqual(scripts.count, 1)
            XCTAssertTrue(scripts.allSatisfy { $0.hasPrefix(" src=\"/static/live.js\"") })

            let script = try await client.get("/static/live.js")
            XCTAssertEqual(script.status, .ok)
            XCTAssertEqual(script.headers[.contentType], "text/javascript; charset=utf-8")
            XCTAssertTrue(script.text.contains("new EventSource('/api/v1/events')"))
            XCTAssertTrue(script.text.contains("addEventListener('version'"))
            let style = try await client.get("/static/site.css")
            XCTAssertEqual(style.status, .ok)
            XCTAssertEqual(style.headers[.contentType], "text/css; charset=utf-8")
            XCTAssertTrue(style.text.contains("@media"), "the pages fit a phone")
            let missing = try await client.get("/static/other.js")
            XCTAssertEqual(missing.status, .notFound)
        }
    }

    func testFragmentModeSendsOnlyTheGridAtTheCurrentVersion() async throws {
        let web = try await makeHub()
        try await web.card("First", at: HubFixture.cell(0))
        try await web.test { client in
            let before = try await client.get("/?fragment=grid")
            XCTAssertEqual(before.status, .ok)
            XCTAssertTrue(before.text.hasPrefix("<div id=\"grid\""))
            XCTAssertFalse(before.text.contains("<html"))
            XCTAssertFalse(before.text.contains("Second"))

            try await web.card("Second", at: HubFixture.cell(1))
            let version = try await web.hub.store.version()
            let after = try await client.get("/?fragment=grid").text
            XCTAssertTrue(after.contains("Second"))
            XCTAssertTrue(after.contains("data-version=\"\(version)\""))
            XCTAssertTrue(after.contains("data-fragment=\"/?fragment=grid\""))
        }
    }

    // MARK: Card pages

    func testCardPageShowsWhereTheCardIsAndItsHistory() async throws {
        let web = try await makeHub()
        let card = try await web.card("Rust on the Pi", host: "Ferris", at: HubFixture.cell(0))
        try await web.test { client in
            let response = try await client.get("/C/\(card.id.text.lowercased())")
            XCTAssertEqual(response.status, .ok, "a typed id may be in lower case")
            let page = response.text
            XCTAssertTrue(page.contains("<h1>Rust on the Pi</h1>"))
            XCTAssertTrue(page.contains("Hosted by Ferris"))
            XCTAssertTrue(page.contains("Contact: @host"))
            XCTAssertTrue(page.contains("About Rust on the Pi"))
            XCTAssertTrue(page.contains("Room One, Fri 2027-05-14, 10:00–11:00"))
            XCTAssertTrue(page.contains("Registered"))
            XCTAssertTrue(page.contains("Placed in Room One"))
            XCTAssertTrue(page.contains("2027-05-14 09:00"), "history times are the event's wall clock")
            XCTAssertTrue(page.contains("<span class=\"status\">applied</span>"))
            XCTAssertFalse(page.contains("<form"), "a filled-in card has no form for hosts")
        }
    }

    func testCardPageSaysWhenACardNeedsASlotOrIsOffTheBoard() async throws {
        let web = try await makeHub()
        try await web.card("Holder", at: HubFixture.cell(0))
        let parked = try await web.card("Late", at: HubFixture.cell(0))
        let loose = try await web.card("Loose")
        try await web.test { client in
            let parkedPage = try await client.get("/C/\(parked.id.text)").text
            XCTAssertTrue(parkedPage.contains("Needs a slot"))
            XCTAssertTrue(parkedPage.contains("<span class=\"status\">parked</span>"))
            XCTAssertTrue(parkedPage.contains("That slot is taken by"))
            let loosePage = try await client.get("/C/\(loose.id.text)").text
            XCTAssertTrue(loosePage.contains("Not on the board"))
        }
    }

    func testUnknownAndInvalidCardIDsAreNotFound() async throws {
        let web = try await makeHub()
        let unknown = CardID.random()
        try await web.test { client in
            let missing = try await client.get("/C/\(unknown.text)")
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertTrue(missing.text.contains("is not known to this hub"))
            XCTAssertEqual(missing.headers[.contentType], "text/html; charset=utf-8")
            let invalid = try await client.get("/C/NOTANID")
            XCTAssertEqual(invalid.status, .notFound)
            XCTAssertTrue(invalid.text.contains("is not a card id"))
            let script = try await client.get("/C/%3Cscript%3E")
            XCTAssertEqual(script.status, .notFound)
            XCTAssertFalse(script.text.contains("<SCRIPT>"))
        }
    }

    func testABlankCardIsFilledInOnceThenOnlyStaffCanChangeIt() async throws {
        let web = try await makeHub()
        let blank = Card(id: CardID.random(), title: "")
        _ = try await web.hub.perform(.registerCard(blank), actor: .host)
        let token = try await web.staffSession()
        try await web.test { client in
            let form = try await client.get("/C/\(blank.id.text)").text
            XCTAssertTrue(form.contains("Write this card"))
            XCTAssertTrue(form.contains("action=\"/C/\(blank.id.text)\""))

            let saved = try await client.post(
                "/C/\(blank.id.text.lowercased())",
                form: [
                    ("title", "Pair programming"), ("host", "Ada"), ("contact", "@ada"),
                    ("description", "Bring a laptop"),
                ])
            XCTAssertEqual(saved.status, .seeOther)
            XCTAssertEqual(saved.headers[.location], "/C/\(blank.id.text)")
            let after = try await client.get("/C/\(blank.id.text)").text
            XCTAssertTrue(after.contains("<h1>Pair programming</h1>"))
            XCTAssertFalse(after.contains("Write this card"))
            XCTAssertTrue(after.contains("Words written"))

            let again = try await client.post(
                "/C/\(blank.id.text)", form: [("title", "Hijacked"), ("host", "Mallory")])
            XCTAssertEqual(again.status, .conflict)
            XCTAssertTrue(again.text.contains("already filled in"))
            var card = try await web.hub.snapshot().grid.cards[blank.id]
            XCTAssertEqual(card?.title, "Pair programming", "a host cannot change it twice")

            let staffView = try await client.get("/C/\(blank.id.text)", headers: WebTestForm.cookie(token)).text
            XCTAssertTrue(staffView.contains("Edit"))
            XCTAssertTrue(staffView.contains("name=\"csrf\" value=\"\(StaffSession.csrfToken(for: token))\""))
            let edited = try await client.post(
                "/C/\(blank.id.text)",
                form: [
                    ("title", "Pair programming (Room Two)"), ("host", "Ada"), ("contact", "@ada"), ("description", ""),
                    ("csrf", StaffSession.csrfToken(for: token)),
                ], headers: WebTestForm.cookie(token))
            XCTAssertEqual(edited.status, .seeOther)
            card = try await web.hub.snapshot().grid.cards[blank.id]
            XCTAssertEqual(card?.title, "Pair programming (Room Two)")
            let history = try await web.hub.store.history(of: blank.id)
            XCTAssertEqual(history.last?.actor, .staff(WebTestHub.staffName))
        }
    }

    func testBadCardWordsChangeNothingAndSayWhy() async throws {
        let web = try await makeHub()
        let blank = Card(id: CardID.random(), title: "")
        _ = try await web.hub.perform(.registerCard(blank), actor: .host)
        let version = try await web.hub.store.version()
        try await web.test { client in
            let tooLong = try await client.post(
                "/C/\(blank.id.text)",
                form: [
                    ("title", String(repeating: "x", count: 81)), ("description", String(repeating: "y", count: 201)),
                ])
            XCTAssertEqual(tooLong.status, .badRequest)
            XCTAssertTrue(tooLong.text.contains("The title is 81 characters long; at most 80 fit on a card."))
            XCTAssertTrue(tooLong.text.contains("The description is 201 characters long"))
            XCTAssertTrue(tooLong.text.contains(String(repeating: "x", count: 81)), "what was typed comes back")
            let empty = try await client.post("/C/\(blank.id.text)", form: [("title", "   "), ("host", "Ada")])
            XCTAssertEqual(empty.status, .badRequest)
            XCTAssertTrue(empty.text.contains("The title is needed."))
            let huge = try await client.post(
                "/C/\(blank.id.text)", form: [("title", String(repeating: "z", count: 20_000))])
            XCTAssertEqual(huge.status, .contentTooLarge)
        }
        let after = try await web.hub.store.version()
        XCTAssertEqual(after, version, "nothing was written")
        let card = try await web.hub.snapshot().grid.cards[blank.id]
        XCTAssertEqual(card?.title, "")
    }

    // MARK: Slots and the kiosk

    func testSlotPageShowsTheCardThereOrThatItIsFree() async throws {
        let web = try await makeHub()
        let card = try await web.card("Testing in Swift", host: "Grace", at: HubFixture.cell(0))
        try await web.test { client in
            let taken = try await client.get("/S/\(HubFixture.cell(0).code.lowercased())")
            XCTAssertEqual(taken.status, .ok)
            XCTAssertTrue(taken.text.contains("<h1>Room One</h1>"))
            XCTAssertTrue(taken.text.contains("Fri 2027-05-14, 10:00–11:00"))
            XCTAssertTrue(taken.text.contains("href=\"/C/\(card.id.text)\""))
            XCTAssertTrue(taken.text.contains("Testing in Swift"))
            let free = try await client.get("/S/\(HubFixture.cell(1).code)").text
            XCTAssertTrue(free.contains("<h1>Room Two</h1>"))
            XCTAssertTrue(free.contains("Free"))
            let noRoom = try await client.get("/S/1-R9-1000")
            XCTAssertEqual(noRoom.status, .notFound, "no such room")
            let garbage = try await client.get("/S/garbage")
            XCTAssertEqual(garbage.status, .notFound)
        }
    }

    func testKioskShowsTodayWithTheCurrentSlotMarked() async throws {
        let layout = HubFixture.layout
        let web = try await makeHub(now: layout.instant(day: 1, at: ClockTime(hour: 11, minute: 20))!)
        try await web.test { client in
            let response = try await client.get("/kiosk")
            XCTAssertEqual(response.status, .ok)
            let page = response.text
            XCTAssertTrue(page.contains("<body class=\"kiosk\">"))
            XCTAssertTrue(page.contains("<tr class=\"slot now\">"))
            XCTAssertTrue(page.contains("11:00–12:00 <span class=\"now-mark\">now</span>"))
            XCTAssertTrue(page.contains("<tr class=\"slot past\">"), "the 10:00 slot is over")
            XCTAssertTrue(page.contains("data-fragment=\"/kiosk?fragment=grid\""))
            XCTAssertTrue(page.contains("data-refresh=\"60\""), "the now mark moves on without a poke")
            let fragment = try await client.get("/kiosk?fragment=grid").text
            XCTAssertTrue(fragment.hasPrefix("<div id=\"grid\""))
        }
    }

    func testKioskOutsideTheConferenceShowsTheFirstDay() async throws {
        let web = try await makeHub(now: Date(timeIntervalSince1970: 0))
        try await web.test { client in
            let page = try await client.get("/kiosk").text
            XCTAssertTrue(page.contains("id=\"day-1\""))
            XCTAssertFalse(page.contains("class=\"slot now\""))
        }
    }

    // MARK: Staff

    func testStaffSignInRefusesAWrongPasswordAndSetsACookieForTheRightOne() async throws {
        let web = try await makeHub()
        try await web.hub.store.putStaff(name: WebTestHub.staffName, passwordHash: WebTestHub.staffHash)
        try await web.test { client in
            let form = try await client.get("/staff/login")
            XCTAssertEqual(form.status, .ok)
            XCTAssertTrue(form.text.contains("type=\"password\""))

            let wrong = try await client.post(
                "/staff/login", form: [("name", WebTestHub.staffName), ("password", "not the password")])
            XCTAssertEqual(wrong.status, .unauthorized)
            XCTAssertTrue(wrong.text.contains("Wrong name or password"))
            XCTAssertNil(wrong.headers[.setCookie])

            let right = try await client.post(
                "/staff/login", form: [("name", WebTestHub.staffName), ("password", WebTestHub.staffPassword)])
            XCTAssertEqual(right.status, .seeOther)
            XCTAssertEqual(right.headers[.location], "/staff")
            let cookie = try XCTUnwrap(right.headers[.setCookie])
            XCTAssertTrue(cookie.hasPrefix("\(StaffSession.cookieName)="))
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Secure"] {
                XCTAssertTrue(cookie.contains(attribute), "the cookie is \(attribute): \(cookie)")
            }
            let token = String(cookie.dropFirst(StaffSession.cookieName.count + 1).prefix { $0 != ";" })
            let staffName = try await web.hub.staff(session: token)
            XCTAssertEqual(staffName, WebTestHub.staffName)
            let page = try await client.get("/staff", headers: WebTestForm.cookie(token))
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("signed in as alice"))
        }
    }

    func testStaffPagesNeedASession() async throws {
        let web = try await makeHub()
        try await web.test { client in
            let page = try await client.get("/staff")
            XCTAssertEqual(page.status, .seeOther)
            XCTAssertEqual(page.headers[.location], "/staff/login")
            let stale = try await client.get("/staff", headers: WebTestForm.cookie("not-a-session"))
            XCTAssertEqual(stale.status, .seeOther)
            let action = try await client.post("/staff/block", form: [("slot", HubFixture.cell(0).code)])
            XCTAssertEqual(action.status, .unauthorized)
        }
        let grid = try await web.hub.snapshot().grid
        XCTAssertTrue(grid.staffBlocks.isEmpty)
    }

    func testAStaffActionWithoutTheCSRFTokenIsRefusedAndChangesNothing() async throws {
        let web = try await makeHub()
        let card = try await web.card("Moving", at: HubFixture.cell(0))
        let token = try await web.staffSession()
        let target = HubFixture.cell(5)
        try await web.test { client in
            let missing = try await client.post(
                "/staff/move", form: [("card", card.id.text), ("slot", target.code)], headers: WebTestForm.cookie(token)
            )
            XCTAssertEqual(missing.status, .forbidden)
            XCTAssertTrue(missing.text.contains("Nothing was changed"))
            let forged = try await client.post(
                "/staff/move", form: [("card", card.id.text), ("slot", target.code), ("csrf", "forged")],
                headers: WebTestForm.cookie(token))
            XCTAssertEqual(forged.status, .forbidden)
            var grid = try await web.hub.snapshot().grid
            XCTAssertEqual(grid.placements[card.id], HubFixture.cell(0))

            let applied = try await client.post(
                "/staff/move",
                form: [
                    ("card", card.id.text.lowercased()), ("slot", target.code.lowercased()),
                    ("csrf", StaffSession.csrfToken(for: token)),
                ], headers: WebTestForm.cookie(token))
            XCTAssertEqual(applied.status, .ok)
            XCTAssertTrue(applied.text.contains("Done: Moved to"))
            grid = try await web.hub.snapshot().grid
            XCTAssertEqual(grid.placements[card.id], target)
            let history = try await web.hub.store.history(of: card.id)
            XCTAssertEqual(history.last?.actor, .staff(WebTestHub.staffName))
        }
    }

    func testABearerTokenActsWithoutACookie() async throws {
        let web = try await makeHub()
        let token = try await web.staffSession()
        try await web.test { client in
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            let page = try await client.get("/staff", headers: bearer)
            XCTAssertEqual(page.status, .ok)
            let blocked = try await client.post(
                "/staff/block", form: [("slot", HubFixture.cell(2).code), ("reason", "Wet floor")], headers: bearer)
            XCTAssertEqual(blocked.status, .ok)
            XCTAssertTrue(blocked.text.contains("Done: Slot \(HubFixture.cell(2).code) closed."))
        }
        let grid = try await web.hub.snapshot().grid
        XCTAssertEqual(grid.staffBlocks[HubFixture.cell(2)], "Wet floor")
    }

    func testRefusedStaffActionsAreShownNotFailed() async throws {
        let web = try await makeHub()
        let holder = try await web.card("Holder", at: HubFixture.cell(0))
        let mover = try await web.card("Mover", at: HubFixture.cell(1))
        let token = try await web.staffSession()
        let csrf = StaffSession.csrfToken(for: token)
        try await web.test { client in
            let taken = try await client.post(
                "/staff/move", form: [("card", mover.id.text), ("slot", HubFixture.cell(0).code), ("csrf", csrf)],
                headers: WebTestForm.cookie(token))
            XCTAssertEqual(taken.status, .ok)
            XCTAssertTrue(taken.text.contains("Refused: That slot is taken by &quot;Holder&quot;"))
            let badSlot = try await client.post(
                "/staff/move", form: [("card", mover.id.text), ("slot", "9-R1-1000"), ("csrf", csrf)],
                headers: WebTestForm.cookie(token))
            XCTAssertTrue(badSlot.text.contains("9-R1-1000 is not a slot of this conference"))
            let badCard = try await client.post(
                "/staff/remove", form: [("card", "XYZ"), ("csrf", csrf)], headers: WebTestForm.cookie(token))
            XCTAssertTrue(badCard.text.contains("XYZ is not a card id"))

            let over = try await client.post(
                "/staff/place-over",
                form: [("card", mover.id.text), ("slot", HubFixture.cell(0).code), ("csrf", csrf)],
                headers: WebTestForm.cookie(token))
            XCTAssertTrue(over.text.contains("Done: Placed by staff over another card"))
            var grid = try await web.hub.snapshot().grid
            XCTAssertEqual(grid.placements[mover.id], HubFixture.cell(0))
            XCTAssertEqual(grid.parked, [holder.id])

            let parked = try await client.post(
                "/staff/park", form: [("card", mover.id.text), ("csrf", csrf)], headers: WebTestForm.cookie(token))
            XCTAssertTrue(parked.text.contains("Done: Parked"), parked.text)
            grid = try await web.hub.snapshot().grid
            XCTAssertNil(grid.placements[mover.id])
            XCTAssertEqual(grid.parked, [holder.id, mover.id], "parked after the card already waiting")

            let removed = try await client.post(
                "/staff/remove", form: [("card", holder.id.text), ("csrf", csrf)], headers: WebTestForm.cookie(token))
            XCTAssertTrue(removed.text.contains("Done: Taken off the board."))
            grid = try await web.hub.snapshot().grid
            XCTAssertEqual(grid.parked, [mover.id])

            let unblock = try await client.post(
                "/staff/unblock", form: [("slot", HubFixture.cell(3).code), ("csrf", csrf)],
                headers: WebTestForm.cookie(token))
            XCTAssertTrue(unblock.text.contains("Refused: That slot is not blocked by staff"))
        }
    }

    func testAddingABoardShowsACodeOnceThatEnrolsIt() async throws {
        let web = try await makeHub()
        let token = try await web.staffSession()
        let page = try await Self.postAndRead(
            web, "/staff/boards",
            form: [("id", "hall-a"), ("name", "Hall A"), ("csrf", StaffSession.csrfToken(for: token))], token: token)
        XCTAssertTrue(page.contains("data:image/png;base64,"), "the code is shown as a QR image too")
        let code = try XCTUnwrap(
            page.components(separatedBy: "<p class=\"enrol-code\">").dropFirst().first?.prefix { $0 != "<" })
        XCTAssertEqual(code.count, 19, "four groups of four: \(code)")
        let enrolled = try await web.hub.enrol(code: String(code))
        XCTAssertEqual(enrolled.boardID, "hall-a")

        let again = try await Self.postAndRead(
            web, "/staff/boards",
            form: [("id", "hall-a"), ("name", "Again"), ("csrf", StaffSession.csrfToken(for: token))], token: token)
        XCTAssertTrue(again.contains("a board named hall-a already exists"))
        XCTAssertFalse(again.contains("enrol-code"))
        let listed = try await Self.getAndRead(web, "/staff", token: token)
        XCTAssertTrue(listed.contains("Hall A <small>hall-a</small>"))
        XCTAssertTrue(listed.contains("<td>enrolled</td>"))
        XCTAssertFalse(listed.contains(String(code)), "the code is never shown again")

        let revoked = try await Self.postAndRead(
            web, "/staff/boards/revoke", form: [("id", "hall-a"), ("csrf", StaffSession.csrfToken(for: token))],
            token: token)
        XCTAssertTrue(revoked.contains("Board hall-a is revoked"))
        XCTAssertTrue(revoked.contains("<td>revoked</td>"))
        let board = try await web.hub.board(token: enrolled.token)
        XCTAssertNil(board)
    }

    func testCreatingACardCanSendItToABoardsPrinter() async throws {
        let web = try await makeHub()
        let token = try await web.staffSession()
        let code = try await web.hub.addBoard(id: "hall-b", name: "Hall B")
        let enrolled = try await web.hub.enrol(code: code)
        let page = try await Self.postAndRead(
            web, "/staff/cards",
            form: [
                ("title", "Swift on Linux"), ("host", "Chris"), ("contact", "@chris"), ("description", "Q&A"),
                ("board", "hall-b"), ("csrf", StaffSession.csrfToken(for: token)),
            ], token: token)
        XCTAssertTrue(page.contains("created."))
        XCTAssertTrue(page.contains("Sent to board hall-b&#39;s printer"))
        let grid = try await web.hub.snapshot().grid
        let card = try XCTUnwrap(grid.cards.values.first { $0.title == "Swift on Linux" })
        XCTAssertEqual(card.summary, "Q&A")
        let found = try await web.hub.board(token: enrolled.token)
        let board = try XCTUnwrap(found)
        let pull = try await web.hub.pull(cookie: nil, board: board, clientID: nil, after: nil, pending: nil)
        XCTAssertEqual(pull.prints.map(\.card), [card.id])

        let refused = try await Self.postAndRead(
            web, "/staff/cards",
            form: [("title", ""), ("host", "Nobody"), ("csrf", StaffSession.csrfToken(for: token))],
            token: token)
        XCTAssertTrue(refused.contains("The title is needed."))
        XCTAssertTrue(refused.contains("value=\"Nobody\""), "what was typed stays in the form")
    }

    func testSigningOutEndsTheSession() async throws {
        let web = try await makeHub()
        let token = try await web.staffSession()
        try await web.test { client in
            let refused = try await client.post("/staff/logout", form: [], headers: WebTestForm.cookie(token))
            XCTAssertEqual(refused.status, .forbidden)
            let out = try await client.post(
                "/staff/logout", form: [("csrf", StaffSession.csrfToken(for: token))],
                headers: WebTestForm.cookie(token))
            XCTAssertEqual(out.status, .seeOther)
            XCTAssertEqual(out.headers[.location], "/staff/login")
            XCTAssertTrue(out.headers[.setCookie]?.contains("Max-Age=0") ?? false)
            let after = try await client.get("/staff", headers: WebTestForm.cookie(token))
            XCTAssertEqual(after.status, .seeOther)
        }
        let staffName = try await web.hub.staff(session: token)
        XCTAssertNil(staffName)
    }

    // MARK: Helpers

    private static func postAndRead(_ web: WebTestHub, _ uri: String, form: [(String, String)], token: String)
        async throws -> String
    {
        try await web.test { client in
            let response = try await client.post(uri, form: form, headers: WebTestForm.cookie(token))
            XCTAssertEqual(response.status, .ok, uri)
            return response.text
        }
    }

    private static func getAndRead(_ web: WebTestHub, _ uri: String, token: String) async throws -> String {
        try await web.test { client in
            let response = try await client.get(uri, headers: WebTestForm.cookie(token))
            XCTAssertEqual(response.status, .ok, uri)
            return response.text
        }
    }
}
