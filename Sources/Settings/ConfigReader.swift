import Foundation
import Yams

/// A value in a config file or its overrides that cannot be used: where it came from, which key,
/// and why. Nothing starts with one of these.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The dotted key, as written in the file (`panel.spi_speed`).
    public let key: String
    /// Where the value came from: `board.yaml line 7`, `environment OPENSPACE_PANEL_SPI_SPEED`,
    /// `option --spi-speed`.
    public let origin: String
    public let reason: String

    public init(key: String, origin: String, reason: String) {
        self.key = key
        self.origin = origin
        self.reason = reason
    }

    public var description: String { "\(origin): \(key): \(reason)" }
}

/// Reads one config file with its overrides: each key's value is taken from a command-line
/// option if one was given, else from the environment (`OPENSPACE_` and the key in upper case,
/// dots as underscores: `panel.spi_speed` is `OPENSPACE_PANEL_SPI_SPEED`), else from the file,
/// else the default. Every typed read names the key and the value's origin when it refuses one,
/// and `finish()` refuses keys in the file that nothing read (a misspelt key would otherwise be
/// ignored without a word).
///
/// Written here rather than taken from a configuration library because the file's users need
/// two things those do not give: the line of a bad value and a refusal of unknown keys.
public final class ConfigReader {
    /// One value as found: its text (or list items) and where it came from.
    public struct Found: Sendable {
        public var text: String?
        public var items: [String]?
        public var origin: String
    }

    private let fileName: String
    private var file: [String: Found] = [:]
    /// Keys whose file value is a mapping (sections), which only their children may be read through.
    private var sections: Set<String> = []
    private let environment: [String: String]
    private var overrides: [String: Found] = [:]
    private var read: Set<String> = []

    /// An empty reader: only the environment and overrides count.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.fileName = "defaults"
        self.environment = environment
    }

    /// Parses `yaml`, named `fileName` in messages. The top level must be a mapping; keys are
    /// words of a-z, 0-9 and `_`.
    public init(yaml: String, fileName: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError)
    {
        self.fileName = fileName
        self.environment = environment
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError(key: "(file)", origin: fileName, reason: "not YAML: \(Self.describe(error))")
        }
        guard let root else { return }  // an empty file: every key at its default
        guard case .mapping(let mapping) = root else {
            throw ConfigError(
                key: "(file)", origin: origin(of: root), reason: "the file must be a mapping of keys to values")
        }
        try flatten(mapping, prefix: "")
    }

    /// Reads the file at `path`; a missing or unreadable file is refused with the reason.
    public convenience init(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError)
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: path)
                ? "cannot be read (check its owner and mode): \(error.localizedDescription)"
                : "no such file: copy an example from deploy/examples (or /usr/share/doc/openspace/examples)"
            throw ConfigError(key: "(file)", origin: path, reason: reason)
        }
        try self.init(yaml: text, fileName: (path as NSString).lastPathComponent, environment: environment)
    }

    /// The reader of a settings file (none: defaults, the environment and options only) with the
    /// command line's overrides (key, value when given, option name) applied.
    public static func layered(
        file: String?, options: [(key: String, value: String?, option: String)], environment: [String: String]
    ) throws(ConfigError) -> ConfigReader {
        let reader =
            try file.map { path throws(ConfigError) in try ConfigReader(path: path, environment: environment) }
            ?? ConfigReader(environment: environment)
        for option in options { reader.override(option.key, with: option.value, option: option.option) }
        return reader
    }

    /// Gives `key` a value from a command-line option, above the environment and the file.
    public func override(_ key: String, with value: String?, option: String) {
        guard let value else { return }
        overrides[key] = Found(text: value, items: Self.split(value), origin: "option \(option)")
    }

    /// The environment variable that overrides `key`.
    public static func environmentName(of key: String) -> String {
        "OPENSPACE_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// The value for `key` from the highest layer that has one, or nil.
    public func value(_ key: String) -> Found? {
        read.insert(key)
        if let override = overrides[key] { return override }
        let name = Self.environmentName(of: key)
        if let text = environment[name] {
            return Found(text: text, items: Self.split(text), origin: "environment \(name)")
        }
        return file[key]
    }

    /// Refuses the file's keys that no read asked for, naming the closest known key.
    public func finish() throws(ConfigError) {
        let sectionNames = Set(read.flatMap(Self.parents))
        if let (key, found) = file.filter({
            sectionNames.contains($0.key) && !read.contains($0.key) && ($0.value.text != nil || $0.value.items != nil)
        }).min(by: {
            $0.key < $1.key
        }) {
            throw ConfigError(key: key, origin: found.origin, reason: "is a section: write its settings beneath it")
        }
        let unknown = file.filter { !read.contains($0.key) && !sectionNames.contains($0.key) }.sorted {
            $0.key < $1.key
        }
        guard let (key, found) = unknown.first else { return }
        let suggestion = Self.closest(to: key, in: read).map { " (did you mean \($0)?)" } ?? ""
        throw ConfigError(key: key, origin: found.origin, reason: "not a setting this file has\(suggestion)")
    }

    // MARK: Typed reads

    /// A text value, trimmed; empty counts as unset.
    public func string(_ key: String) throws(ConfigError) -> String? {
        guard let found = value(key) else { return nil }
        guard let text = found.text else { throw refusal(key, found, "must be a single value, not a list") }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    public func string(_ key: String, default fallback: String) throws(ConfigError) -> String {
        try string(key) ?? fallback
    }

    /// A list: a YAML sequence in the file, or comma-separated text in the environment or an option.
    public func list(_ key: String) throws(ConfigError) -> [String]? {
        guard let found = value(key) else { return nil }
        let items = (found.items ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return items.isEmpty ? nil : items
    }

    public func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>, unit: String = "")
        throws(ConfigError) -> Int
    {
        guard let found = value(key), let text = found.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty
        else { return fallback }
        guard let number = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw refusal(key, found, "'\(text)' is not a whole number\(unit.isEmpty ? "" : " of \(unit)")")
        }
        guard range.contains(number) else {
            throw refusal(
                key, found,
                "\(number) is out of range: write \(range.lowerBound) to \(range.upperBound)\(unit.isEmpty ? "" : " \(unit)")"
            )
        }
        return number
    }

    public func double(_ key: String, default fallback: Double, in range: ClosedRange<Double>, unit: String = "")
        throws(ConfigError) -> Double
    {
        guard let found = value(key), let text = found.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty
        else { return fallback }
        guard let number = Double(text), number.isFinite else {
            throw refusal(key, found, "'\(text)' is not a number\(unit.isEmpty ? "" : " of \(unit)")")
        }
        guard range.contains(number) else {
            let bounds = "\(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))"
            throw refusal(
                key, found, "\(Self.format(number)) is out of range: write \(bounds)\(unit.isEmpty ? "" : " \(unit)")")
        }
        return number
    }

    /// A value made by `parse`, whose thrown error's description becomes the reason.
    public func parsed<T>(_ key: String, _ parse: (String) throws -> T) throws(ConfigError) -> T? {
        guard let found = value(key), let text = found.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty
        else { return nil }
        do {
            return try parse(text)
        } catch {
            throw refusal(key, found, "\(error)")
        }
    }

    /// A refusal of the value `key` has now, for checks made after reading (a room not in the layout).
    public func refuse(_ key: String, _ reason: String) -> ConfigError {
        let origin = value(key)?.origin ?? fileName
        return ConfigError(key: key, origin: origin, reason: reason)
    }

    // MARK: Parsing

    private func refusal(_ key: String, _ found: Found, _ reason: String) -> ConfigError {
        ConfigError(key: key, origin: found.origin, reason: reason)
    }

    private func origin(of node: Node) -> String {
        node.mark.map { "\(fileName) line \($0.line)" } ?? fileName
    }

    private func flatten(_ mapping: Node.Mapping, prefix: String) throws(ConfigError) {
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let keyScalar) = keyNode, Self.isWord(keyScalar.string) else {
                throw ConfigError(
                    key: prefix.isEmpty ? "(file)" : prefix, origin: origin(of: keyNode),
                    reason: "keys are words of a-z, 0-9 and _, not \(keyNode.any)")
            }
            let key = prefix.isEmpty ? keyScalar.string : prefix + "." + keyScalar.string
            guard file[key] == nil, !sections.contains(key) else {
                throw ConfigError(key: key, origin: origin(of: keyNode), reason: "given twice")
            }
            switch valueNode {
            case .mapping(let inner):
                sections.insert(key)
                try flatten(inner, prefix: key)
            case .sequence(let sequence):
                var items: [String] = []
                for item in sequence {
                    guard case .scalar(let scalar) = item else {
                        throw ConfigError(
                            key: key, origin: origin(of: item), reason: "list items must be single values")
                    }
                    items.append(scalar.string)
                }
                file[key] = Found(text: nil, items: items, origin: origin(of: valueNode))
            case .scalar(let scalar):
                let isNull = scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
                file[key] = Found(
                    text: isNull ? nil : scalar.string, items: isNull ? nil : [scalar.string],
                    origin: origin(of: valueNode))
            case .alias:
                throw ConfigError(
                    key: key, origin: origin(of: valueNode), reason: "anchors and aliases are not used here")
            }
        }
    }

    private static func isWord(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    private static func split(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }

    private static func parents(of key: String) -> [String] {
        let parts = key.split(separator: ".")
        return (1..<max(parts.count, 1)).map { parts.prefix($0).joined(separator: ".") }
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }

    private static func describe(_ error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    }

    /// The known key within two edits of `key`, if there is one.
    static func closest(to key: String, in known: Set<String>) -> String? {
        var best: (key: String, distance: Int)?
        for candidate in known.sorted() {
            let d = distance(key, candidate)
            if d <= 2, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.key
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in a.indices {
            var current = [i + 1]
            for j in b.indices {
                let substitution = previous[j] + (a[i] == b[j] ? 0 : 1)
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, substitution))
            }
            previous = current
        }
        return previous[b.count]
    }
}
