import BoardModel
import Foundation
import SharedTestSupport
import XCTest

@testable import Render

/// The boot screen says which board this is and how to reach it, and its QR code opens the board's
/// page on the hub: checked on the plan's text and by decoding the frame with zbarimg.
final class BootScreenTests: XCTestCase {
    static let text = try! TextRenderer()
    let renderer = BootScreenRenderer(text: BootScreenTests.text)
    let page = ScanCodeFormat(hub: "https://os.example.org").boardPage(for: "hall-a")

    func screen(
        name: String = "Hall A", addresses: [String] = ["192.168.1.20 (wlan0)", "2001:db8::20 (wlan0)"],
        hub: BootScreen.HubLine = .connecting("https://os.example.org"), pageURL: String?? = .none
    ) -> BootScreen {
        BootScreen(
            boardName: name, version: "0.6.0", addresses: addresses, hub: hub,
            pageURL: pageURL ?? page, conference: "PyCon Test 2027", clock: "2027-05-14 09:00")
    }

    /// The plan's lines with each box's wrapped lines joined again.
    func texts(_ plan: BootPlan) -> [String] {
        ([plan.header] + (plan.clock.map { [$0] } ?? []) + plan.details + plan.qrCaption + [plan.footer]).map {
            $0.lines.joined(separator: " ")
        }
    }

    func testTheQRCodeDecodesToExactlyTheBoardsPageAndIsLargeEnoughForAPhone() throws {
        XCTAssertEqual(page, "HTTPS://OS.EXAMPLE.ORG/D/HALL-A")
        let plan = renderer.plan(screen())
        let qr = try XCTUnwrap(plan.qr)
        XCTAssertGreaterThanOrEqual(qr.moduleSize, 4)
        XCTAssertEqual(qr.text, page)
        let frame = renderer.draw(plan)
        XCTAssertEqual(frame.width, 800)
        XCTAssertEqual(frame.height, 480)
        XCTAssertEqual(try ZBar.decode(frame), [page])
        XCTAssertLessThanOrEqual(try QRCode(page).version, 2, "upper case keeps the code in alphanumeric mode")
    }

    func testTheScreenNamesTheBoardItsVersionAddressesAndHub() {
        let plan = renderer.plan(screen())
        let texts = texts(plan)
        XCTAssertEqual(plan.details.first?.lines, ["Hall A"], "the board's name comes first, in large type")
        XCTAssertGreaterThan(plan.details[0].style.pixelSize, plan.details[1].style.pixelSize)
        XCTAssertEqual(plan.header.lines, ["OpenSpace Board 0.6.0"])
        XCTAssertEqual(plan.clock?.lines, ["2027-05-14 09:00"])
        for expected in ["PyCon Test 2027", "Connecting to the hub at https://os.example.org…", page] {
            XCTAssertTrue(texts.contains(expected), "\(expected) is missing from \(texts)")
        }
        XCTAssertTrue(plan.details.contains { $0.lines == ["192.168.1.20 (wlan0)", "2001:db8::20 (wlan0)"] })
    }

    func testNoNetworkAndAnOfflineHubAreSaidPlainly() {
        let offline = BootScreen.HubLine.offline("https://os.example.org", reason: "connection refused")
        let texts = texts(renderer.plan(screen(addresses: [], hub: offline)))
        XCTAssertTrue(texts.contains("no network"), "\(texts)")
        XCTAssertTrue(
            texts.contains(
                "Hub offline (connection refused): scans still work and wait here until the hub is back"),
            "\(texts)")
    }

    func testWithoutAHubThereIsNoCodeAndTheBoardSaysItWorksAlone() throws {
        let plan = renderer.plan(screen(hub: .noHub, pageURL: .some(nil)))
        XCTAssertNil(plan.qr)
        XCTAssertTrue(plan.qrCaption.isEmpty)
        XCTAssertTrue(texts(plan).contains("No hub: this board works on its own"))
        XCTAssertThrowsError(try ZBar.decode(renderer.draw(plan)), "no code on the screen")
    }

    func testOnlyTheHubLineChangesWhenTheHubGoesOffline() throws {
        let address = "https://os.example.org"
        let online = renderer.plan(screen(hub: .online(address)))
        let offline = renderer.plan(screen(hub: .offline(address, reason: "timed out")))
        let before = renderer.draw(online)
        let after = renderer.draw(offline)
        var changed: Rect?
        for y in 0..<before.height {
            for x in 0..<before.width where before[x, y] != after[x, y] {
                let pixel = Rect(x: x, y: y, width: 1, height: 1)
                changed = changed.map { union($0, pixel) } ?? pixel
            }
        }
        let hubBox = union(try XCTUnwrap(online.details.last).rect, try XCTUnwrap(offline.details.last).rect)
        let region = try XCTUnwrap(changed, "the hub line changed")
        XCTAssertEqual(region.intersection(hubBox), region, "only the hub line changed: \(region) vs \(hubBox)")
        XCTAssertEqual(try ZBar.decode(after), [page])
    }

    func testNothingOverlapsTheCodeEvenWithALongNameAndManyAddresses() throws {
        let plan = renderer.plan(
            screen(
                name: "The Very Long Board Name In The Main Hallway By The Coffee",
                addresses: (1...6).map { "10.0.0.\($0) (eth\($0))" },
                hub: .offline("https://os.example.org", reason: "no route to host: the network is down right now")))
        let qr = try XCTUnwrap(plan.qr).rect
        XCTAssertLessThanOrEqual(plan.details[0].lines.count, 2)
        XCTAssertTrue(plan.details[0].lines.last?.hasSuffix("…") ?? false, "a name too long for two lines is cut")
        XCTAssertTrue(texts(plan).contains("10.0.0.1 (eth1) 10.0.0.2 (eth2) 10.0.0.3 (eth3) (+4 more)"))
        for box in plan.details + plan.qrCaption + [plan.header, plan.footer] {
            XCTAssertNil(box.rect.intersection(qr), "\(box.lines) overlaps the code")
            XCTAssertLessThanOrEqual(box.rect.maxY, plan.size.maxY)
        }
        for box in plan.details {
            XCTAssertLessThanOrEqual(box.rect.maxY, plan.footer.rect.y, "\(box.lines) runs into the footer")
        }
        XCTAssertEqual(try ZBar.decode(renderer.draw(plan)), [page])
    }

    func testAnAddressTooLongForAReadableCodeIsShownAsText() {
        // Over 380 characters: version 13 (69 modules, the largest that fits at 4 px) holds no more.
        let url = "HTTPS://" + String(repeating: "VERY-LONG-HUB-NAME.", count: 24) + "EXAMPLE.ORG/D/HALL-A"
        let plan = renderer.plan(screen(pageURL: url))
        XCTAssertNil(plan.qr, "a code with modules under 4 px would not scan from a phone")
        XCTAssertTrue(plan.qrCaption.last?.lines.first.map { url.hasPrefix($0) } ?? false, "\(plan.qrCaption)")
        XCTAssertNil(renderer.plan(screen(pageURL: "")).qr, "an empty address has no code and draws nothing")
    }

    private func union(_ a: Rect, _ b: Rect) -> Rect {
        let x = min(a.x, b.x)
        let y = min(a.y, b.y)
        return Rect(x: x, y: y, width: max(a.maxX, b.maxX) - x, height: max(a.maxY, b.maxY) - y)
    }
}
