import Crypto
import Foundation

/// A staff member's badge: who, until when, and an Ed25519 signature a board checks offline.
///
/// Boards hold only the public key, so a stolen board cannot make badges.
public struct StaffBadge: Hashable, Sendable {
    /// Upper-case letters and digits, at most 16.
    public var staffID: String
    /// The last day the badge is valid, in the event's time zone.
    public var validThrough: CalendarDate
    /// 64 bytes.
    public var signature: [UInt8]

    public init(staffID: String, validThrough: CalendarDate, signature: [UInt8]) {
        self.staffID = staffID
        self.validThrough = validThrough
        self.signature = signature
    }

    public static func isStaffID(_ text: some StringProtocol) -> Bool {
        (1...16).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    /// The bytes the signature covers; the hub's address binds a badge to one event.
    static func signedMessage(hub: String, staffID: String, validThrough: CalendarDate) -> [UInt8] {
        Array("OPENSPACE-BADGE\n\(hub)\n\(staffID)\n\(validThrough.compact)".utf8)
    }

    /// The code's body after `/B/`: `ID-YYYYMMDD-SIGNATURE`.
    var body: String { "\(staffID)-\(validThrough.compact)-\(Crockford32.encode(bytes: signature))" }
}

/// Checks staff badges with the event's public key.
public struct BadgeVerifier: Sendable {
    /// Kept as raw bytes: the key type of swift-crypto is not `Sendable`.
    private let publicKeyBytes: [UInt8]

    public init(publicKey: Curve25519.Signing.PublicKey) { self.publicKeyBytes = Array(publicKey.rawRepresentation) }

    /// Reads the public key as organisers configure it: 32 bytes in Crockford base32 (52 symbols).
    public init?(publicKeyText: String) {
        guard let bytes = Crockford32.decodeBytes(Substring(publicKeyText.uppercased()), count: 32),
            (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil
        else { return nil }
        self.publicKeyBytes = bytes
    }

    public func isValid(_ badge: StaffBadge, hub: String) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes) else { return false }
        let message = StaffBadge.signedMessage(hub: hub, staffID: badge.staffID, validThrough: badge.validThrough)
        return key.isValidSignature(badge.signature, for: message)
    }
}

/// Signs staff badges; only the hub (or an organiser's laptop) holds this key.
public struct BadgeIssuer: Sendable {
    /// Kept as raw bytes: the key type of swift-crypto is not `Sendable`.
    private let privateKeyBytes: [UInt8]

    public init(privateKey: Curve25519.Signing.PrivateKey = .init()) {
        self.privateKeyBytes = Array(privateKey.rawRepresentation)
    }

    /// Reads a private key saved with `privateKeyText`; nil when the text is not one.
    public init?(privateKeyText: String) {
        let text = privateKeyText.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard let bytes = Crockford32.decodeBytes(Substring(text), count: 32),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
        else { return nil }
        self.init(privateKey: key)
    }

    /// The private key as text, for a file only the organisers can read.
    public var privateKeyText: String { Crockford32.encode(bytes: privateKeyBytes) }

    private var privateKey: Curve25519.Signing.PrivateKey {
        // The bytes came from a valid key in init, so reading them back cannot fail.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: privateKeyBytes)
    }

    public var verifier: BadgeVerifier { BadgeVerifier(publicKey: privateKey.publicKey) }

    /// The public key as organisers put it in the board's configuration.
    public var publicKeyText: String { Crockford32.encode(bytes: Array(privateKey.publicKey.rawRepresentation)) }

    public func issue(staffID: String, validThrough: CalendarDate, hub: String) throws -> StaffBadge {
        precondition(StaffBadge.isStaffID(staffID), "staff ids are 1 to 16 upper-case letters and digits")
        let message = StaffBadge.signedMessage(hub: hub, staffID: staffID, validThrough: validThrough)
        let signature = try privateKey.signature(for: message)
        return StaffBadge(staffID: staffID, validThrough: validThrough, signature: Array(signature))
    }
}
