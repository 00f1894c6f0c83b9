import CPNG
import Glibc

/// Why a PNG could not be encoded, written or decoded.
public enum PNGError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The data does not start with the PNG signature.
    case notPNG(byteCount: Int)
    /// libpng refused the data (truncated, bad checksum, bad compressed stream...), with its message.
    case malformed(reason: String)
    case emptyImage(width: Int, height: Int)
    case tooLarge(width: Int, height: Int)
    /// libpng could not allocate its structures (out of memory or a library version mismatch).
    case libpngUnavailable
    case writeFailed(path: String, step: String, errno: Int32)

    public var description: String {
        switch self {
        case .notPNG(let byteCount):
            return "Data of \(byteCount) bytes is not a PNG (the 8-byte PNG signature is missing)."
        case .malformed(let reason):
            return "PNG data is damaged or unsupported: \(reason)."
        case .emptyImage(let width, let height):
            return "A PNG cannot hold an empty \(width)x\(height) image."
        case .tooLarge(let width, let height):
            return "A \(width)x\(height) image exceeds the PNG limits here (\(PNG.maxPixelCount) pixels, "
                + "\(PNG_USER_WIDTH_MAX) per side)."
        case .libpngUnavailable:
            return "libpng could not set up its encoder (out of memory, or libpng16 differs from the "
                + "version the program was built against)."
        case .writeFailed(let path, let step, let code):
            return "Writing PNG \(path) failed at \(step): \(String(cString: strerror(code)))."
        }
    }
}
