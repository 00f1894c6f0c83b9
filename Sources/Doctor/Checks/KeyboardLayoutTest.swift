/// The scanner test code (`openspace print test-code`) and how to tell from what a scanner typed
/// which keyboard layout it is set to.
///
/// A keyboard-wedge scanner sends key positions: set to a German layout it presses the key that
/// makes "Y" on a German keyboard, which the board (reading every key as a US keyboard) takes for
/// "Z". The test text holds the letters that move between QWERTY, QWERTZ and AZERTY (Q, W, Y, Z,
/// A, M), the digits (shifted on AZERTY) and '-', '/' and ':', which every code the board prints
/// needs; it stays within QR's alphanumeric characters, as the board's own codes do.
public enum KeyboardLayoutTest {
    public static let text = "OPENSPACE-SCANNER-TEST:QWYZAM/0123456789"

    /// Keyboard layouts scanners are commonly left set to, besides US.
    public enum Layout: String, Sendable, CaseIterable {
        case german = "German (QWERTZ)"
        case french = "French (AZERTY)"

        /// For each character, what the board reads when a scanner set to this layout types it.
        var readAs: [Character: Character] {
            switch self {
            case .german:
                ["Y": "Z", "Z": "Y", "y": "z", "z": "y", "-": "/", "/": "&", ":": ">"]
            case .french:
                [
                    "A": "Q", "Q": "A", "Z": "W", "W": "Z", "a": "q", "q": "a", "z": "w", "w": "z", "M": ":", "m": ";",
                    "1": "!", "2": "@", "3": "#", "4": "$", "5": "%", "6": "^", "7": "&", "8": "*", "9": "(", "0": ")",
                    "-": "6", "/": ">", ":": ".",
                ]
            }
        }
    }

    /// What the board reads when a scanner set to `layout` types `text`.
    public static func typed(_ text: String, as layout: Layout) -> String {
        let map = layout.readAs
        return String(text.map { map[$0] ?? $0 })
    }

    /// What a scan of the test code says about the scanner.
    public enum Verdict: Sendable, Equatable {
        /// Read exactly as printed: the scanner types as a US keyboard.
        case matches
        /// The right characters in lower case (a lower-case setting, or Caps Lock on the scanner).
        case lowerCase
        /// The scanner types as this layout.
        case layout(Layout)
        /// Something else: a prefix, a suffix, another layout.
        case different
    }

    /// Compares a scan with the test text: exactly, in lower case, as each layout would type it,
    /// then by its letters alone (a layout variant may put punctuation elsewhere).
    public static func judge(_ read: String) -> Verdict {
        if read == text { return .matches }
        if read != text, read.uppercased() == text { return .lowerCase }
        for layout in Layout.allCases where typed(text, as: layout) == read { return .layout(layout) }
        guard read.count == text.count else { return .different }
        for layout in Layout.allCases {
            let expected = typed(text, as: layout)
            let lettersAgree = zip(text, zip(expected, read)).allSatisfy { original, pair in
                !original.isLetter || pair.0 == pair.1
            }
            if lettersAgree && expected != text { return .layout(layout) }
        }
        return .different
    }
}
