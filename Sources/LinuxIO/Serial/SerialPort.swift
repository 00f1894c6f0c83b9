import Foundation

/// A tty opened for reading raw bytes: a serial scanner's CDC-ACM port (`/dev/ttyACM*`) or a UART
/// behind a USB serial adapter.
public enum SerialPort {
    /// Why a tty could not be opened raw; `code` is the errno.
    public enum Failure: Error, Equatable, Sendable {
        case open(code: Int32)
        case setup(code: Int32)
    }

    /// Opens `path` without making it the process's controlling terminal, non-blocking, and sets
    /// it raw: no echo, no line editing, no CR to LF translation, so bytes arrive as the device
    /// sent them. Input that arrived before is discarded. The speed is left as the tty has it:
    /// CDC-ACM ignores it, and a UART keeps the speed it was configured for. Returns the
    /// descriptor, which the caller closes.
    public static func openRaw(_ path: String) throws(Failure) -> Int32 {
        let descriptor = Foundation.open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .open(code: errno) }
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else {
            let code = errno
            close(descriptor)
            throw .setup(code: code)
        }
        cfmakeraw(&settings)
        settings.c_cflag |= tcflag_t(CLOCAL | CREAD)
        guard tcsetattr(descriptor, TCSANOW, &settings) == 0 else {
            let code = errno
            close(descriptor)
            throw .setup(code: code)
        }
        tcflush(descriptor, TCIFLUSH)
        return descriptor
    }
}
