import BoardModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOEmbedded
import SyncWire
import Synchronization
import XCTest

@testable import Hub

/// The limits on guessing staff passwords and enrolment codes, the trust in reverse proxies'
/// forwarded headers, and signing out everywhere.
final class AttemptLimitTests: XCTestCase {
    // MARK: The buckets

    func testABucketAllowsItsBurstThenRefillsOneAttemptPerInterval() {
        let limiter = AttemptLimiter()
        let limit = AttemptLimit(burst: 3, refillSeconds: 10)
        let start = Date(timeIntervalSince1970: 1_000_000)
        for attempt in 1...3 {
            XCTAssertNil(limiter.take([("a", limit)], now: start), "attempt \(attempt) is within the burst")
        }
        XCTAssertEqual(limiter.take([("a", limit)], now: start), 10, "the fourth waits a whole interval")
        XCTAssertEqual(limiter.take([("a", limit)], now: start.addingTimeInterval(4)), 6)
        XCTAssertNil(limiter.take([("a", limit)], now: start.addingTimeInterval(10)), "one attempt came back")
        XCTAssertNotNil(limiter.take([("a", limit)], now: start.addingTimeInterval(10)))
        XCTAssertNil(limiter.take([("b", limit)], now: start), "another key has its own bucket")
    }

    func testAnAttemptTakesFromEveryBucketOrFromNone() {
        let limiter = AttemptLimiter()
        let now = Date(timeIntervalSince1970: 1_000_000)
        let small = AttemptLimit(burst: 1, refillSeconds: 60)
        let large = AttemptLimit(burst: 5, refillSeconds: 60)
        XCTAssertNil(limiter.take([("address", small), ("name", large)], now: now))
        XCTAssertNotNil(limiter.take([("address", small), ("name", large)], now: now))
        // The refused attempt took nothing from the name's bucket: four are left.
        for attempt in 1...4 {
            XCTAssertNil(limiter.take([("other", large), ("name", large)], now: now), "attempt \(attempt)")
        }
        XCTAssertNotNil(limiter.take([("elsewhere", large), ("name", large)], now: now))
    }

    func testARightGuessGivesItsTokensBack() {
        let limiter = AttemptLimiter()
        let now = Date(timeIntervalSince1970: 1_000_000)
        let limit = AttemptLimit(burst: 2, refillSeconds: 60)
        for _ in 1...10 {
            XCTAssertNil(limiter.take([("a", limit)], now: now))
            limiter.giveBack([("a", limit)], now: now)
        }
        limiter.giveBack([("a", limit)], now: now)
        XCTAssertNil(limiter.take([("a", limit)], now: now))
        XCTAssertNil(limiter.take([("a", limit)], now: now))
        XCTAssertNotNil(limiter.take([("a", limit)], now: now), "giving back never fills past the burst")
    }

    // MARK: Trusted proxies

    func testForwardedForIsBelievedOnlyFromATrustedProxy() throws {
        let proxies = try TrustedProxies(["127.0.0.1", "10.0.0.0/8", "fd00::/8"])
        XCTAssertTrue(proxies.contains("10.200.3.4"))
        XCTAssertTrue(proxies.contains("::ffff:10.1.1.1"), "an IPv4-mapped address is its IPv4 address")
        XCTAssertTrue(proxies.contains("fd12::1"))
        XCTAssertFalse(proxies.contains("11.0.0.1"))
        XCTAssertFalse(proxies.contains("not an address"))

        XCTAssertEqual(proxies.client(peer: "127.0.0.1", forwardedFor: "203.0.113.9"), "203.0.113.9")
        XCTAssertEqual(
            proxies.client(peer: "127.0.0.1", forwardedFor: "198.51.100.1, 203.0.113.9, 10.0.0.2"), "203.0.113.9",
            "the last hop before the trusted proxies is the client; what it claims before is its own say")
        XCTAssertEqual(proxies.client(peer: "192.0.2.7", forwardedFor: "203.0.113.9"), "192.0.2.7")
        XCTAssertEqual(proxies.client(peer: "127.0.0.1", forwardedFor: "<script>"), "127.0.0.1")
        XCTAssertEqual(proxies.client(peer: "127.0.0.1", forwardedFor: nil), "127.0.0.1")
        XCTAssertEqual(TrustedProxies().client(peer: "127.0.0.1", forwardedFor: "203.0.113.9"), "127.0.0.1")
    }

    func testAMalformedProxyEntryIsRefusedWithTheEntry() {
        for entry in ["10.0.0.300", "10.0.0.0/33", "::1/129", "proxy.example.org", "10.0.0.0/x"] {
            XCTAssertThrowsError(try TrustedProxies([entry]), entry) { error in
                XCTAssertTrue("\(error)".contains(entry), "\(error)")
            }
        }
    }

    // MARK: Sign-in

    func testTwentyWrongPasswordsFromOneAddressAreCutOffWithoutBcryptAndOthersStillSignIn() async throws {
        let web = try await WebTestHub(proxies: try TrustedProxies(["127.0.0.1", "::1"]))
        defer { web.remove() }
        try await web.hub.store.putStaff(name: WebTestHub.staffName, passwordHash: WebTestHub.staffHash)
        let burst = web.hub.settings.limits.signInPerAddress.burst
        XCTAssertLessThan(burst, 20)
        XCTAssertLessThan(burst, web.hub.settings.limits.signInPerName.burst)
        let attacker: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "203.0.113.66"]
        try await web.test(.live) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 1...20 {
                let wrong = try await client.post(
                    "/staff/login", form: [("name", WebTestHub.staffName), ("password", "guess guess guess")],
                    headers: attacker)
                statuses.append(wrong.status)
                if wrong.status == .tooManyRequests {
                    let retryAfter = try XCTUnwrap(wrong.headers[.retryAfter].flatMap { Int($0) })
                    XCTAssertTrue((1...30).contains(retryAfter), "Retry-After: \(retryAfter)")
                    XCTAssertTrue(wrong.text.contains("Too many wrong sign-ins"))
                    XCTAssertNil(wrong.headers[.setCookie])
                }
            }
            XCTAssertEqual(
                statuses,
                Array(repeating: .unauthorized, count: burst)
                    + Array(
                        repeating: .tooManyRequests, count: 20 - burst))
            let right = try await client.post(
                "/staff/login", form: [("name", WebTestHub.staffName), ("password", WebTestHub.staffPassword)],
                headers: attacker)
            XCTAssertEqual(right.status, .tooManyRequests, "the address is cut off, even with the right password")

            let colleague = try await client.post(
                "/staff/login", form: [("name", WebTestHub.staffName), ("password", WebTestHub.staffPassword)],
                headers: [HTTPField.Name("X-Forwarded-For")!: "198.51.100.20"])
            XCTAssertEqual(colleague.status, .seeOther, "a right password from another address signs in")
        }
        let metrics = web.hub.metrics.exposition()
        XCTAssertEqual(
            Self.value("openspace_hub_password_checks_total", in: metrics), Double(burst + 1),
            "only the attempts within the limit (and the colleague's) cost a bcrypt check")
        XCTAssertEqual(
            Self.value("openspace_hub_attempts_limited_total{kind=\"sign-in\"}", in: metrics), Double(20 - burst + 1))
    }

    func testWrongGuessesAtOneNameFromManyAddressesAreLimitedByName() async throws {
        let web = try await WebTestHub()
        defer { web.remove() }
        let perName = web.hub.settings.limits.signInPerName.burst
        // The name's bucket, spent by wrong guesses from many addresses (no bcrypt needed to show
        // it: the hub's own method, with a name that is not staff).
        for index in 0..<perName {
            do {
                _ = try await web.hub.signIn(name: "mallory", password: "x", address: "192.0.2.\(index)")
                XCTFail("no such staff member")
            } catch SignInRefusal.wrong {}
        }
        do {
            _ = try await web.hub.signIn(name: "mallory", password: "x", address: "192.0.2.250")
            XCTFail("the name is over its limit")
        } catch SignInRefusal.tooMany(let retryAfter) {
            XCTAssertEqual(retryAfter, 30)
        }
        let checks = Self.value("openspace_hub_password_checks_total", in: web.hub.metrics.exposition())
        XCTAssertEqual(checks, Double(perName))
    }

    func testAddressesComeFromTheConnectionUnlessAProxyIsTrusted() async throws {
        let web = try await WebTestHub()
        defer { web.remove() }
        let burst = web.hub.settings.limits.signInPerAddress.burst
        try await web.test(.live) { client in
            // Without trusted proxies, a different X-Forwarded-For on each request does not make
            // the requests come from different addresses.
            var last: HTTPResponse.Status = .ok
            for index in 0...burst {
                last = try await client.post(
                    "/staff/login", form: [("name", "nobody"), ("password", "guess")],
                    headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.\(index)"]
                ).status
            }
            XCTAssertEqual(last, .tooManyRequests)
        }
    }

    // MARK: Enrolment

    func testEnrolmentGuessesAreLimitedPerAddressAndARightCodeIsNotCounted() async throws {
        let web = try await WebTestHub()
        defer { web.remove() }
        let burst = web.hub.settings.limits.enrolPerAddress.burst
        for index in 0..<burst - 1 {
            let code = try await web.hub.addBoard(id: "board-\(index)", name: "")
            _ = try await web.hub.enrol(code: code, address: "192.0.2.1")
        }
        let body = try SyncCoding.encoder().encode(EnrolRequest(code: "AAAA-BBBB-CCCC-DDDD"))
        try await web.test { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 1...burst + 2 {
                let response = try await client.execute(
                    uri: SyncProtocol.basePath + "/enrol", method: .post,
                    headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body))
                statuses.append(response.status)
                if response.status == .tooManyRequests {
                    XCTAssertNotNil(response.headers[.retryAfter])
                    let problem = try SyncCoding.decoder().decode(
                        ProblemResponse.self, from: Data(buffer: response.body))
                    XCTAssertEqual(problem.code, "too-many")
                }
            }
            XCTAssertEqual(
                statuses,
                Array(repeating: .unauthorized, count: burst) + [.tooManyRequests, .tooManyRequests])
        }
        XCTAssertEqual(
            Self.value("openspace_hub_attempts_limited_total{kind=\"enrol\"}", in: web.hub.metrics.exposition()), 2)
    }

    // MARK: Sessions

    func testSigningOutEverywhereEndsEverySessionOfThatStaffMember() async throws {
        let web = try await WebTestHub()
        defer { web.remove() }
        let phone = try await web.staffSession()
        let laptop = Credentials.newToken()
        try await web.hub.store.addSession(
            tokenHash: Credentials.hash(laptop), staff: WebTestHub.staffName,
            expires: web.hub.now.addingTimeInterval(3600),
            now: web.hub.now)
        try await web.test { client in
            let page = try await client.get("/staff", headers: WebTestForm.cookie(phone))
            XCTAssertTrue(page.text.contains("action=\"/staff/logout-everywhere\""))
            let stale = try await client.post(
                "/staff/logout-everywhere", form: [("csrf", "forged")], headers: WebTestForm.cookie(phone))
            XCTAssertEqual(stale.status, .forbidden)
            let out = try await client.post(
                "/staff/logout-everywhere", form: [("csrf", StaffSession.csrfToken(for: phone))],
                headers: WebTestForm.cookie(phone))
            XCTAssertEqual(out.status, .seeOther)
            XCTAssertTrue(out.headers[.setCookie]?.contains("Max-Age=0") ?? false)
            let after = try await client.get("/staff", headers: WebTestForm.cookie(laptop))
            XCTAssertEqual(after.status, .seeOther, "the laptop's session ended too")
        }
        let phoneStaff = try await web.hub.staff(session: phone)
        let laptopStaff = try await web.hub.staff(session: laptop)
        XCTAssertNil(phoneStaff)
        XCTAssertNil(laptopStaff)
    }

    func testASessionEndsAtItsLifetime() async throws {
        let now = Mutex(HubFixture.morning)
        let web = try await WebTestHub(clock: { now.withLock { $0 } })
        defer { web.remove() }
        try await web.hub.store.putStaff(name: "sam", passwordHash: Credentials.hashPassword("sam's password"))
        let token = try await web.hub.signIn(name: "sam", password: "sam's password", address: "192.0.2.1")
        now.withLock { $0 = $0.addingTimeInterval(web.hub.settings.sessionLifetime - 1) }
        let before = try await web.hub.staff(session: token)
        XCTAssertEqual(before, "sam")
        now.withLock { $0 = $0.addingTimeInterval(1) }
        let after = try await web.hub.staff(session: token)
        XCTAssertNil(after)
    }

    // MARK: HSTS

    func testHSTSIsSentOnlyWhenTheBrowserCameOverHTTPS() async throws {
        let trusting = try await WebTestHub(proxies: try TrustedProxies(["127.0.0.1", "::1"]))
        defer { trusting.remove() }
        let proto: HTTPFields = [HTTPField.Name("X-Forwarded-Proto")!: "https"]
        try await trusting.test(.live) { client in
            let plain = try await client.get("/")
            XCTAssertNil(plain.headers[.strictTransportSecurity])
            let proxied = try await client.get("/", headers: proto)
            XCTAssertEqual(proxied.headers[.strictTransportSecurity], SecurityHeaders.strictTransportSecurity)
        }
        let untrusting = try await WebTestHub()
        defer { untrusting.remove() }
        try await untrusting.test(.live) { client in
            let spoofed = try await client.get("/", headers: proto)
            XCTAssertNil(spoofed.headers[.strictTransportSecurity], "an untrusted peer's header says nothing")
        }
    }

    /// A sample's value in Prometheus' text format.
    static func value(_ sample: String, in exposition: String) -> Double? {
        exposition.split(separator: "\n").lazy.compactMap { line -> Double? in
            guard line.hasPrefix(sample + " ") else { return nil }
            return Double(line.dropFirst(sample.count + 1))
        }.first
    }
}

/// Inputs `make fuzz` found, each with a test of what was wrong.
final class FuzzFindingTests: XCTestCase {
    /// fuzz/regressions/hub-http/leak-event-stream-never-written: an event-stream response whose
    /// body was never written (its client gone first) left a listener registered for good.
    func testAnEventStreamNeverWrittenLeavesNoListener() async throws {
        let web = try await WebTestHub()
        defer { web.remove() }
        let responder = HubServer.router(hub: web.hub).buildResponder()
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        let response = try await responder.respond(
            to: Request(
                head: HTTPRequest(method: .get, scheme: "http", authority: "hub", path: "/api/v1/events"),
                body: RequestBody(buffer: ByteBuffer())),
            context: HubRequestContext(
                source: ApplicationRequestContextSource(channel: channel, logger: Logger(label: "test"))))
        XCTAssertEqual(response.headers[.contentType], "text/event-stream")
        XCTAssertEqual(web.hub.pokes.listenerCount, 0, "no listener until the stream is written")
    }
}
