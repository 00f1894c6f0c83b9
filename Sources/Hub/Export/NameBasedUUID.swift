import Crypto
import Foundation

/// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same name always gives the same UUID, so a
/// card keeps its `guid` in every export and an app that imported it once updates it in place.
enum NameBasedUUID {
    /// The RFC's namespace for names that are URLs.
    static let urlNamespace = UUID(
        uuid: (
            0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8
        ))

    /// The version 5 UUID of `name` in `namespace`.
    static func make(name: String, namespace: UUID = urlNamespace) -> UUID {
        var input = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        input.append(contentsOf: Array(name.utf8))
        // SHA-1 is what version 5 is defined with; it names things here, it protects nothing.
        var bytes = Array(Insecure.SHA1.hash(data: input).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
