import Render

/// Why a printout could not be laid out, and what to change.
public enum PrintLayoutError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The code does not fit the paper at the minimum readable size.
    case qrDoesNotFit(text: String, neededDots: Int, availableDots: Int)
    /// The code's text could not be encoded at all.
    case qrEncoding(text: String, QRCodeError)

    public var description: String {
        switch self {
        case .qrDoesNotFit(let text, let needed, let available):
            return "The QR code for \(text) needs \(needed) dots with its quiet zone but only \(available) fit; "
                + "use a shorter hub address or wider paper (80mm)."
        case .qrEncoding(let text, let error):
            return "Cannot encode \(text) as a QR code: \(error)"
        }
    }
}
