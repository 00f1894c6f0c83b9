import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization

/// Which certificates a board accepts from its hub over HTTPS.
public enum HubTrust: Sendable, Equatable {
    /// The system's trust store: a hub with a certificate from a public authority.
    case system
    /// Only certificates from the CA in this PEM file (the venue's own CA).
    case caFile(String)
    /// Only certificates from the CA whose certificate has this SHA-256 fingerprint; the hub
    /// sends its CA with its certificate, so a board needs no file, only this line.
    case pinned(fingerprint: [UInt8])

    /// How it is written in board.yaml and in messages.
    public var setting: String {
        switch self {
        case .system: "the system's trust store"
        case .caFile(let path): "hub.ca_file \(path)"
        case .pinned(let fingerprint): "hub.ca_fingerprint \(HubTrust.format(fingerprint))"
        }
    }

    /// `sha256:AB:CD:…`, as `openspace hub tls new-ca` prints it and `openssl x509 -fingerprint
    /// -sha256` shows it.
    public static func format(_ fingerprint: [UInt8]) -> String {
        "sha256:" + fingerprint.map { String(format: "%02X", $0) }.joined(separator: ":")
    }
}

/// The hub's certificate is not one the board trusts: never a fallback to trusting it anyway.
public struct HubTrustFailure: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// The HTTP client a board reaches its hub with, made for its trust: the shared client for the
/// system's trust store, its own client trusting only the venue's CA otherwise. With a pinned
/// fingerprint the CA is first found in what the hub sends (a TLS handshake that sends nothing
/// else), then every request verifies the hub fully against it, its name included.
public actor HubTransport {
    public nonisolated let trust: HubTrust
    private var client: HTTPClient?
    private let ownsClient: Bool
    private let connectTimeout: TimeAmount

    public init(trust: HubTrust, connectTimeout: TimeAmount = .seconds(10)) {
        self.trust = trust
        client = trust == .system ? HTTPClient.shared : nil
        ownsClient = trust != .system
        self.connectTimeout = connectTimeout
    }

    /// A transport over a client made elsewhere (benchmarks, tests), which it does not shut down.
    public init(client: HTTPClient) {
        trust = .system
        self.client = client
        ownsClient = false
        connectTimeout = .seconds(10)
    }

    /// The client for requests to `base`; the first call with a pinned CA contacts the hub.
    public func client(for base: String) async throws -> HTTPClient {
        if let client { return client }
        let roots: [NIOSSLCertificate]
        switch trust {
        case .system:
            return HTTPClient.shared
        case .caFile(let path):
            do {
                roots = try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw HubTrustFailure("the hub's CA file \(path) cannot be read as PEM certificates: \(error)")
            }
            guard !roots.isEmpty else { throw HubTrustFailure("the hub's CA file \(path) holds no certificate") }
        case .pinned(let fingerprint):
            roots = [try await Self.pinnedCA(base: base, fingerprint: fingerprint, timeout: connectTimeout)]
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(roots)
        tls.minimumTLSVersion = .tlsv12
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, timeout: .init(connect: connectTimeout))
        // A refused certificate fails the request at once (the sync client has its own backoff)
        // instead of being tried again until the request's deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        let made = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        client = made
        return made
    }

    /// Ends the client this transport made.
    public func shutdown() async {
        guard ownsClient, let client else { return }
        self.client = nil
        try? await client.shutdown()
    }

    /// Explains a failed request in the board's words when TLS refused the hub's certificate.
    public nonisolated func explain(_ error: any Error) -> HubTrustFailure? {
        if let failure = error as? HubTrustFailure { return failure }
        let text = String(describing: error)
        guard text.contains("CERTIFICATE_VERIFY_FAILED") || error is NIOSSLExtraError else { return nil }
        let reason =
            if text.contains("hostname") || error is NIOSSLExtraError {
                "its certificate does not name the address in hub.url"
            } else {
                "its certificate is not signed by the CA the board trusts"
            }
        return HubTrustFailure(
            "the hub is not trusted: \(reason) (\(trust.setting)); the board sends nothing to it. "
                + "Check hub.url and the CA in board.yaml against `openspace hub tls` on the hub")
    }

    // MARK: The pinned CA

    /// Takes the pinned CA from the certificates the hub sends; fails with what it sent instead.
    static func pinnedCA(base: String, fingerprint: [UInt8], timeout: TimeAmount) async throws -> NIOSSLCertificate {
        let sent = try await certificatesSent(by: base, timeout: timeout)
        if let match = sent.first(where: { $0.fingerprint == fingerprint }) { return match.certificate }
        throw HubTrustFailure(
            "the hub is not trusted: none of the certificates it sent has the fingerprint in hub.ca_fingerprint "
                + "(\(HubTrust.format(fingerprint))); it sent "
                + sent.map { HubTrust.format($0.fingerprint) }.joined(separator: ", ")
                + ". The board sends nothing to it. Check hub.url, and the fingerprint against "
                + "`openspace hub tls show` on the hub")
    }

    /// The certificates a hub sends in its TLS handshake, with their SHA-256 fingerprints. The
    /// handshake is always refused once they are seen, so nothing is ever sent over it.
    public static func certificatesSent(by base: String, timeout: TimeAmount = .seconds(10)) async throws -> [(
        certificate: NIOSSLCertificate, fingerprint: [UInt8]
    )] {
        guard let url = URL(string: base), url.scheme == "https", let host = url.host else {
            throw HubTrustFailure("a pinned hub.ca_fingerprint needs an https:// hub.url, not \(base)")
        }
        let seen = SentCertificates()
        let context = try NIOSSLContext(configuration: TLSConfiguration.makeClientConfiguration())
        let sniHost = host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let done = loop.makePromise(of: Void.self)
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = try NIOSSLClientHandler(
                        context: context, serverHostname: sniHost,
                        customVerificationCallback: { certificates, promise in
                            seen.record(certificates)
                            promise.succeed(.failed)
                        })
                    try channel.pipeline.syncOperations.addHandler(handler)
                    try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(done: done))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host.trimmingCharacters(in: ["[", "]"]), port: url.port ?? 443)
                .get()
        } catch {
            done.fail(error)
            throw error
        }
        defer { channel.close(promise: nil) }
        let handshake = await Result(awaiting: { try await done.futureResult.get() })
        guard let sent = seen.certificates, !sent.isEmpty else {
            try handshake.get()
            throw HubTrustFailure("the hub's TLS handshake ended before it sent its certificates")
        }
        return sent
    }
}

/// The certificates a hub sent in a handshake.
private final class SentCertificates: Sendable {
    private let state = Mutex<[(certificate: NIOSSLCertificate, fingerprint: [UInt8])]?>(nil)

    var certificates: [(certificate: NIOSSLCertificate, fingerprint: [UInt8])]? { state.withLock { $0 } }

    func record(_ certificates: [NIOSSLCertificate]) {
        let sent = certificates.compactMap { certificate in
            (try? certificate.toDERBytes()).map { (certificate, Array(SHA256.hash(data: $0))) }
        }
        state.withLock { $0 = sent }
    }
}

/// Completes its promise when the TLS handshake did, or fails it with the channel's error.
private final class HandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    private let done: EventLoopPromise<Void>
    private var settled = false

    init(done: EventLoopPromise<Void>) { self.done = done }

    private func settle(_ result: Result<Void, any Error>) {
        guard !settled else { return }
        settled = true
        done.completeWith(result)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { settle(.success(())) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        settle(.failure(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        settle(.failure(HubTrustFailure("the hub closed the connection during the TLS handshake")))
        context.fireChannelInactive()
    }
}
