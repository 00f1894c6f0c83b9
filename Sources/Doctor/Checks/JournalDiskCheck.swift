import Foundation

/// The journal's folder: writable, with room for the journal (every scan is committed there
/// before the board says "accepted").
public struct JournalDiskCheck: Sendable {
    /// Below this the journal may fail a write at any scan.
    public static let blockingBytes: UInt64 = 20 << 20
    /// Below this it is time to make room.
    public static let warningBytes: UInt64 = 200 << 20

    public let journalPath: String
    public let environment: DoctorEnvironment

    public init(journalPath: String, environment: DoctorEnvironment) {
        self.journalPath = journalPath
        self.environment = environment
    }

    /// The journal's folder, or its nearest existing parent when the board has not created it yet.
    /// A relative journal path is taken from the working folder, as the board takes it.
    var folder: (path: String, exists: Bool) {
        let absolute =
            journalPath.hasPrefix("/")
            ? journalPath : URL(fileURLWithPath: journalPath).standardizedFileURL.path
        var folder = (absolute as NSString).deletingLastPathComponent
        let wanted = folder
        while !environment.root.exists(folder), folder != "/" {
            folder = (folder as NSString).deletingLastPathComponent
        }
        return (folder, folder == wanted)
    }

    public func run() -> [CheckResult] {
        let (folder, exists) = folder
        let user = environment.user.name
        var results: [CheckResult] = []
        if !environment.access(folder, W_OK | X_OK) {
            let what = exists ? "the journal's folder \(folder)" : "\(folder), where the journal's folder is created,"
            results.append(
                CheckResult(
                    .blocking, "disk", "\(user) cannot write \(what)",
                    fix: "give \(user) the folder (`sudo install -d -o \(user) \(folder)`) or set board.journal to "
                        + "a folder it owns; the packaged service keeps it in /var/lib/openspace/board"))
        }
        guard let free = environment.freeSpace(folder) else {
            results.append(CheckResult(.warning, "disk", "cannot tell the free space at \(folder)"))
            return results
        }
        let megabytes = free >> 20
        let room = "\(megabytes) MB free at \(folder) for \(journalPath)"
        if free < Self.blockingBytes {
            results.append(
                CheckResult(
                    .blocking, "disk", "\(room): the journal needs at least \(Self.blockingBytes >> 20) MB",
                    fix: "make room (`sudo journalctl --vacuum-size=50M`, `sudo apt-get clean`) or move board.journal "
                        + "to a larger file system"))
        } else if free < Self.warningBytes {
            results.append(
                CheckResult(
                    .warning, "disk", "\(room): less than \(Self.warningBytes >> 20) MB",
                    fix: "make room (`sudo journalctl --vacuum-size=50M`, `sudo apt-get clean`)"))
        } else if results.isEmpty {
            results.append(CheckResult(.ok, "disk", room))
        }
        return results
    }
}
