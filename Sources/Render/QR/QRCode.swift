import CQREncode
import Glibc

/// A QR symbol encoded by libqrencode, kept as its module grid so it can be drawn at any size.
public struct QRCode: Sendable {
    /// Error correction level: how much of the symbol may be damaged and still read.
    public enum Level: Sendable, CaseIterable {
        /// About 7% recoverable.
        case low
        /// About 15% recoverable; the default, the usual balance for printed cards.
        case medium
        /// About 25% recoverable.
        case quartile
        /// About 30% recoverable.
        case high

        var qrencodeLevel: QRecLevel {
            switch self {
            case .low: return QR_ECLEVEL_L
            case .medium: return QR_ECLEVEL_M
            case .quartile: return QR_ECLEVEL_Q
            case .high: return QR_ECLEVEL_H
            }
        }
    }

    /// Symbol version, 1 (21x21 modules) to 40.
    public let version: Int
    /// Modules per side, without the quiet zone.
    public let size: Int
    /// Row-major, `size * size` entries.
    private let modules: [Bool]

    /// Encodes `text` (UTF-8) in the smallest version that holds it at `level`.
    ///
    /// libqrencode splits the text into segments: runs of digits and of upper-case
    /// alphanumerics (`0-9 A-Z space $%*+-./:`) go in the denser numeric and alphanumeric modes,
    /// the rest in 8-bit mode. Case-sensitive encoding is required to keep lower case intact
    /// (with it off, libqrencode upper-cases the text).
    public init(_ text: String, level: Level = .medium) throws(QRCodeError) {
        guard !text.isEmpty else { throw .emptyText }
        guard !text.utf8.contains(0) else { throw .containsNullCharacter }
        errno = 0
        guard
            let symbol = QRcode_encodeString(text, 0, level.qrencodeLevel, QR_MODE_8, 1)
        else {
            let code = errno
            if code == ERANGE { throw .tooLong(byteCount: text.utf8.count, level: level) }
            throw .encodingFailed(errno: code)
        }
        defer { QRcode_free(symbol) }
        let size = Int(symbol.pointee.width)
        // Bit 0 of each module byte is dark/light; the other bits describe the module's role.
        let data = UnsafeBufferPointer(start: symbol.pointee.data, count: size * size)
        version = Int(symbol.pointee.version)
        self.size = size
        modules = data.map { $0 & 1 != 0 }
    }

    /// Whether the module at column `x`, row `y` is dark; outside the symbol reads light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, x < size, y >= 0, y < size else { return false }
        return modules[y * size + x]
    }

    /// The symbol drawn with `moduleSize` pixels per module and a white border of `quietZone`
    /// modules on each side (the QR standard asks for 4).
    public func bitmap(moduleSize: Int, quietZone: Int = 4) -> Bitmap {
        precondition(moduleSize > 0, "QR module size must be at least one pixel, got \(moduleSize)")
        precondition(quietZone >= 0, "QR quiet zone must not be negative, got \(quietZone)")
        let side = (size + 2 * quietZone) * moduleSize
        var bitmap = Bitmap(width: side, height: side)
        let origin = quietZone * moduleSize
        for y in 0..<size {
            var x = 0
            while x < size {
                // Runs of dark modules become one fill, so rows cost a few byte spans each.
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let runStart = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                bitmap.fill(
                    Rect(
                        x: origin + runStart * moduleSize, y: origin + y * moduleSize,
                        width: (x - runStart) * moduleSize, height: moduleSize))
            }
        }
        return bitmap
    }
}
