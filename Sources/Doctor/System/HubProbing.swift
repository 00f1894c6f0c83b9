import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Sync

/// What the hub answered to one request: its HTTP status, its clock (the Date header) and the
/// start of its body, for a refusal's reason.
public struct HubAnswer: Sendable, Equatable {
    public var status: Int
    public var date: Date?
    public var body: String

    public init(status: Int, date: Date? = nil, body: String = "") {
        self.status = status
        self.date = date
        self.body = body
    }

    /// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 section 5.6.7), nil if it is not one.
    public static func parseDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}

/// One GET to the hub, with a time limit, trusting the hub's certificate as the board does;
/// throws when the hub cannot be reached at all, and `HubTrustFailure` when its certificate is
/// not trusted.
public protocol HubProbing: Sendable {
    func get(_ url: String, token: String?, timeout: Duration, trust: HubTrust) async throws -> HubAnswer
}

/// The hub over HTTP(S), through the same transport as the board's sync client.
public struct HTTPHubProbe: HubProbing {
    public init() {}

    public func get(_ url: String, token: String?, timeout: Duration, trust: HubTrust) async throws -> HubAnswer {
        let transport = HubTransport(trust: trust)
        let answer = await Result(awaiting: { try await get(url, token: token, timeout: timeout, through: transport) })
        await transport.shutdown()
        do {
            return try answer.get()
        } catch {
            throw transport.explain(error) ?? error
        }
    }

    private func get(_ url: String, token: String?, timeout: Duration, through transport: HubTransport) async throws
        -> HubAnswer
    {
        let http = try await transport.client(for: url)
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let limit = TimeAmount.milliseconds(Int64(timeout.components.seconds * 1000))
        let response = try await http.execute(request, timeout: limit)
        let body = try await response.body.collect(upTo: 64 << 10)
        return HubAnswer(
            status: Int(response.status.code), date: response.headers.first(name: "Date").flatMap(HubAnswer.parseDate),
            body: String(buffer: body))
    }
}
