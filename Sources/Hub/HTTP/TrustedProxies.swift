import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The reverse proxies (Caddy, nginx) in front of the hub whose forwarded headers it believes:
/// their `X-Forwarded-For` names the client (for the limits on guessing and the logs) and their
/// `X-Forwarded-Proto: https` says the browser came over HTTPS (for HSTS). A request from any
/// other address is judged by its own connection: its forwarded headers could be anyone's.
public struct TrustedProxies: Sendable, Equatable {
    /// Networks as address bytes (4 or 16) and a prefix length.
    private var networks: [Network] = []

    private struct Network: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int
    }

    public init() {}

    /// Parses addresses and networks as written in hub.yaml: `127.0.0.1`, `::1`, `10.0.0.0/8`,
    /// `fd00::/8`.
    public init(_ entries: [String]) throws(Refusal) {
        for entry in entries {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.bytes(of: parts[0]) else {
                throw Refusal("'\(entry)' is not an IP address or network (10.0.0.0/8, ::1)")
            }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...bytes.count * 8).contains(length) else {
                    throw Refusal("'\(entry)' has no valid prefix length after '/' (0 to \(bytes.count * 8))")
                }
                prefix = length
            }
            networks.append(Network(bytes: bytes, prefix: prefix))
        }
    }

    public struct Refusal: Error, CustomStringConvertible, Equatable {
        public let description: String

        init(_ description: String) { self.description = description }
    }

    public var isEmpty: Bool { networks.isEmpty }

    /// Whether an address (as text) is one of the trusted proxies.
    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return networks.contains { network in
            guard network.bytes.count == bytes.count else { return false }
            var left = network.prefix
            for index in bytes.indices where left > 0 {
                let bits = min(8, left)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if network.bytes[index] & mask != bytes[index] & mask { return false }
                left -= bits
            }
            return true
        }
    }

    /// The client's address: the connection's peer, or, when the peer is a trusted proxy, the
    /// last address in X-Forwarded-For that is not itself a trusted proxy.
    func client(peer: String?, forwardedFor: String?) -> String {
        guard let peer else { return "unknown" }
        guard contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !contains(hop) {
            // A hop that is not an address is where the chain stops being believable.
            return Self.bytes(of: hop) == nil ? peer : hop
        }
        return hops.first ?? peer
    }

    /// An IPv4 or IPv6 address's bytes; an IPv4-mapped IPv6 address counts as its IPv4 address.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return Array(bytes[12...])
        }
        return bytes
    }
}

extension Request {
    /// Who sent this request, as far as the hub can tell (see `TrustedProxies`).
    func clientAddress(_ context: HubRequestContext, proxies: TrustedProxies) -> String {
        proxies.client(peer: context.peerAddress, forwardedFor: headers[HTTPField.Name("X-Forwarded-For")!])
    }

    /// Whether a browser reached the hub over HTTPS through a trusted proxy (its
    /// `X-Forwarded-Proto`).
    func cameThroughHTTPSProxy(_ context: HubRequestContext, proxies: TrustedProxies) -> Bool {
        guard let peer = context.peerAddress, proxies.contains(peer) else { return false }
        return headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}
