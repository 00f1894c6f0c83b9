import BoardModel
import Crypto
import Foundation
import HummingbirdBcrypt

/// Secrets the hub hands out and how it keeps them: only hashes are stored.
public enum Credentials {
    /// A board's or a session's bearer token: 32 random bytes, base64url.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A one-time enrolment code: 16 Crockford base32 characters (80 random bits) in groups of
    /// four, short enough to type, upper case so it fits a small alphanumeric QR.
    public static func newEnrolCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<16).map { _ in Crockford32.alphabet.randomElement(using: &generator)! }
        return stride(from: 0, to: 16, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// An enrolment code as typed or scanned, in the form it was issued.
    public static func normalisedEnrolCode(_ text: String) -> String {
        let letters = text.uppercased().filter { $0.isLetter || $0.isNumber }
            .map { character -> Character in
                switch character {
                case "O": "0"
                case "I", "L": "1"
                default: character
                }
            }
        return stride(from: 0, to: letters.count, by: 4).map { start in
            String(letters[start..<min(start + 4, letters.count)])
        }.joined(separator: "-")
    }

    /// The stored form of a high-entropy secret (token or code): its SHA-256, hex.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A staff password's stored form: bcrypt with cost 12.
    public static func hashPassword(_ password: String) -> String {
        Bcrypt.hash(password, cost: 12)
    }

    /// A hash no password matches in practice, checked for names that are not staff.
    static let unknownStaffHash = hashPassword(newToken())

    public static func verify(password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}
