/// What the board tells the person who just scanned: on the status line, and as a tone or LED.
public struct Feedback: Hashable, Sendable, CustomStringConvertible {
    public enum Tone: String, Hashable, Sendable {
        /// A change was made (and committed).
        case accepted
        /// Nothing changed; the message says why.
        case refused
        /// Half of a pair was scanned; the message says what to scan next.
        case prompt
    }

    public var tone: Tone
    public var message: String

    public init(_ tone: Tone, _ message: String) {
        self.tone = tone
        self.message = message
    }

    public var description: String { "\(tone.rawValue): \(message)" }

    /// How the panel's status line says it: the tone's mark, then the message.
    public var statusLine: String {
        let mark =
            switch tone {
            case .accepted: "✔"
            case .refused: "✘"
            case .prompt: "➜"
            }
        return "\(mark) \(message)"
    }
}
