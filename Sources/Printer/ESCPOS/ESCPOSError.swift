/// Why ESC/POS bytes could not be built or read back, with what to change.
public enum ESCPOSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A native QR code's text is empty or longer than `GS ( k` stores.
    case qrDataSize(byteCount: Int, maximum: Int)
    /// A native QR module size outside what `GS ( k` accepts.
    case qrModuleSize(Int, allowed: ClosedRange<Int>)
    /// The stream ends inside a command.
    case truncated(command: String, offset: Int)
    /// A byte sequence the decoder does not know at `offset` (shown in hex).
    case unknownCommand(offset: Int, bytes: String)
    /// A `GS v 0` image in a density mode other than normal, which the decoder does not scale.
    case unsupportedRasterMode(UInt8, offset: Int)

    public var description: String {
        switch self {
        case .qrDataSize(let count, let maximum):
            return "A printer-drawn QR code holds 1 to \(maximum) bytes, not \(count); print the code as a raster "
                + "image instead (a profile without native QR)."
        case .qrModuleSize(let size, let allowed):
            return "A printer-drawn QR module is \(allowed.lowerBound) to \(allowed.upperBound) dots, not \(size)."
        case .truncated(let command, let offset):
            return "The ESC/POS data ends inside \(command) (started at byte \(offset)); the sender was cut off "
                + "or the capture is incomplete."
        case .unknownCommand(let offset, let bytes):
            return "Unknown ESC/POS command at byte \(offset): \(bytes); the decoder reads only what the board's "
                + "encoder writes (ESC @, ESC a, ESC d, GS v 0, GS ( k, GS V, DLE EOT and plain text)."
        case .unsupportedRasterMode(let mode, let offset):
            return "GS v 0 at byte \(offset) uses density mode \(mode); only normal density (0 or 48) is decoded."
        }
    }
}
