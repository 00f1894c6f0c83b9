import Logging

/// A keyboard-wedge scanner read through evdev (`/dev/input/eventN`), taken with EVIOCGRAB so its
/// keys reach this service only, and found again after it is unplugged and plugged back in.
///
/// ```swift
/// let scanner = EvdevScannerSource(match: .vendorProduct(0x1d6b, 0x0104), logger: logger)
/// for await event in scanner.events() { … }
/// ```
///
/// Sendable because everything it holds is immutable or the read loop's atomics; the device is
/// opened and read on the loop's own thread.
public final class EvdevScannerSource: ScannerSource {
    public let match: EvdevDeviceMatch
    public let rules: ScanRules
    public let finder: EvdevDeviceFinder
    private let loop: ScannerReadLoop

    /// - Parameters:
    ///   - match: which device is the scanner.
    ///   - rules: how keys become scans.
    ///   - finder: where to look for devices (the sysfs and /dev roots).
    ///   - retryInterval: how often to look for the scanner while it is absent.
    public init(
        match: EvdevDeviceMatch, rules: ScanRules = ScanRules(), logger: Logger,
        finder: EvdevDeviceFinder = EvdevDeviceFinder(), retryInterval: Duration = .milliseconds(500)
    ) {
        self.match = match
        self.rules = rules
        self.finder = finder
        self.loop = ScannerReadLoop(label: "evdev \(match)", logger: logger, retryInterval: retryInterval)
    }

    /// Looks the device up again on every attempt, since a replugged scanner may get a new eventN.
    public func events() -> AsyncStream<ScannerEvent> {
        loop.events { [match, rules, finder] in
            try EvdevReader.open(finder.find(match), rules: rules)
        }
    }

    public func stop() {
        loop.stop()
    }

    public func isResponsive(longest: Duration) -> Bool {
        loop.isResponsive(longest: longest)
    }
}
