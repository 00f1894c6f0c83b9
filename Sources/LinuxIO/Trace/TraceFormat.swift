/// How the tracing decorators write bytes and durations into a `Trace`.
enum TraceFormat {
    /// Writes up to this long are shown whole; longer ones are abbreviated.
    static let wholeBytesLimit = 16
    /// How many leading bytes an abbreviated write shows before its checksum.
    static let abbreviatedPrefix = 8

    /// `spi cmd 12`, `spi cmd 2 bytes: 12 34`, `spi data 3 bytes: 07 07 3f`, or
    /// `spi data 48000 bytes: ff ff ff ff ff ff ff ff … (crc32 1a2b3c4d)`.
    static func transfer(_ bytes: [UInt8], dataCommandLevel: Bool?) -> String {
        let kind =
            switch dataCommandLevel {
            case false?: "cmd"
            case true?: "data"
            case nil: "(DC not set)"
            }
        if dataCommandLevel == false && bytes.count == 1 { return "spi cmd \(hex(bytes))" }
        let count = "spi \(kind) \(bytes.count) \(bytes.count == 1 ? "byte" : "bytes")"
        if bytes.isEmpty { return count }
        if bytes.count <= wholeBytesLimit { return "\(count): \(hex(bytes))" }
        let checksum = String(CRC32.checksum(bytes), radix: 16)
        let padded = String(repeating: "0", count: 8 - checksum.count) + checksum
        return "\(count): \(hex(bytes.prefix(abbreviatedPrefix))) … (crc32 \(padded))"
    }

    /// A wait's limit: `10s`, `250ms`, `500µs`.
    static func limit(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds)s" }
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        if microseconds % 1000 == 0 { return "\(microseconds / 1000)ms" }
        return "\(microseconds)µs"
    }

    /// Time taken, in whole milliseconds: `3 ms`.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }

    private static func hex(_ bytes: some Collection<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}
