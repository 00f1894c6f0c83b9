/// Greedy line breaking of already measured characters: at spaces, after hyphens, between CJK
/// characters, and inside a word only when the word alone is wider than the line.
///
/// Widths are additive because `TextRenderer` lays text out by advances without kerning, so a
/// run's width is the sum of its characters' widths and no run needs measuring twice.
struct LineBreaker {
    static let ellipsis: Character = "…"

    private let characters: [Character]
    private let widths: [Int]
    private let ellipsisWidth: Int

    /// `characters` should come from `normalized(_:)`; `widths` holds each one's advance.
    init(characters: [Character], widths: [Int], ellipsisWidth: Int) {
        precondition(characters.count == widths.count, "One width per character is needed")
        self.characters = characters
        self.widths = widths
        self.ellipsisWidth = ellipsisWidth
    }

    /// The text with every run of whitespace (newlines included) turned into one space and the
    /// ends trimmed: titles come from hand-typed forms and a card has no room for blank lines.
    static func normalized(_ text: String) -> [Character] {
        Array(text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    /// At most `maxLines` lines, each within `maxWidth`, the last one cut with "…" when the text
    /// does not fit. A character wider than `maxWidth` on its own still gets a line (dropping it
    /// would lose text silently), and "…" is kept even when nothing else fits beside it.
    func wrap(maxWidth: Int, maxLines: Int) -> [String] {
        guard maxLines > 0 else { return [] }
        var lines: [String] = []
        var start = 0
        while start < characters.count {
            if lines.count == maxLines - 1 {
                let rest = start..<characters.count
                lines.append(width(of: rest) <= maxWidth ? text(rest) : ellipsized(from: start, maxWidth: maxWidth))
                break
            }
            var end = start
            var used = 0
            while end < characters.count && used + widths[end] <= maxWidth {
                used += widths[end]
                end += 1
            }
            if end == characters.count {
                lines.append(text(start..<end))
                break
            }
            var breakIndex = end
            while breakIndex > start && !canBreak(before: breakIndex) { breakIndex -= 1 }
            if breakIndex == start {
                // No break opportunity fits: the word is wider than the line, so cut it where
                // the line is full (at least one character, so the loop always advances).
                breakIndex = max(end, start + 1)
            }
            lines.append(text(start..<breakIndex))
            start = breakIndex
            while start < characters.count && characters[start] == " " { start += 1 }
        }
        return lines
    }

    /// The whole text on one line, cut with "…" when wider than `maxWidth`.
    func truncate(maxWidth: Int) -> String {
        let all = 0..<characters.count
        return width(of: all) <= maxWidth ? text(all) : ellipsized(from: 0, maxWidth: maxWidth)
    }

    /// As many characters from `start` as fit beside "…", then "…".
    private func ellipsized(from start: Int, maxWidth: Int) -> String {
        var end = start
        var used = ellipsisWidth
        while end < characters.count && used + widths[end] <= maxWidth {
            used += widths[end]
            end += 1
        }
        return text(start..<end) + String(LineBreaker.ellipsis)
    }

    private func width(of range: Range<Int>) -> Int {
        widths[range].reduce(0, +)
    }

    /// The characters of `range` without trailing spaces (a line never ends in one).
    private func text(_ range: Range<Int>) -> String {
        var end = range.upperBound
        while end > range.lowerBound && characters[end - 1] == " " { end -= 1 }
        return String(characters[range.lowerBound..<end])
    }

    /// Whether a line may end before `characters[index]`: at spaces, and next to a CJK character
    /// unless that would start a line with closing punctuation or end one with opening
    /// punctuation (the basic kinsoku rule: "開放空間：" keeps its colon).
    private func canBreak(before index: Int) -> Bool {
        let previous = characters[index - 1]
        let next = characters[index]
        if previous == " " || next == " " { return true }
        // After a hyphen inside a word ("Property-|based"), as UAX #14 allows.
        if previous == "-" && next.isLetter && index >= 2 && characters[index - 2].isLetter { return true }
        guard LineBreaker.isCJK(previous) || LineBreaker.isCJK(next) else { return false }
        return !LineBreaker.mustNotStartLine(next) && !LineBreaker.mustNotEndLine(previous)
    }

    /// Ideographs, kana, hangul, CJK and fullwidth punctuation: scripts written without spaces
    /// between words, where a line may break between any two characters.
    static func isCJK(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x1100...0x11FF,  // Hangul Jamo
            0x2E80...0x2FDF,  // CJK radicals, Kangxi radicals
            0x3000...0x303F,  // CJK symbols and punctuation
            0x3040...0x30FF,  // Hiragana, Katakana
            0x3100...0x312F,  // Bopomofo
            0x3130...0x318F,  // Hangul compatibility Jamo
            0x31F0...0x31FF,  // Katakana phonetic extensions
            0x3400...0x4DBF,  // CJK unified ideographs extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xAC00...0xD7AF,  // Hangul syllables
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0xFE30...0xFE4F,  // CJK compatibility forms
            0xFF00...0xFFEF,  // Halfwidth and fullwidth forms
            0x20000...0x3FFFF:  // Supplementary ideographic planes
            return true
        default:
            return false
        }
    }

    private static func mustNotStartLine(_ character: Character) -> Bool {
        guard let category = character.unicodeScalars.first?.properties.generalCategory else { return false }
        return category == .closePunctuation || category == .finalPunctuation || category == .otherPunctuation
    }

    private static func mustNotEndLine(_ character: Character) -> Bool {
        guard let category = character.unicodeScalars.first?.properties.generalCategory else { return false }
        return category == .openPunctuation || category == .initialPunctuation
    }
}
