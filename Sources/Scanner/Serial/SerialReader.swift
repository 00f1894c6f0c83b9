import Foundation
import LinuxIO

/// Reads a serial scanner's tty (CDC-ACM, `/dev/ttyACM*`) in raw mode and splits its bytes into
/// scans. Closes the tty on deinit.
final class SerialReader: ScannerConnection {
    let description: String
    private let descriptor: Int32
    private var splitter: SerialLineSplitter

    private init(descriptor: Int32, description: String, rules: ScanRules) {
        self.descriptor = descriptor
        self.description = description
        self.splitter = SerialLineSplitter(rules: rules)
    }

    deinit {
        close(descriptor)
    }

    /// Opens `path` raw (`SerialPort.openRaw`): the bytes arrive as the scanner sent them, and
    /// input that arrived before belongs to no scan the service waits for.
    static func open(path: String, rules: ScanRules) throws -> SerialReader {
        do {
            return SerialReader(descriptor: try SerialPort.openRaw(path), description: path, rules: rules)
        } catch .open(let code) {
            throw ScannerError.serialOpenFailed(path, code: code)
        } catch .setup(let code) {
            throw ScannerError.serialSetupFailed(path, code: code)
        }
    }

    func read(until shouldStop: () -> Bool, emit: (ScannerEvent) -> Void) -> ScannerReadEnd {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !shouldStop() {
            let timeout = KernelClock.pollTimeout(
                until: splitter.nextDeadline, now: KernelClock.now(), longest: ScannerReadLoop.longestWait)
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return .lost("poll failed: \(String(cString: strerror(errno)))")
            }
            guard ready > 0 else {
                splitter.tick(at: KernelClock.now()).forEach(emit)
                continue
            }
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                splitter.feed(buffer[..<count], at: KernelClock.now()).forEach(emit)
            } else if count == 0 {
                // Raw mode waits for one byte (VMIN 1), so a read of nothing is a hang-up.
                return .lost("hung up (unplugged?)")
            } else {
                switch errno {
                case EAGAIN, EINTR: continue
                case EIO, ENODEV, ENXIO: return .lost("unplugged (\(String(cString: strerror(errno))))")
                default: return .lost("read failed: \(String(cString: strerror(errno)))")
                }
            }
        }
        return .stopped
    }
}
