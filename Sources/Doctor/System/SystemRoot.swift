import Foundation

/// Where the doctor reads the system's files (/sys, /proc, /dev, /boot, /etc): `/` on a board, a
/// fake tree in tests. Absolute paths are taken under the root; relative ones (a journal path
/// given relative to the working folder) are left as they are.
public struct SystemRoot: Sendable, Equatable {
    /// The root folder, without a trailing slash ("" for `/`).
    public let path: String

    public init(_ path: String = "/") {
        var trimmed = path
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.path = trimmed
    }

    /// The real system's root.
    public static let system = SystemRoot()

    /// Where `path`, as the board names it, is under this root.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? self.path + path : path
    }

    public func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: resolve(path))
    }

    /// The file's text, nil when it cannot be read.
    public func text(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: resolve(path)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The names in a folder, sorted; empty when it cannot be listed.
    public func entries(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: resolve(path))) ?? []).sorted()
    }
}
