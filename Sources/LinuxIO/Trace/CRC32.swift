/// CRC-32 as zlib, PNG and `python3 -c 'import zlib; print(hex(zlib.crc32(data)))'` compute it
/// (reflected polynomial 0xEDB88320): enough to tell two long traced writes apart without a
/// cryptographic hash, which LinuxIO has no dependency for.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index)) { crc, _ in crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }

    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { crc, byte in table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }
}
