import Foundation
import Hummingbird
import NIOCore

/// Reads a URL-encoded form from a request body.
enum WebForm {
    /// Forms here carry a few short fields; anything longer is refused before it is parsed.
    static let maxBytes = 16 * 1024

    /// The form's fields as `T` (fields missing from the form are nil); a body that is too large
    /// or not a form is answered with a page that says so.
    static func read<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw WebPageError(
                status: .contentTooLarge, heading: "Too much text",
                message: "The form sent more than \(maxBytes / 1024) kB: shorten the text and send it again.")
        }
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: buffer))
        } catch {
            throw WebPageError.badRequest("The form could not be read: reload the page and fill it in again.")
        }
    }
}

/// Text typed into a form, checked before anything changes.
enum FormText {
    /// The text without surrounding spaces; nil means the field was not sent.
    static func trimmed(_ text: String?) -> String {
        (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Why a field's text is not acceptable, or nil when it is.
    static func problem(
        _ text: String, field: String, required: Bool = false, maxLength: Int, singleLine: Bool = true
    ) -> String? {
        if required && text.isEmpty { return "\(field) is needed." }
        if text.count > maxLength {
            return "\(field) is \(text.count) characters long; at most \(maxLength) fit on a card."
        }
        if singleLine && text.contains(where: \.isNewline) { return "\(field) must be one line." }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" }
        ) {
            return "\(field) contains control characters: type it again."
        }
        return nil
    }
}
