import Glibc

/// Why a text could not be turned into a QR symbol.
public enum QRCodeError: Error, CustomStringConvertible, Sendable, Equatable {
    case emptyText
    /// libqrencode takes C strings, which end at the first NUL.
    case containsNullCharacter
    /// More data than version 40 holds at this error correction level.
    case tooLong(byteCount: Int, level: QRCode.Level)
    /// Any other libqrencode failure, with the errno it set.
    case encodingFailed(errno: Int32)

    public var description: String {
        switch self {
        case .emptyText:
            return "Cannot make a QR code from empty text."
        case .containsNullCharacter:
            return "Cannot make a QR code from text containing a NUL character."
        case .tooLong(let byteCount, let level):
            return "Text of \(byteCount) UTF-8 bytes does not fit in the largest QR code (version 40) "
                + "at error correction level \(level); shorten it or use a lower level."
        case .encodingFailed(let code):
            return "libqrencode failed to encode the text (errno \(code): \(String(cString: strerror(code))))."
        }
    }
}
