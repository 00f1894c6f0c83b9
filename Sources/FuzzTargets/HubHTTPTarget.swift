import BoardModel
import Dispatch
import Foundation
import HTTPTypes
import Hub
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import Synchronization

extension FuzzTargets {
    /// A staff session and a board token the hub of this target knows, so inputs (and seeds)
    /// reach the routes behind sign-in.
    public static let staffToken = "fuzz-staff-session-token"
    public static let boardToken = "fuzz-board-token"

    /// An HTTP request to the hub, through every route: the input is `METHOD PATH`, header
    /// lines, an empty line and the body. The hub must answer every request with a status below
    /// 500, without a crash; a body is read to its end (the event stream's first bytes only).
    static let hubHTTP = FuzzTarget("hub-http") { bytes in
        guard let request = FuzzRequest(bytes) else { return }
        let status = FuzzHub.shared.answer(request)
        precondition(status.code < 500, "\(request.method) \(request.path) answered \(status)")
    }
}

/// A request as the input writes it.
struct FuzzRequest {
    let method: HTTPRequest.Method
    let path: String
    let headers: HTTPFields
    let body: [UInt8]

    init?(_ bytes: [UInt8]) {
        let separator: [UInt8] = [10, 10]
        let split = bytes.indices.first { bytes[$0...].starts(with: separator) } ?? bytes.endIndex
        let head = String(decoding: bytes[..<split], as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        body = split < bytes.endIndex ? Array(bytes[(split + 2)...]) : []
        let start = (head.first ?? "").split(separator: " ", maxSplits: 1).map(String.init)
        guard start.count == 2, let method = HTTPRequest.Method(start[0]), start[1].hasPrefix("/"),
            start[1].utf8.count < 4096
        else { return nil }
        self.method = method
        path = start[1]
        var headers = HTTPFields()
        for line in head.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let name = HTTPField.Name(String(parts[0])) else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            guard HTTPField.isValidValue(value) else { continue }
            headers.append(HTTPField(name: name, value: value))
        }
        self.headers = headers
    }
}

/// One hub for the whole run, on a SQLite file of its own, with the fixed staff session and
/// board token.
final class FuzzHub: Sendable {
    static let shared = FuzzHub()

    private let responder: RouterResponder<HubRequestContext>
    private let logger: Logger
    private let hub: Hub
    private let now: Date

    private init() {
        var logger = Logger(label: "fuzz.hub")
        logger.logLevel = .critical
        self.logger = logger
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openspace-fuzz-\(getpid())")
        let now = FuzzTargets.layout.instant(day: 1, at: ClockTime(hour: 9, minute: 0))!
        self.now = now
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let hub = Hub(
                store: try SQLiteHubStore(path: folder.appendingPathComponent("hub.sqlite").path),
                settings: HubSettings(layout: FuzzTargets.layout, codes: FuzzTargets.codes), logger: logger,
                clock: { now })
            try Self.wait {
                try await hub.prepare()
                try await hub.store.putStaff(name: "alice", passwordHash: "$2b$04$" + String(repeating: "a", count: 53))
                // Card 5 (the seeds' card) is on the grid, so its pages and moves have something to show.
                let card = Card(id: CardID(value: 5), title: "Rust on the Pi", host: "Ana", contact: "@ana")
                _ = try await hub.perform(.registerCard(card), actor: .host)
                _ = try await hub.perform(.place(card.id, FuzzTargets.layout.cells(onDay: 1)[0]), actor: .host)
                let code = try await hub.addBoard(id: "hall-a", name: "Hall A")
                _ = try await hub.store.enrol(
                    codeHash: Credentials.hash(Credentials.normalisedEnrolCode(code)),
                    tokenHash: Credentials.hash(FuzzTargets.boardToken), now: now)
            }
            responder = HubServer.router(hub: hub).buildResponder()
            self.hub = hub
        } catch {
            fatalError("the fuzz hub did not start: \(error)")
        }
    }

    /// The status the hub answers `request` with, after reading its body.
    func answer(_ request: FuzzRequest) -> HTTPResponse.Status {
        let head = HTTPRequest(
            method: request.method, scheme: "https", authority: "os.example.org",
            path: request.path, headerFields: request.headers)
        let (responder, logger, hub, now) = (self.responder, self.logger, self.hub, self.now)
        let body = request.body
        do {
            return try Self.wait {
                // The staff session is there for every input, even after one signed it out.
                if try await hub.staff(session: FuzzTargets.staffToken) == nil {
                    try await hub.store.addSession(
                        tokenHash: Credentials.hash(FuzzTargets.staffToken), staff: "alice",
                        expires: now.addingTimeInterval(86_400), now: now)
                }
                // The request's channel, closed after the answer: an open EmbeddedChannel keeps its
                // pipeline alive (the leak libFuzzer found in the first make fuzz run).
                let channel = EmbeddedChannel()
                defer { _ = try? channel.finish() }
                let context = HubRequestContext(
                    source: ApplicationRequestContextSource(channel: channel, logger: logger))
                let hubRequest = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: body)))
                do {
                    let response = try await responder.respond(to: hubRequest, context: context)
                    if response.headers[.contentType] != "text/event-stream" {
                        try await response.body.write(Drain())
                    }
                    return response.status
                } catch let error as any HTTPResponseError {
                    return error.status
                }
            }
        } catch {
            return .internalServerError
        }
    }

    /// Runs async work from a thread outside Swift's pool (libFuzzer's, or a test's) and waits.
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }
}

/// Reads a response body to its end and keeps nothing.
private struct Drain: ResponseBodyWriter {
    mutating func write(_ buffer: ByteBuffer) async throws {}
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
