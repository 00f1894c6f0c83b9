import Logging

/// A swift-log handler for a service whose standard error goes to the journal: each line starts
/// with its sd-daemon(3) priority (`<3>` for an error), so `journalctl -p err` finds it, and has no
/// timestamp, since journald records its own.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private var output: FileDescriptorOutputStream

    public init(label: String, output: FileDescriptorOutputStream, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.output = output
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error { merged["error"] = "\(error)" }
        let details = merged.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let prefix = "<\(Self.priority(event.level))>"
        // journald makes one entry of each line: every line carries the priority, or the second
        // line of a multi-line message would be filed as a plain notice.
        let lines = "\(label): \(event.message)\(details)".split(separator: "\n", omittingEmptySubsequences: false)
        var text = ""
        for line in lines { text += prefix + line + "\n" }
        var output = self.output
        output.write(text)
    }

    /// The syslog priority sd-daemon(3) prefixes stand for: 7 debug, 6 info, 5 notice, 4 warning,
    /// 3 error, 2 critical. swift-log's trace has no syslog level of its own and goes with debug.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
