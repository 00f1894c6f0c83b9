/// A US keyboard layout over one numbering of keys, with the reverse lookup used to type text.
///
/// A wedge scanner types key positions as if on a US keyboard, whatever layout the host uses, so
/// the tables are fixed here instead of asking the host's keymap.
struct KeyTable: Sendable {
    private let outputs: [Keystroke: KeyOutput]
    private let keystrokes: [Character: Keystroke]
    private let ignored: Set<UInt16>

    /// `rows` pairs a key with what it types: one character for keys that type the same with
    /// shift, or two (unshifted, shifted). Earlier rows win the reverse lookup, so the main block
    /// is listed before the keypad. `ignored` holds the modifiers and locks, which type nothing.
    init(rows: [(UInt16, String)], enter: [UInt16], tab: [UInt16], ignored: Set<UInt16>) {
        var outputs: [Keystroke: KeyOutput] = [:]
        var keystrokes: [Character: Keystroke] = [:]
        for (key, characters) in rows {
            let unshifted = characters.first!
            let shifted = characters.last!
            for (character, shift) in [(unshifted, false), (shifted, true)] {
                let keystroke = Keystroke(key: key, shifted: shift)
                outputs[keystroke] = .character(character)
                if keystrokes[character] == nil { keystrokes[character] = keystroke }
            }
        }
        for (keys, output) in [(enter, KeyOutput.enter), (tab, .tab)] {
            for key in keys {
                outputs[Keystroke(key: key, shifted: false)] = output
                outputs[Keystroke(key: key, shifted: true)] = output
            }
        }
        self.outputs = outputs
        self.keystrokes = keystrokes
        self.ignored = ignored
    }

    func output(key: UInt16, shifted: Bool) -> KeyOutput? {
        outputs[Keystroke(key: key, shifted: shifted)]
    }

    func keystroke(for character: Character) -> Keystroke? {
        keystrokes[character]
    }

    func isIgnored(_ key: UInt16) -> Bool {
        ignored.contains(key)
    }

    /// Rows for keys whose codes run in order along a row of letters; shift gives upper case.
    static func letters(_ letters: String, from first: UInt16) -> [(UInt16, String)] {
        letters.enumerated().map { offset, letter in
            (first + UInt16(offset), String(letter) + letter.uppercased())
        }
    }
}
