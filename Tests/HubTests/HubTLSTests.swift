import BoardModel
import Foundation
import Logging
import SharedTestSupport
import SwiftASN1
import Sync
import SyncWire
import Synchronization
import X509
import XCTest

@testable import Hub

/// HTTPS between boards and the hub: the venue CA and the hub's certificate, the hub serving
/// them (and reloading them), and boards that trust only the venue's CA, by file or by pinned
/// fingerprint, refusing any other certificate with a sentence that says so. Verification is
/// never turned off.
final class HubTLSTests: XCTestCase {
    /// A CA and a hub certificate for 127.0.0.1 in a fresh folder.
    private struct Venue {
        let folder: String
        let ca: VenueCA

        init(hosts: [String] = ["127.0.0.1", "localhost"]) throws {
            folder = try TestPaths.temporaryFolder("tls")
            ca = try VenueCA.create(name: "Test venue CA")
            try ca.save(to: folder)
            try ca.issue(hosts: hosts).save(to: folder)
        }

        var fingerprint: [UInt8] { get throws { try Self.bytes(try ca.fingerprint) } }
        var caFile: String { folder + "/" + VenueCA.certificateFile }
        var certificate: String { folder + "/" + ServerCertificate.certificateFile }
        var key: String { folder + "/" + ServerCertificate.keyFile }

        func hubTLS() throws -> HubTLS {
            var logger = Logger(label: "test.tls")
            logger.logLevel = .critical
            return try HubTLS(certificate: certificate, key: key, logger: logger)
        }

        static func bytes(_ fingerprint: String) throws -> [UInt8] {
            let hex = fingerprint.dropFirst("sha256:".count).split(separator: ":")
            return try hex.map { try XCTUnwrap(UInt8($0, radix: 16)) }
        }
    }

    // MARK: The venue CA

    func testTheCASignsAHubCertificateForEveryNameAndAddressAndSendsItselfAlong() throws {
        let venue = try Venue(hosts: ["hub.venue.lan", "10.0.0.5", "fd00::5"])
        let loaded = try VenueCA.load(from: venue.folder)
        XCTAssertEqual(loaded.certificate, venue.ca.certificate)
        XCTAssertEqual(
            try venue.ca.certificate.extensions.basicConstraints,
            BasicConstraints.isCertificateAuthority(maxPathLength: 0))

        let chain = try PEMDocument.parseMultiple(pemString: String(contentsOfFile: venue.certificate, encoding: .utf8))
        XCTAssertEqual(chain.count, 2, "the hub's certificate, then the CA's")
        let leaf = try Certificate(derEncoded: chain[0].derBytes)
        XCTAssertEqual(try Certificate(derEncoded: chain[1].derBytes), venue.ca.certificate)
        XCTAssertEqual(leaf.issuer, venue.ca.certificate.subject)
        XCTAssertTrue(venue.ca.certificate.publicKey.isValidSignature(leaf.signature, for: leaf))
        XCTAssertEqual(try leaf.extensions.basicConstraints, BasicConstraints.notCertificateAuthority)
        let names: [GeneralName] = [
            .dnsName("hub.venue.lan"), .ipAddress(ASN1OctetString(contentBytes: [10, 0, 0, 5])),
            .ipAddress(ASN1OctetString(contentBytes: [0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5])),
        ]
        XCTAssertEqual(try leaf.extensions.subjectAlternativeNames.map(Array.init), names)
        XCTAssertLessThanOrEqual(leaf.notValidAfter.timeIntervalSince(leaf.notValidBefore), 398 * 86_400)

        for (file, mode) in [
            (VenueCA.keyFile, 0o600), (ServerCertificate.keyFile, 0o600), (VenueCA.certificateFile, 0o644),
        ] {
            let attributes = try FileManager.default.attributesOfItem(atPath: venue.folder + "/" + file)
            XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, mode, file)
        }
    }

    func testTheCAIsNeverOverwrittenAndBadHostsOrKeysAreRefused() throws {
        let venue = try Venue()
        let before = try String(contentsOfFile: venue.folder + "/" + VenueCA.keyFile, encoding: .utf8)
        XCTAssertThrowsError(try VenueCA.create(name: "Another").save(to: venue.folder)) { error in
            XCTAssertTrue("\(error)".contains("exists already"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: venue.folder + "/" + VenueCA.keyFile, encoding: .utf8), before)
        for host in ["hub venue", "-bad.lan", "", "10.0.0.0/8"] {
            XCTAssertThrowsError(try venue.ca.issue(hosts: [host]), host)
        }
        XCTAssertThrowsError(try venue.ca.issue(hosts: []))

        let other = try Venue()
        try FileManager.default.removeItem(atPath: venue.folder + "/" + VenueCA.keyFile)
        try FileManager.default.copyItem(
            atPath: other.folder + "/" + VenueCA.keyFile, toPath: venue.folder + "/" + VenueCA.keyFile)
        XCTAssertThrowsError(try VenueCA.load(from: venue.folder)) { error in
            XCTAssertTrue("\(error)".contains("is not the key of"), "\(error)")
        }
    }

    // MARK: Boards over HTTPS

    func testABoardWithThePinnedFingerprintEnrolsAndSyncsOverHTTPS() async throws {
        let venue = try Venue()
        let hub = try await RunningHub.start(tls: try venue.hubTLS())
        defer { Task { await hub.stop() } }
        XCTAssertTrue(hub.base.hasPrefix("https://"))
        let transport = HubTransport(trust: .pinned(fingerprint: try venue.fingerprint))
        let board = try await TestBoard(
            folder: try TestPaths.temporaryFolder("tls-board"), name: "hall-a", hub: hub, transport: transport)
        let card = HubFixture.card("TLS on a Pi")
        try board.scan(.registerCard(card))
        try board.scan(.place(card.id, HubFixture.cell(0)))
        try await board.sync()
        let grid = try await hub.hub.snapshot().grid
        XCTAssertEqual(grid.placements[card.id], HubFixture.cell(0), "the push reached the hub over HTTPS")
        XCTAssertEqual(board.lastReport?.online, true)
        await transport.shutdown()
    }

    func testABoardWithTheCAFileSyncsAndOneWithAnotherCAIsRefusedSayingWhy() async throws {
        let venue = try Venue()
        let stranger = try Venue()
        let hub = try await RunningHub.start(tls: try venue.hubTLS())
        defer { Task { await hub.stop() } }
        let trusting = HubTransport(trust: .caFile(venue.caFile))
        _ = try await hub.enrolBoard("hall-a", transport: trusting)
        await trusting.shutdown()

        for (index, trust) in [HubTrust.caFile(stranger.caFile), .system].enumerated() {
            let transport = HubTransport(trust: trust)
            do {
                _ = try await hub.enrolBoard("hall-b\(index)", transport: transport)
                XCTFail("\(trust) must not trust the venue's hub")
            } catch let failure as HubTrustFailure {
                XCTAssertTrue(
                    failure.description.contains("not signed by the CA the board trusts"), failure.description)
                XCTAssertTrue(failure.description.contains(trust.setting), failure.description)
            }
            await transport.shutdown()
        }
        let enrolled = try await hub.hub.store.boards().filter(\.enrolled).map(\.id)
        XCTAssertEqual(enrolled, ["hall-a"], "the refused boards sent no enrolment code")
    }

    func testAPinThatMatchesNothingTheHubSendsIsRefusedWithWhatItSent() async throws {
        let venue = try Venue()
        let stranger = try Venue()
        let hub = try await RunningHub.start(tls: try venue.hubTLS())
        defer { Task { await hub.stop() } }
        let transport = HubTransport(trust: .pinned(fingerprint: try stranger.fingerprint))
        let board = try? await TestBoard(
            folder: try TestPaths.temporaryFolder("tls-board"), name: "hall-a", hub: hub, transport: transport)
        XCTAssertNil(board, "enrolment is refused")
        do {
            _ = try await HubConnection(base: hub.base, token: "some token", transport: transport).pull(
                cookie: nil, clientID: nil, after: nil, pending: nil)
            XCTFail("a pull with a token must not reach an unpinned hub")
        } catch let failure as HubTrustFailure {
            XCTAssertTrue(failure.description.contains("none of the certificates it sent"), failure.description)
            XCTAssertTrue(failure.description.contains(try stranger.ca.fingerprint), "names the pin")
            XCTAssertTrue(failure.description.contains(try venue.ca.fingerprint), "names what the hub sent")
        }
        let metrics = hub.hub.metrics.exposition()
        XCTAssertFalse(
            metrics.split(separator: "\n").contains {
                $0.hasPrefix("openspace_hub_pulls_total ") && !$0.hasSuffix(" 0")
            },
            "no pull reached the hub:\n\(metrics)")
        await transport.shutdown()
    }

    func testACertificateForAnotherNameIsRefusedEvenFromTheRightCA() async throws {
        let venue = try Venue(hosts: ["hub.venue.lan"])
        let hub = try await RunningHub.start(tls: try venue.hubTLS())
        defer { Task { await hub.stop() } }
        for (index, trust) in [HubTrust.caFile(venue.caFile), .pinned(fingerprint: try venue.fingerprint)].enumerated()
        {
            let transport = HubTransport(trust: trust)
            do {
                _ = try await hub.enrolBoard("hall-\(index)", transport: transport)
                XCTFail("a certificate for hub.venue.lan does not serve 127.0.0.1 (\(trust))")
            } catch let failure as HubTrustFailure {
                XCTAssertTrue(failure.description.contains("the hub is not trusted"), failure.description)
                if case .caFile = trust {
                    XCTAssertTrue(
                        failure.description.contains("does not name the address in hub.url"), failure.description)
                }
            }
            await transport.shutdown()
        }
    }

    func testTheSyncReportSaysTheHubIsUntrustedNotJustOffline() async throws {
        let venue = try Venue()
        let stranger = try Venue()
        let hub = try await RunningHub.start(tls: try venue.hubTLS())
        defer { Task { await hub.stop() } }
        let board = try await TestBoard(
            folder: try TestPaths.temporaryFolder("tls-board"), name: "hall-a", hub: hub,
            transport: HubTransport(trust: .caFile(venue.caFile)))
        let reports = Mutex<[SyncClient.Report]>([])
        let transport = HubTransport(trust: .caFile(stranger.caFile))
        let client = SyncClient(
            connection: HubConnection(base: hub.base, token: board.token, boardID: "hall-a", transport: transport),
            journal: board.journal, layout: HubFixture.layout, clock: { HubFixture.morning },
            onReport: { report in reports.withLock { $0.append(report) } })
        let running = Task { await client.run() }
        defer { running.cancel() }
        let reported = await waitUntil(seconds: 20) { reports.withLock { !$0.isEmpty } }
        XCTAssertTrue(reported, "a sync report came within 20 s")
        let report = try XCTUnwrap(reports.withLock { $0.first })
        XCTAssertFalse(report.online)
        XCTAssertTrue(report.untrusted)
        XCTAssertTrue(report.problem?.contains("the hub is not trusted") ?? false, report.problem ?? "")
        await transport.shutdown()
        await board.transport.shutdown()
    }

    // MARK: The hub's certificate

    func testAReloadServesTheRenewedCertificateAndABadOneKeepsTheOld() async throws {
        let venue = try Venue()
        let tls = try venue.hubTLS()
        let hub = try await RunningHub.start(tls: tls)
        defer { Task { await hub.stop() } }
        let first = try await HubTransport.certificatesSent(by: hub.base).map(\.fingerprint)
        XCTAssertEqual(first.count, 2)

        try venue.ca.issue(hosts: ["127.0.0.1"]).save(to: venue.folder)
        try tls.reload()
        let renewed = try await HubTransport.certificatesSent(by: hub.base).map(\.fingerprint)
        XCTAssertNotEqual(renewed[0], first[0], "new connections get the renewed certificate")
        XCTAssertEqual(renewed[1], first[1], "from the same CA")

        try "not a key".write(toFile: venue.key, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try tls.reload()) { error in
            XCTAssertTrue("\(error)".contains("the old one is still served"), "\(error)")
        }
        let kept = try await HubTransport.certificatesSent(by: hub.base).map(\.fingerprint)
        XCTAssertEqual(kept, renewed)
        let transport = HubTransport(trust: .pinned(fingerprint: try venue.fingerprint))
        _ = try await hub.enrolBoard("hall-a", transport: transport)
        await transport.shutdown()
    }

    func testTheHubRefusesToStartWithACertificateAndAKeyThatDoNotBelong() throws {
        let venue = try Venue()
        let other = try Venue()
        XCTAssertThrowsError(
            try HubTLS(certificate: venue.certificate, key: other.key, logger: Logger(label: "test"))
        ) { error in
            XCTAssertTrue("\(error)".contains("cannot be served"), "\(error)")
        }
        XCTAssertThrowsError(
            try HubTLS(certificate: venue.folder + "/missing.pem", key: venue.key, logger: Logger(label: "test")))
    }
}
