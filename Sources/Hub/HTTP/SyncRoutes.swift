import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle
import SyncWire

/// The sync API: enrol, push, pull and the event stream of pokes.
enum SyncRoutes {
    static func add(to router: Router<HubRequestContext>, hub: Hub) {
        let api = router.group(RouterPath(SyncProtocol.basePath))
        api.post("enrol") { request, context in
            var request = request
            let enrol = try await request.decodeJSON(EnrolRequest.self, limit: 4096)
            try checkProtocol(enrol.protocolVersion)
            let address = request.clientAddress(context, proxies: hub.settings.trustedProxies)
            return try jsonResponse(try await hub.enrol(code: enrol.code, address: address), status: .created)
        }
        api.post("push") { request, context in
            let board = try await requireBoard(request, hub: hub)
            var request = request
            let push = try await request.decodeJSON(PushRequest.self, limit: SyncProtocol.maxPushBytes)
            return try jsonResponse(try await hub.push(push, from: board))
        }
        api.get("pull") { request, context in
            let query = request.uri.queryParameters
            if let version = query["protocol"] { try checkProtocol(Int(String(version)) ?? -1) }
            let cookie = try int64(query["cookie"], name: "cookie")
            let after = try int64(query["after"], name: "after")
            let pending = try int64(query["pending"], name: "pending").map { Int(clamping: $0) }
            let clientID = query["client"].map(String.init)
            // What the board says is wrong with its panel, cut to a bounded length.
            let panelProblem = query["panel"].map { String($0.prefix(SyncProtocol.maxPanelProblemLength)) }
            // The read API is public; a board that shows its token gets its own results too.
            let board = request.bearerToken == nil ? nil : try await requireBoard(request, hub: hub)
            let pull = try await hub.pull(
                cookie: cookie, board: board, clientID: clientID, after: after, pending: pending,
                software: boardSoftware(request.headers[.userAgent]), panelProblem: panelProblem)
            return try jsonResponse(pull)
        }
        api.get("events") { request, context in
            let lastEventID = try int64(
                request.headers[.init("Last-Event-ID")!].map { Substring($0) }, name: "Last-Event-ID")
            return events(hub: hub, after: lastEventID ?? -1)
        }
    }

    /// What a board says it runs, from its User-Agent (`openspace-board/0.6.0`): kept only when it
    /// is short and plain, since it is shown on pages and in `hub board list`.
    static func boardSoftware(_ userAgent: String?) -> String? {
        guard let userAgent, userAgent.count <= 64,
            userAgent.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "./+-_ ()".contains($0)) })
        else { return nil }
        return userAgent
    }

    /// The event stream: one `version` event per poke (its id is the version, so a reconnecting
    /// listener's `Last-Event-ID` gets it the newest version at once), and a comment every 15 s
    /// so proxies keep the connection.
    static func events(hub: Hub, after: Int64) -> Response {
        let headers: HTTPFields = [
            .contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        return Response(
            status: .ok, headers: headers,
            body: .init { writer in
                // The listener is registered only once the body is written: a response dropped
                // before (its client gone) leaves none behind (found by make fuzz, hub-http).
                let versions = hub.pokes.listen(after: after)
                try await writer.write(ByteBuffer(string: "retry: 2000\n: openspace hub\n\n"))
                let (beats, beat) = AsyncStream.makeStream(of: Int64?.self)
                // A hub shutting down ends its streams, so listeners reconnect elsewhere and the
                // server can finish instead of waiting on connections that never end.
                try await withGracefulShutdownHandler {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            while !Task.isCancelled {
                                try await Task.sleep(for: .seconds(15))
                                beat.yield(nil)
                            }
                        }
                        group.addTask {
                            for await version in versions { beat.yield(version) }
                            beat.finish()
                        }
                        for await item in beats {
                            if let version = item {
                                try await writer.write(
                                    ByteBuffer(string: "id: \(version)\nevent: version\ndata: \(version)\n\n"))
                            } else {
                                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                            }
                        }
                        group.cancelAll()
                    }
                } onGracefulShutdown: {
                    beat.finish()
                }
                try await writer.finish(nil)
            })
    }

    static func requireBoard(_ request: Request, hub: Hub) async throws -> BoardRecord {
        guard let token = request.bearerToken else {
            hub.metrics.refusedRequests.increment()
            throw HubError.unauthorized("this needs a board's token: Authorization: Bearer <token>")
        }
        guard let board = try await hub.board(token: token) else {
            hub.metrics.refusedRequests.increment()
            throw HubError.unauthorized("the token is unknown or revoked: enrol the board again")
        }
        return board
    }

    static func checkProtocol(_ version: Int) throws {
        guard version == SyncProtocol.version else { throw HubError.unsupportedProtocol(version) }
    }

    static func int64(_ text: Substring?, name: String) throws -> Int64? {
        guard let text else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw HubError.invalid("\(name) must be a whole number of 0 or more")
        }
        return value
    }
}
