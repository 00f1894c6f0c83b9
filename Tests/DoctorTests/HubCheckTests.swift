import Doctor
import Sync
import XCTest

final class HubCheckTests: XCTestCase {
    func hub(
        _ tree: FakeTree, answer: HubAnswer?, _ overrides: [(key: String, value: String?, option: String)] = []
    ) async throws -> (CheckResult, hubDate: Date?) {
        var environment = DoctorEnvironment.fake(tree)
        environment.hub = FakeHub(answer: answer)
        return await HubCheck(config: try exampleConfig(overrides), environment: environment).run()
    }

    func enrolled() throws -> FakeTree {
        let tree = try FakeTree()
        try tree.write("/var/lib/openspace/board/hub-token", "s3cret-token\nhall-a\n")
        return tree
    }

    func testEnrolledBoardWhoseTokenIsAcceptedIsOK() async throws {
        let (result, date) = try await hub(try enrolled(), answer: HubAnswer(status: 200, date: conferenceMorning))
        XCTAssertEqual(result.status, .ok)
        XCTAssertTrue(result.detail.hasSuffix("board hall-a enrolled"), result.detail)
        XCTAssertEqual(date, conferenceMorning)
    }

    func testRevokedTokenBlocksWithHowToEnrolAgain() async throws {
        let (result, _) = try await hub(
            try enrolled(), answer: HubAnswer(status: 401, body: "{\"error\":\"unknown token\"}"))
        XCTAssertEqual(result.status, .blocking)
        XCTAssertEqual(
            result.detail, "http://hub.local:8080 refused the token of board hall-a (401): revoked or unknown")
        XCTAssertEqual(
            result.fix,
            "add the board again on the hub (`openspace hub board add hall-a`), set hub.enrol to the new code and "
                + "delete /var/lib/openspace/board/hub-token (or run `openspace board --enrol CODE` once)")
    }

    func testAHubWhoseCertificateIsNotTrustedBlocksWithWhatToCompare() async throws {
        let tree = try enrolled()
        var environment = DoctorEnvironment.fake(tree)
        environment.hub = FakeHub(
            answer: nil, untrusted: HubTrustFailure("the hub is not trusted: its certificate is not signed by the CA"))
        let (result, _) = await HubCheck(config: try exampleConfig(), environment: environment).run()
        withExtendedLifetime(tree) {}
        XCTAssertEqual(result.status, .blocking, "a certificate mismatch is never a warning to wait out")
        XCTAssertEqual(
            result.detail, "http://hub.local:8080: the hub is not trusted: its certificate is not signed by the CA")
        XCTAssertTrue(result.fix?.contains("openspace hub tls show") ?? false, result.fix ?? "")
    }

    func testNoTokenAndNoEnrolmentCodeBlocks() async throws {
        let (result, _) = try await hub(try FakeTree(), answer: HubAnswer(status: 200))
        XCTAssertEqual(result.status, .blocking)
        XCTAssertEqual(
            result.detail,
            "no hub token at /var/lib/openspace/board/hub-token and no hub.enrol code: the service cannot start")
        XCTAssertTrue(result.fix?.contains("`openspace hub board add ID`") ?? false)
    }

    func testEnrolmentCodeWaitingForTheFirstStartIsOK() async throws {
        let (result, _) = try await hub(
            try FakeTree(), answer: HubAnswer(status: 200), [("hub.enrol", "7KQ2-M9XD-4HRT-PW3C", "--enrol")])
        XCTAssertEqual(result.status, .ok)
        XCTAssertTrue(result.detail.hasSuffix("not enrolled yet: the board enrols with hub.enrol when it starts"))
    }

    func testUnreachableHubOnlyWarns() async throws {
        let (result, date) = try await hub(try enrolled(), answer: nil)
        XCTAssertEqual(result.status, .warning)
        XCTAssertEqual(
            result.detail,
            "http://hub.local:8080 unreachable (connection refused): the board works offline and syncs when it is back")
        XCTAssertNil(date)
    }

    func testOtherAnswersWarnWithTheHubsWords() async throws {
        let (result, _) = try await hub(try enrolled(), answer: HubAnswer(status: 503, body: "starting"))
        XCTAssertEqual(result.status, .warning)
        XCTAssertEqual(result.detail, "http://hub.local:8080 answered 503: starting")
    }

    func testNoHubConfigured() async throws {
        let tree = try FakeTree()
        let config = try exampleConfig()
        var alone = config
        alone.hub = nil
        let (result, _) = await HubCheck(config: alone, environment: .fake(tree)).run()
        XCTAssertEqual(result.status, .info)
    }

    func testHTTPDatesAreRead() {
        XCTAssertEqual(
            HubAnswer.parseDate("Fri, 14 May 2027 09:30:00 GMT"), conferenceMorning)
        XCTAssertNil(HubAnswer.parseDate("yesterday"))
    }
}
