import BoardModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import XCTest

@testable import Hub

/// A hub on a fresh SQLite file with its clock fixed, and its router driven in-process: what the
/// web page and export tests run against.
struct WebTestHub {
    /// The staff password's bcrypt hash, made once per test process: cost 12 takes a while.
    static let staffPassword = "correct horse battery"
    static let staffHash = Credentials.hashPassword(staffPassword)
    static let staffName = "alice"

    let hub: Hub
    let folder: URL

    /// - Parameters:
    ///   - now: the hub's clock; 09:00 on the conference's day unless said otherwise.
    ///   - proxies: the reverse proxies the hub trusts.
    init(now: Date = HubFixture.morning, proxies: TrustedProxies = TrustedProxies()) async throws {
        try await self.init(clock: { now }, proxies: proxies)
    }

    init(clock: @escaping @Sendable () -> Date, proxies: TrustedProxies = TrustedProxies()) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var logger = Logger(label: "test.web")
        logger.logLevel = .critical
        hub = Hub(
            store: try SQLiteHubStore(path: folder.appendingPathComponent("hub.sqlite").path),
            settings: HubSettings(layout: HubFixture.layout, codes: HubFixture.codes, trustedProxies: proxies),
            logger: logger, clock: clock)
        try await hub.prepare()
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `body` against the hub's router, in-process (`.router`), or over a socket on loopback
    /// (`.live`, where requests have a peer address).
    @discardableResult
    func test<Value>(
        _ mode: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await Application(
            router: HubServer.router(hub: hub), configuration: .init(address: .hostname("127.0.0.1", port: 0))
        ).test(mode, body)
    }

    /// Signs a staff member in without bcrypt (the store keeps only the token's hash): returns
    /// the session token.
    func staffSession() async throws -> String {
        try await hub.store.putStaff(name: Self.staffName, passwordHash: Self.staffHash)
        let token = Credentials.newToken()
        try await hub.store.addSession(
            tokenHash: Credentials.hash(token), staff: Self.staffName, expires: hub.now.addingTimeInterval(3600),
            now: hub.now)
        return token
    }

    /// Registers a card and, when a cell is given, places it there (as a host at a board would).
    @discardableResult
    func card(_ title: String, host: String = "Host", at cell: CellRef? = nil) async throws -> Card {
        let card = Card(id: CardID.random(), title: title, host: host, contact: "@host", summary: "About \(title)")
        _ = try await hub.perform(.registerCard(card), actor: .host)
        if let cell { _ = try await hub.perform(.place(card.id, cell), actor: .host) }
        return card
    }
}

extension TestClientProtocol {
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }

    /// POSTs a URL-encoded form, fields in the order given.
    func post(_ uri: String, form: [(String, String)], headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await execute(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(string: WebTestForm.encode(form)))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

enum WebTestForm {
    static func encode(_ fields: [(String, String)]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    /// The staff session's cookie header.
    static func cookie(_ token: String) -> HTTPFields {
        [.cookie: "\(StaffSession.cookieName)=\(token)"]
    }
}
