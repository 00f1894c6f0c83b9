import Foundation

/// The hub's settings, from `/etc/openspace/hub.yaml` (example: deploy/examples/hub.yaml), the
/// environment and command-line options, in `ConfigReader`'s order.
public struct HubConfig: Sendable, Equatable {
    /// The conference layout file (YAML).
    public var layoutPath = "deploy/examples/conference.yaml"
    /// Where the hub keeps its data: a SQLite file path or a `postgres://` URL.
    public var storage = "out/hub/hub.sqlite"
    /// The hub's public address: printed codes and page links start with it.
    public var publicURL = "https://os.example.org"
    /// The address and port to listen on.
    public var host = "127.0.0.1"
    public var port = 8080
    /// The certificate chain (PEM, the hub's certificate first) and private key for serving
    /// HTTPS itself; both unset serves plain HTTP (behind a proxy, or on loopback).
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto the hub believes.
    public var trustedProxies: [String] = []
    /// Wrong guesses allowed at once before answers are 429: staff sign-ins per client address and
    /// per staff name, enrolments per client address; one more every `refillSeconds`.
    public var signInPerAddress = 10
    public var signInPerName = 20
    public var enrolPerAddress = 10
    public var refillSeconds = 30
    /// How long a staff sign-in lasts.
    public var staffSessionHours = 12

    public init() {}

    public static func load(
        file: String?, options: [(key: String, value: String?, option: String)] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> HubConfig {
        let reader = try ConfigReader.layered(file: file, options: options, environment: environment)
        return try read(reader)
    }

    /// Settings from YAML text alone (no environment, no options), as a file named `fileName`.
    public static func parse(yaml: String, fileName: String) throws(ConfigError) -> HubConfig {
        try read(try ConfigReader(yaml: yaml, fileName: fileName, environment: [:]))
    }

    /// Reads every key, then refuses keys that are not settings.
    static func read(_ reader: ConfigReader) throws(ConfigError) -> HubConfig {
        var c = HubConfig()
        c.layoutPath = try reader.string("layout", default: c.layoutPath)
        c.storage =
            try reader.parsed("storage") { text in
                if text.contains("://") {
                    guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else {
                        throw BoardConfig.Reason("'\(text)' is neither a file path nor a postgres:// URL")
                    }
                }
                return text
            } ?? c.storage
        c.publicURL = try reader.parsed("public_url") { try BoardConfig.address($0) } ?? c.publicURL
        c.host =
            try reader.parsed("listen.host") { text in
                guard !text.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                    throw BoardConfig.Reason("'\(text)' is not an address to listen on: write 0.0.0.0, 127.0.0.1 or ::")
                }
                return text
            } ?? c.host
        c.port = try reader.int("listen.port", default: c.port, in: 0...65535)
        c.tlsCertificate = try reader.string("tls.certificate")
        c.tlsKey = try reader.string("tls.key")
        if (c.tlsCertificate == nil) != (c.tlsKey == nil) {
            throw reader.refuse(
                c.tlsCertificate == nil ? "tls.certificate" : "tls.key",
                "HTTPS needs both tls.certificate and tls.key (or neither, for plain HTTP)")
        }
        c.trustedProxies = try reader.list("proxy.trusted") ?? []
        c.signInPerAddress = try reader.int("limits.sign_in_per_address", default: c.signInPerAddress, in: 1...10_000)
        c.signInPerName = try reader.int("limits.sign_in_per_name", default: c.signInPerName, in: 1...10_000)
        c.enrolPerAddress = try reader.int("limits.enrol_per_address", default: c.enrolPerAddress, in: 1...10_000)
        c.refillSeconds = try reader.int(
            "limits.refill_seconds", default: c.refillSeconds, in: 1...86_400, unit: "seconds")
        c.staffSessionHours = try reader.int(
            "staff_session_hours", default: c.staffSessionHours, in: 1...720, unit: "hours")
        try reader.finish()
        return c
    }
}
