import Glibc
import Synchronization

/// Log lines written straight to a file descriptor (standard error, or a test's file), each with
/// one write(2) under a process-wide lock, so lines from concurrent tasks never interleave.
public struct FileDescriptorOutputStream: TextOutputStream, Sendable {
    public let descriptor: Int32
    private static let exclusive = Mutex(())

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public mutating func write(_ string: String) {
        let descriptor = self.descriptor
        Self.exclusive.withLock { _ in
            var bytes = Array(string.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                // A log line that cannot be written has nowhere else to go: drop it.
                guard written > 0 else { return }
                bytes = bytes.dropFirst(written)
            }
        }
    }
}
