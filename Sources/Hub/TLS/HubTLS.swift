import Foundation
import Logging
import NIOCertificateReloading
import NIOSSL
import ServiceLifecycle
import UnixSignals

/// The hub's own HTTPS: its certificate chain and key from files, read again on SIGHUP (a
/// renewed certificate is served to new connections; connections open keep theirs). A reload
/// that fails (a missing file, a key that is not the certificate's) keeps the certificate served
/// until then and says why in the log.
public final class HubTLS: Sendable {
    public let certificatePath: String
    public let keyPath: String
    private let reloader: TimedCertificateReloader
    private let logger: Logger

    /// Reads the files once: a hub that cannot serve its certificate does not start.
    public init(certificate: String, key: String, logger: Logger) throws {
        certificatePath = certificate
        keyPath = key
        self.logger = logger
        do {
            reloader = try TimedCertificateReloader.makeReloaderValidatingSources(
                refreshInterval: .seconds(86_400),
                certificateSource: .init(location: .file(path: certificate), format: .pem),
                privateKeySource: .init(location: .file(path: key), format: .pem), logger: logger)
        } catch {
            throw TLSFileError("the hub's certificate \(certificate) and key \(key) cannot be served: \(error)")
        }
    }

    /// The server's TLS settings: TLS 1.2 and up, the certificate from the latest (re)load.
    public func serverConfiguration() throws -> TLSConfiguration {
        var configuration = try TLSConfiguration.makeServerConfiguration(certificateReloader: reloader)
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    /// Reads the files again; throws (and keeps the certificate served) when they are not usable.
    public func reload() throws {
        do {
            try reloader.reload()
        } catch {
            throw TLSFileError("the certificate was not reloaded, the old one is still served: \(error)")
        }
        logger.notice("TLS certificate reloaded", metadata: ["certificate": "\(certificatePath)"])
    }

    /// Reloads on every SIGHUP while the hub runs (`systemctl reload openspace-hub`).
    public struct ReloadOnHangup: Service {
        let tls: HubTLS

        public init(tls: HubTLS) { self.tls = tls }

        public func run() async throws {
            let hangups = await UnixSignalsSequence(trapping: .sighup)
            await cancelWhenGracefulShutdown {
                for await _ in hangups {
                    do {
                        try tls.reload()
                    } catch {
                        tls.logger.error("\(error)")
                    }
                }
            }
        }
    }
}
