import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

/// The hub's HTTP application: the sync API, the web pages, the exports and `/metrics`.
public enum HubServer {
    /// The router with every route of the hub; `servesHTTPS` when the hub itself serves TLS.
    public static func router(hub: Hub, servesHTTPS: Bool = false) -> Router<HubRequestContext> {
        let router = Router(context: HubRequestContext.self)
        router.add(middleware: SecurityHeaders(servesHTTPS: servesHTTPS, proxies: hub.settings.trustedProxies))
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

    /// The hub listening on `host:port`, over HTTPS when `tls` is given (and reloading its
    /// certificate on SIGHUP): the store's background work runs beside the server, the schema is
    /// brought up to date before the first request, and `onReady` gets the port actually bound
    /// (useful with port 0).
    public static func application(
        hub: Hub, host: String, port: Int, tls: HubTLS? = nil, logger: Logger,
        onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> Application<RouterResponder<HubRequestContext>> {
        var services: [any Service] = [StoreService(hub: hub)]
        var server = HTTPServerBuilder.http1()
        if let tls {
            server = try .tls(.http1(), tlsConfiguration: try tls.serverConfiguration())
            services.append(HubTLS.ReloadOnHangup(tls: tls))
        }
        var application = Application(
            router: router(hub: hub, servesHTTPS: tls != nil),
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "openspace-hub"),
            services: services,
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) },
            logger: logger)
        application.beforeServerStarts { try await hub.prepare() }
        return application
    }
}

/// Runs the store's background work (PostgreSQL's pool and LISTEN) and turns the versions other
/// hub processes write into pokes for this one's listeners.
struct StoreService: Service {
    let hub: Hub

    func run() async throws {
        // The store stops when the service group shuts down (after the server, which was added
        // after it); cancellation is how a store's run ends, so it is not an error here.
        do {
            try await cancelWhenGracefulShutdown {
                try await hub.store.run { version in hub.pokes.poke(version) }
            }
        } catch is CancellationError {}
    }
}

/// Headers every response carries: no sniffing, no framing, a strict content policy; and HSTS
/// when the browser came over HTTPS (the hub's own, or a trusted proxy's), so it never tries plain
/// HTTP again, where a staff password could be read off the venue's Wi-Fi.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = HubRequestContext

    let servesHTTPS: Bool
    let proxies: TrustedProxies

    /// One year, the value HSTS preload lists ask for; no subdomains, which may be others'.
    static let strictTransportSecurity = "max-age=31536000"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if servesHTTPS || request.cameThroughHTTPSProxy(context, proxies: proxies) {
            response.headers[.strictTransportSecurity] = Self.strictTransportSecurity
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
        }
        return response
    }
}
