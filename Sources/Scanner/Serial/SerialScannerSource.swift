import Logging

/// A scanner in USB serial mode (CDC-ACM, `/dev/ttyACM*`): each line it sends is a scan, ended by
/// CR, LF or CR LF, and it is opened again after it is unplugged and plugged back in.
///
/// ```swift
/// let scanner = SerialScannerSource(path: "/dev/ttyACM0", logger: logger)
/// for await event in scanner.events() { … }
/// ```
///
/// Serial scanners send bytes, not key positions, so the keyboard layout plays no part; of the
/// rules, the suffix does not apply. A stable path (`/dev/serial/by-id/…`) survives a replug on
/// another port. Sendable because everything it holds is immutable or the read loop's atomics;
/// the tty is read on the loop's own thread.
public final class SerialScannerSource: ScannerSource {
    public let path: String
    public let rules: ScanRules
    private let loop: ScannerReadLoop

    public init(
        path: String, rules: ScanRules = ScanRules(), logger: Logger, retryInterval: Duration = .milliseconds(500)
    ) {
        self.path = path
        self.rules = rules
        self.loop = ScannerReadLoop(label: "serial \(path)", logger: logger, retryInterval: retryInterval)
    }

    public func events() -> AsyncStream<ScannerEvent> {
        loop.events { [path, rules] in
            try SerialReader.open(path: path, rules: rules)
        }
    }

    public func stop() {
        loop.stop()
    }

    public func isResponsive(longest: Duration) -> Bool {
        loop.isResponsive(longest: longest)
    }
}
