/// The printed identity of a topic card: six Crockford base32 symbols and a check symbol.
public struct CardID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Symbols before the check symbol: 30 bits, about a billion ids.
    public static let payloadLength = 6
    /// The full length of an id as printed.
    public static let length = payloadLength + 1

    /// The id as printed, check symbol last.
    public let text: String

    /// Why a piece of text is not a card id.
    public enum Problem: Error, Equatable, Sendable {
        case wrongLength(Int)
        case notInAlphabet(Character)
        case checkMismatch
    }

    /// Validates printed text: length, alphabet and check symbol.
    public init(validating text: some StringProtocol) throws(Problem) {
        guard text.count == Self.length else { throw .wrongLength(text.count) }
        if let stray = text.first(where: { Crockford32.value(of: $0) == nil }) {
            throw .notInAlphabet(stray)
        }
        let payload = Substring(text.prefix(Self.payloadLength))
        guard Crockford32.checkSymbol(for: payload) == text.last else { throw .checkMismatch }
        self.text = String(text)
    }

    /// Makes the id for a 30-bit value.
    public init(value: UInt32) {
        let payload = Crockford32.encode(UInt64(value & 0x3FFF_FFFF), symbols: Self.payloadLength)
        let check = Crockford32.checkSymbol(for: Substring(payload))!
        self.text = payload + String(check)
    }

    /// A fresh random id.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> CardID {
        CardID(value: UInt32.random(in: 0...0x3FFF_FFFF, using: &generator))
    }

    /// A fresh random id from the system's generator.
    public static func random() -> CardID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(validating: text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a card id"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public var description: String { text }

    public static func < (lhs: CardID, rhs: CardID) -> Bool { lhs.text < rhs.text }
}
