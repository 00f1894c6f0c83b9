import Crypto
import Foundation
import LinuxIO
import SwiftASN1
import X509

/// A small private certificate authority for a venue network without public DNS: it signs the
/// hub's certificate, and boards trust it (its file, or its fingerprint) instead of the public
/// authorities. Keys are ECDSA P-256, which every TLS client takes.
///
/// Written by hand around swift-certificates because no library makes "a CA and one server
/// certificate" as a tool would (mkcert, `step ca`); the X.509 work itself is swift-certificates'.
public struct VenueCA {
    public let certificate: Certificate
    let key: P256.Signing.PrivateKey

    /// The CA's file names in its folder.
    public static let certificateFile = "ca.pem"
    public static let keyFile = "ca.key"

    /// A new CA, valid for ten years from an hour ago (a board's clock may be a little behind).
    public static func create(name: String, now: Date = Date()) throws -> VenueCA {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            CommonName(name)
            OrganizationName("OpenSpace Board")
        }
        let publicKey = Certificate.PublicKey(key.publicKey)
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3_600), notValidAfter: now.addingTimeInterval(10 * 365 * 86_400),
            issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: publicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return VenueCA(certificate: certificate, key: key)
    }

    /// The CA kept in `folder` (ca.pem and ca.key).
    public static func load(from folder: String) throws -> VenueCA {
        let certificatePath = folder + "/" + certificateFile
        let keyPath = folder + "/" + keyFile
        guard let certificateText = try? String(contentsOfFile: certificatePath, encoding: .utf8) else {
            throw TLSFileError("\(certificatePath) cannot be read: make the CA first (openspace hub tls new-ca)")
        }
        guard let keyText = try? String(contentsOfFile: keyPath, encoding: .utf8) else {
            throw TLSFileError("\(keyPath) cannot be read: it is the CA's key, made with \(certificateFile)")
        }
        let certificate: Certificate
        let key: P256.Signing.PrivateKey
        do {
            certificate = try Certificate(pemEncoded: certificateText)
        } catch {
            throw TLSFileError("\(certificatePath) is not a PEM certificate: \(error)")
        }
        do {
            key = try P256.Signing.PrivateKey(pemRepresentation: keyText)
        } catch {
            throw TLSFileError("\(keyPath) is not a P-256 private key in PEM: \(error)")
        }
        guard certificate.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw TLSFileError("\(keyPath) is not the key of \(certificatePath)")
        }
        return VenueCA(certificate: certificate, key: key)
    }

    /// Writes ca.pem (readable by all) and ca.key (owner only) into `folder`; never overwrites.
    public func save(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try TLSFiles.writeNew(folder + "/" + Self.keyFile, key.pemRepresentation + "\n", mode: 0o600)
        try TLSFiles.writeNew(
            folder + "/" + Self.certificateFile, try certificate.serializeAsPEM().pemString + "\n", mode: 0o644)
    }

    /// A server certificate for the hub, for every name and address it is reached by; valid for
    /// 397 days (what browsers accept for a server certificate) from an hour ago.
    public func issue(hosts: [String], now: Date = Date()) throws -> ServerCertificate {
        guard !hosts.isEmpty else { throw TLSFileError("name at least one host name or address the hub is reached by") }
        var names: [GeneralName] = []
        for host in hosts {
            if let bytes = TrustedProxies.bytes(of: host), !host.contains("/") {
                names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes))))
            } else if Self.isHostName(host) {
                names.append(.dnsName(host.lowercased()))
            } else {
                throw TLSFileError("'\(host)' is neither a host name (hub.venue.lan) nor an IP address")
            }
        }
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let subject = try DistinguishedName { CommonName(hosts[0]) }
        let caKeyID = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3_600), notValidAfter: now.addingTimeInterval(397 * 86_400),
            issuer: certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
                SubjectKeyIdentifier(hash: publicKey)
                if let caKeyID { AuthorityKeyIdentifier(keyIdentifier: caKeyID) }
            },
            issuerPrivateKey: Certificate.PrivateKey(self.key))
        return ServerCertificate(certificate: leaf, key: key, ca: certificate)
    }

    static func isHostName(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return !text.isEmpty && text.count <= 253
            && labels.allSatisfy { label in
                (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
    }

    /// The CA certificate's SHA-256 fingerprint, as boards pin it (`sha256:AB:CD:…`).
    public var fingerprint: String { get throws { try TLSFiles.fingerprint(of: certificate) } }

    /// Any certificate's SHA-256 fingerprint, written the same way.
    public static func fingerprint(of certificate: Certificate) throws -> String {
        try TLSFiles.fingerprint(of: certificate)
    }
}

/// The hub's certificate and key from `VenueCA.issue`.
public struct ServerCertificate {
    public let certificate: Certificate
    let key: P256.Signing.PrivateKey
    public let ca: Certificate

    public static let certificateFile = "hub.pem"
    public static let keyFile = "hub.key"

    /// Writes hub.pem (the hub's certificate, then the CA's: a board that pins the CA's
    /// fingerprint finds it in what the hub sends) and hub.key (owner only), replacing older ones
    /// (a renewal), each through a temporary file so a reload never reads half a file.
    public func save(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try TLSFiles.replace(folder + "/" + Self.keyFile, key.pemRepresentation + "\n", mode: 0o600)
        let chain = try certificate.serializeAsPEM().pemString + "\n" + ca.serializeAsPEM().pemString + "\n"
        try TLSFiles.replace(folder + "/" + Self.certificateFile, chain, mode: 0o644)
    }
}

/// Files with keys and certificates: written with their mode from the start.
enum TLSFiles {
    /// Writes a new file; refuses when one is there already.
    static func writeNew(_ path: String, _ text: String, mode: mode_t) throws {
        do {
            try DurableFile.create(path, Array(text.utf8), mode: mode)
        } catch {
            if error.exists { throw TLSFileError("\(path) exists already: it is not overwritten") }
            throw TLSFileError("\(path) cannot be written: \(error)")
        }
    }

    /// Replaces a file through a temporary one beside it.
    static func replace(_ path: String, _ text: String, mode: mode_t) throws {
        do {
            try DurableFile.replace(path, Array(text.utf8), mode: mode)
        } catch {
            throw TLSFileError("\(path) cannot be replaced: \(error)")
        }
    }

    /// `sha256:AB:CD:…` of a certificate's DER bytes, as `openssl x509 -fingerprint -sha256` shows it.
    static func fingerprint(of certificate: Certificate) throws -> String {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return "sha256:"
            + SHA256.hash(data: serializer.serializedBytes).map { String(format: "%02X", $0) }
            .joined(separator: ":")
    }
}

/// A certificate or key file that cannot be used, in a sentence.
public struct TLSFileError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
