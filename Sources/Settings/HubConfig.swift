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

    public init() {}

    public static func load(
        file: String?, options: [(key: String, value: String?, option: String)] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> HubConfig {
        let reader = try ConfigReader.layered(file: file, options: options, environment: environment)
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
        try reader.finish()
        return c
    }
}
