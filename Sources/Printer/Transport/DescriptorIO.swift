import Glibc

/// Timed, non-blocking reads and writes on a file descriptor (a usblp device or a TCP socket),
/// so a printer that stops taking data turns into an error instead of a thread stuck forever.
struct DescriptorIO {
    /// Why an operation stopped: the errno value, or `timedOut` when the other side made no
    /// progress within the timeout; `transferred` says how many bytes went through before.
    struct Failure: Error {
        let code: Int32?
        let transferred: Int
        var timedOut: Bool { code == nil }
    }

    let descriptor: Int32
    /// Sockets use `send` with `MSG_NOSIGNAL`, so a closed connection is an EPIPE error and not
    /// a SIGPIPE that ends the whole service.
    let isSocket: Bool

    /// Writes all of `bytes`; `timeout` bounds each wait for the descriptor to take more.
    /// With `waitForCompletion`, also waits until the last write has left (usblp reports the
    /// end of its USB transfer as writable again), so "written" means the printer took it.
    func writeAll(_ bytes: [UInt8], timeout: Duration, waitForCompletion: Bool) throws(Failure) {
        var written = 0
        while written < bytes.count {
            try wait(for: Int16(POLLOUT), timeout: timeout, transferred: written)
            let result = bytes.withUnsafeBytes { buffer in
                let start = buffer.baseAddress! + written
                let count = buffer.count - written
                return isSocket ? send(descriptor, start, count, Int32(MSG_NOSIGNAL)) : write(descriptor, start, count)
            }
            if result < 0 {
                let code = errno
                if code == EINTR || code == EAGAIN { continue }
                throw Failure(code: code, transferred: written)
            }
            written += result
        }
        if waitForCompletion { try wait(for: Int16(POLLOUT), timeout: timeout, transferred: written) }
    }

    /// Reads what is waiting without blocking and throws it away.
    func drain() throws(Failure) {
        var buffer = [UInt8](repeating: 0, count: 256)
        while try ready(for: Int16(POLLIN), milliseconds: 0) {
            let result = Glibc.read(descriptor, &buffer, buffer.count)
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN { return }
                throw Failure(code: code, transferred: 0)
            }
            if result == 0 { return }
        }
    }

    /// Reads up to `count` bytes, returning as soon as some arrived; empty when none came
    /// within `timeout`. A peer that closed the connection is an `ECONNRESET` failure.
    func read(upTo count: Int, timeout: Duration) throws(Failure) -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: max(count, 1))
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero, try ready(for: Int16(POLLIN), milliseconds: Self.milliseconds(remaining)) else {
                return []
            }
            let result = Glibc.read(descriptor, &buffer, buffer.count)
            if result < 0 {
                let code = errno
                if code == EINTR || code == EAGAIN { continue }
                throw Failure(code: code, transferred: 0)
            }
            if result == 0 {
                if isSocket { throw Failure(code: ECONNRESET, transferred: 0) }
                return []
            }
            return Array(buffer[0..<result])
        }
    }

    private func wait(for events: Int16, timeout: Duration, transferred: Int) throws(Failure) {
        guard try ready(for: events, milliseconds: Self.milliseconds(timeout), transferred: transferred) else {
            throw Failure(code: nil, transferred: transferred)
        }
    }

    /// Whether `events` are signalled within the time; an error or hang-up counts as ready so
    /// the following call reports it with its errno.
    private func ready(for events: Int16, milliseconds: Int32, transferred: Int = 0) throws(Failure) -> Bool {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        while true {
            let result = poll(&entry, 1, milliseconds)
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                throw Failure(code: code, transferred: transferred)
            }
            return result > 0
        }
    }

    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, total))
    }
}
