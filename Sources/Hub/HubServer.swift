import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The hub's HTTP application: the sync API, the web pages, the exports and `/metrics`.
public enum HubServer {
    /// The router with every route of the hub.
    public static func router(hub: Hub) -> Router<HubRequestContext> {
        let router = Router(context: HubRequestContext.self)
        router.add(middleware: SecurityHeaders())
        SyncRoutes.add(to: router, hub: hub)
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: hub.metrics.exposition())))
        }
        router.get("healthz") { _, _ in
            _ = try await hub.store.version()
            return "ok\n"
        }
        WebRoutes.add(to: router, hub: hub)
        return router
    }

    /// The application listening on `host:port`; `onReady` gets the port actually bound (useful
    /// with port 0).
    public static func application(
        hub: Hub, host: String, port: Int, services: [any Service] = [], logger: Logger,
        onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(hub: hub),
            configuration: .init(address: .hostname(host, port: port), serverName: "openspace-hub"),
            services: services,
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}

/// Headers every response carries: no sniffing, no framing, a strict content policy.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = HubRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
        }
        return response
    }
}
