import Foundation

/// Where a running board says whether its panel works, for `openspace doctor`, which runs as
/// another process: `panel-health` beside the journal, holding "working" or the problem line.
public struct PanelHealthFile: Sendable, Equatable {
    public let path: String

    public init(journalPath: String) {
        path = ((journalPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
            "panel-health")
    }

    /// The word the file holds while the panel works.
    public static let working = "working"

    /// Writes the panel's state: nil `problem` means it works. Written whole and renamed into
    /// place, so a reader never sees half a line.
    public func write(problem: String?) throws {
        try Data(((problem ?? Self.working) + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
