import Glibc

/// Files written so that a power cut leaves the old contents or the new, never half a file: the
/// bytes go to a temporary file beside the target, are synced, and the temporary file is renamed
/// over the target; the folder is synced too, so the rename itself survives.
///
/// Frames, the board's hub token and the hub's keys and certificates are written this way.
public enum DurableFile {
    /// A step that failed, with the file and the system's reason.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let path: String
        /// What was being done: `create`, `write`, `fsync`, `rename into place`.
        public let step: String
        public let errno: Int32

        public var description: String { "\(path): \(step) failed: \(String(cString: strerror(errno)))" }
        /// True when the file was to be new and one was there already.
        public var exists: Bool { step == "create" && errno == EEXIST }
    }

    /// Writes a file that must not exist yet (`exists` on the failure when it does), with `mode`
    /// from the start, and syncs it.
    public static func create(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Failure(path: path, step: "create", errno: errno) }
        defer { close(descriptor) }
        try write(bytes, to: descriptor, path: path)
        syncFolder(of: path)
    }

    /// Replaces `path` (or makes it) with `bytes`, through a temporary file beside it.
    public static func replace(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(Failure) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(folder).\(name).\(String(UInt64.random(in: .min ... .max), radix: 16)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Failure(path: temporary, step: "create", errno: errno) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(descriptor) }
            // Without the sync a power cut soon after the rename can leave an empty file under the
            // final name (the rename reaches the disk before the data).
            try write(bytes, to: descriptor, path: temporary)
        }
        guard rename(temporary, path) == 0 else { throw Failure(path: path, step: "rename into place", errno: errno) }
        renamed = true
        syncFolder(of: path)
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(Failure) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, step: "write", errno: errno)
            }
            written += result
        }
        while fsync(descriptor) != 0 {
            guard errno == EINTR else { throw Failure(path: path, step: "fsync", errno: errno) }
        }
    }

    /// Syncs the folder holding `path`, so a new name in it is on disk; a folder that cannot be
    /// opened (no read permission) is left to the file system's own schedule.
    private static func syncFolder(of path: String) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let descriptor = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
