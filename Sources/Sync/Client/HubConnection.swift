import AsyncHTTPClient
import BoardModel
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import SyncWire
import Synchronization

/// The board's HTTP link to the hub: JSON requests with the board's token, and the event stream.
public struct HubConnection: Sendable {
    /// How a board names itself to the hub, which shows it in `hub board list` and on the board's page.
    public static let userAgent = "openspace-board/\(OpenSpaceVersion.current)"

    /// The hub's base address, without a trailing slash (`https://os.example.org`).
    public let base: String
    public let token: String?
    /// The board the token belongs to, sent with pushes so a mix-up is refused, not applied.
    public let boardID: String?
    /// The HTTP client, made for the certificates the board trusts from its hub.
    public let transport: HubTransport
    /// How long one request may take before the hub counts as unreachable.
    public var requestTimeout: TimeAmount = .seconds(10)

    public init(base: String, token: String?, boardID: String? = nil, transport: HubTransport) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.token = token
        self.boardID = boardID
        self.transport = transport
    }

    /// A connection through a client made elsewhere (the shared one unless said otherwise).
    public init(base: String, token: String?, boardID: String? = nil, http: HTTPClient = .shared) {
        self.init(base: base, token: token, boardID: boardID, transport: HubTransport(client: http))
    }

    /// Sends a request through the transport; a certificate the board does not trust becomes a
    /// `HubTrustFailure` that says which setting refused it.
    private func execute(_ request: HTTPClientRequest, deadline: NIODeadline) async throws -> HTTPClientResponse {
        do {
            return try await transport.client(for: base).execute(request, deadline: deadline)
        } catch {
            throw transport.explain(error) ?? error
        }
    }

    /// Why a request to the hub failed.
    public enum Failure: Error, CustomStringConvertible {
        /// The hub answered with a refusal (its sentence, its code and the HTTP status).
        case refused(status: Int, message: String, code: String)
        /// The hub's answer could not be read.
        case unreadable(String)

        public var description: String {
            switch self {
            case .refused(let status, let message, _): "the hub refused (\(status)): \(message)"
            case .unreadable(let reason): "the hub's answer could not be read: \(reason)"
            }
        }

        /// A refusal that sending the same request again will not change (auth, protocol).
        public var isPermanent: Bool {
            if case .refused(let status, _, _) = self { return (400..<500).contains(status) && status != 429 }
            return false
        }
    }

    public func enrol(code: String) async throws -> EnrolResponse {
        try await send(.POST, "/enrol", body: EnrolRequest(code: code))
    }

    public func push(_ request: PushRequest) async throws -> PushResponse {
        try await send(.POST, "/push", body: request)
    }

    public func pull(
        cookie: Int64?, clientID: String?, after: Int64?, pending: Int?, panelProblem: String? = nil
    ) async throws -> PullResponse {
        var query = ["protocol=\(SyncProtocol.version)"]
        if let cookie { query.append("cookie=\(cookie)") }
        if let clientID { query.append("client=\(clientID)") }
        if let after { query.append("after=\(after)") }
        if let pending { query.append("pending=\(pending)") }
        if let panelProblem {
            let text = String(panelProblem.prefix(SyncProtocol.maxPanelProblemLength))
            query.append("panel=\(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        }
        return try await send(.GET, "/pull?" + query.joined(separator: "&"), body: Optional<String>.none)
    }

    private func send<Body: Encodable, Answer: Decodable>(_ method: HTTPMethod, _ path: String, body: Body?)
        async throws -> Answer
    {
        var request = HTTPClientRequest(url: base + SyncProtocol.basePath + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try SyncCoding.encoder().encode(body)))
        }
        let response = try await execute(request, deadline: .now() + requestTimeout)
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let data = Data(buffer: bytes)
        guard (200..<300).contains(response.status.code) else {
            let problem = try? SyncCoding.decoder().decode(ProblemResponse.self, from: data)
            throw Failure.refused(
                status: Int(response.status.code),
                message: problem?.error ?? String(decoding: data.prefix(200), as: UTF8.self),
                code: problem?.code ?? "http-\(response.status.code)")
        }
        do {
            return try SyncCoding.decoder().decode(Answer.self, from: data)
        } catch {
            throw Failure.unreadable("\(error)")
        }
    }

    /// Listens to the hub's event stream and yields each version it pokes, until the stream
    /// ends, fails, or stays silent longer than `idleLimit` (the hub sends a comment every
    /// 15 s, so silence means the link is gone even when TCP has not noticed).
    public func versions(lastEventID: Int64?, idleLimit: Duration = .seconds(40)) async throws -> AsyncThrowingStream<
        Int64, any Error
    > {
        var request = HTTPClientRequest(url: base + SyncProtocol.basePath + "/events")
        request.headers.add(name: "Accept", value: "text/event-stream")
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: "\(lastEventID)") }
        let response = try await execute(request, deadline: .distantFuture)
        guard response.status == .ok else {
            throw Failure.refused(status: Int(response.status.code), message: "event stream refused", code: "events")
        }
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Int64.self)
        let reader = Task {
            var parser = EventStreamParser()
            let lastByte = ActivityClock()
            let watchdog = Task {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(2))
                    if lastByte.silence > idleLimit {
                        continuation.finish(throwing: Failure.unreadable("the event stream went silent"))
                        return
                    }
                }
            }
            defer { watchdog.cancel() }
            do {
                for try await buffer in response.body {
                    lastByte.touch()
                    for event in parser.feed(String(buffer: buffer)) where event.name == "version" {
                        if let version = Int64(event.data) { continuation.yield(version) }
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in reader.cancel() }
        return stream
    }
}

/// When bytes last arrived, shared between a stream's reader and its watchdog.
final class ActivityClock: Sendable {
    private let last = Mutex(ContinuousClock.now)

    func touch() { last.withLock { $0 = ContinuousClock.now } }
    var silence: Duration { ContinuousClock.now - last.withLock { $0 } }
}

/// Splits a `text/event-stream` into events (the WHATWG format: `field: value` lines, a blank
/// line ends an event, lines starting with `:` are comments).
public struct EventStreamParser: Sendable {
    public struct Event: Equatable, Sendable {
        public var name: String
        public var data: String
        public var id: String?
    }

    private var buffer = ""
    private var name = ""
    private var data: [String] = []
    private var id: String?

    public init() {}

    /// Feeds received text; returns the events it completed.
    public mutating func feed(_ text: String) -> [Event] {
        buffer += text
        var events: [Event] = []
        while let newline = buffer.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = String(buffer[..<newline])
            buffer = String(buffer[buffer.index(after: newline)...])
            if line.isEmpty {
                if !data.isEmpty || !name.isEmpty {
                    events.append(
                        Event(name: name.isEmpty ? "message" : name, data: data.joined(separator: "\n"), id: id))
                }
                name = ""
                data = []
                continue
            }
            if line.hasPrefix(":") { continue }
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let field = String(parts[0])
            var value = parts.count > 1 ? String(parts[1]) : ""
            if value.hasPrefix(" ") { value.removeFirst() }
            switch field {
            case "event": name = value
            case "data": data.append(value)
            case "id": id = value
            default: break
            }
        }
        return events
    }
}
