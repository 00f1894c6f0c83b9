/// Writes iCalendar content lines (RFC 5545 section 3.1): CRLF line ends, lines folded so none
/// is longer than 75 octets, and TEXT values escaped (section 3.3.11).
struct ICalendarWriter {
    /// The longest a line may be, in octets, not counting its CRLF.
    static let maxLineOctets = 75

    private(set) var text = ""

    /// Adds a property whose value is TEXT: escaped, so commas, semicolons, backslashes and line
    /// breaks in a title survive.
    mutating func add(_ name: String, text value: String) {
        add(name, raw: Self.escape(value))
    }

    /// Adds a property whose value is written as is (a DATE-TIME, a URI, a fixed word).
    mutating func add(_ name: String, raw value: String) {
        text += Self.fold("\(name):\(value)") + "\r\n"
    }

    /// Escapes a TEXT value: `\` `;` `,` get a backslash, a line break becomes `\n`, and other
    /// control characters (which TEXT may not hold) are dropped.
    static func escape(_ value: String) -> String {
        var escaped = ""
        var scalars = value.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            switch scalar {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\r":
                escaped += "\\n"
                if pending == "\n" { pending = scalars.next() }
            case "\n": escaped += "\\n"
            case "\t": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && scalar.value != 0x7F { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }

    /// Folds a content line: after every 75 octets a CRLF and a space, never inside a character's
    /// UTF-8 sequence. The space that starts a continuation counts toward its 75.
    static func fold(_ line: String) -> String {
        var folded = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > maxLineOctets {
                folded += "\r\n "
                octets = 1
            }
            folded.unicodeScalars.append(scalar)
            octets += size
        }
        return folded
    }
}
