/// Crockford's base32 alphabet with a check character, for ids that people and scanners copy.
///
/// Crockford's own check symbols (`* ~ $ = U`, mod 37) include `~` and `=`, which fall outside QR
/// alphanumeric mode and sit on different keys across keyboard layouts. The check character here is
/// Luhn mod 32 over the same 32 symbols instead: it catches every single-symbol substitution and
/// almost every swap of two neighbouring symbols.
public enum Crockford32 {
    /// The 32 symbols, in value order: digits and upper-case letters without I, L, O and U.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    private static let values: [Character: Int] = {
        var table: [Character: Int] = [:]
        for (value, symbol) in alphabet.enumerated() { table[symbol] = value }
        return table
    }()

    /// The value of an upper-case symbol, or nil when it is not one of the 32.
    public static func value(of symbol: Character) -> Int? { values[symbol] }

    /// Encodes `bitCount` low bits of `value`, most significant symbol first.
    public static func encode(_ value: UInt64, symbols count: Int) -> String {
        var symbols: [Character] = []
        var rest = value
        for _ in 0..<count {
            symbols.append(alphabet[Int(rest & 31)])
            rest >>= 5
        }
        return String(symbols.reversed())
    }

    /// Encodes bytes as symbols, five bits at a time, padding the last symbol with zero bits.
    public static func encode(bytes: [UInt8]) -> String {
        var result = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                result.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 { result.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return result
    }

    /// Decodes symbols written by `encode(bytes:)`; nil when a symbol is not in the alphabet.
    public static func decodeBytes(_ text: Substring, count: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for symbol in text {
            guard let value = values[symbol] else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        // Only what encode(bytes:) writes: no spare symbol and zero padding, so each byte string has one text.
        let padding = buffer & ((1 << UInt32(bits)) - 1)
        return bytes.count == count && bits < 5 && padding == 0 ? bytes : nil
    }

    /// The Luhn mod 32 check symbol of a string of symbols (all of which must be in the alphabet).
    public static func checkSymbol(for symbols: Substring) -> Character? {
        var factor = 2
        var sum = 0
        for symbol in symbols.reversed() {
            guard let value = values[symbol] else { return nil }
            var addend = factor * value
            factor = factor == 2 ? 1 : 2
            addend = addend / 32 + addend % 32
            sum += addend
        }
        return alphabet[(32 - sum % 32) % 32]
    }
}
