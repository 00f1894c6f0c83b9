import Glibc

/// Whether a file descriptor is the stream systemd connected to the journal: systemd sets
/// `JOURNAL_STREAM=DEVICE:INODE` to what fstat(2) says of that stream (systemd.exec(5)); a
/// redirection (`2>file`) gives the descriptor another identity, so the variable alone is not enough.
public enum JournalStream {
    /// The environment variable systemd sets for services whose output goes to the journal.
    public static let variable = "JOURNAL_STREAM"

    /// Whether `value` (the variable's text) names the file with `device` and `inode`.
    public static func names(_ value: String?, device: UInt64, inode: UInt64) -> Bool {
        guard let parts = value?.split(separator: ":", omittingEmptySubsequences: false), parts.count == 2,
            let namedDevice = UInt64(parts[0]), let namedInode = UInt64(parts[1])
        else { return false }
        return namedDevice == device && namedInode == inode
    }

    /// Whether `descriptor` is connected to the journal, by the `environment`'s `JOURNAL_STREAM`.
    public static func isConnected(_ descriptor: Int32, environment: [String: String]) -> Bool {
        guard let value = environment[variable] else { return false }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return false }
        return names(value, device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }
}
