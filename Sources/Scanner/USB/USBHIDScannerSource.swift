import LinuxIO
import Logging

/// A keyboard-wedge scanner read straight from USB through libusb: its HID boot-keyboard
/// interface is claimed (the kernel's usbhid is detached meanwhile), and it is found again after
/// it is unplugged and plugged back in.
///
/// ```swift
/// let scanner = USBHIDScannerSource(vendor: 0x1d6b, product: 0x0104, logger: logger)
/// for await event in scanner.events() { … }
/// ```
///
/// Use it where evdev is not available or another program must not see the scanner at all; it
/// needs access to `/dev/bus/usb` (the udev rule). Sendable because everything it holds is
/// immutable or the read loop's atomics; libusb runs on the loop's own thread.
public final class USBHIDScannerSource: ScannerSource {
    public let vendor: UInt16
    public let product: UInt16
    public let rules: ScanRules
    /// Where USB devices are listed when the scanner is not found.
    public let sysfsRoot: String
    private let loop: ScannerReadLoop

    public init(
        vendor: UInt16, product: UInt16, rules: ScanRules = ScanRules(), logger: Logger, sysfsRoot: String = "/sys",
        retryInterval: Duration = .milliseconds(500)
    ) {
        self.vendor = vendor
        self.product = product
        self.rules = rules
        self.sysfsRoot = sysfsRoot
        self.loop = ScannerReadLoop(
            label: "usb \(USBDeviceID(vendor: vendor, product: product).description)", logger: logger,
            retryInterval: retryInterval)
    }

    public func events() -> AsyncStream<ScannerEvent> {
        loop.events { [vendor, product, rules, sysfsRoot] in
            try USBHIDReader.open(vendor: vendor, product: product, rules: rules, sysfsRoot: sysfsRoot)
        }
    }

    public func stop() {
        loop.stop()
    }

    public func isResponsive(longest: Duration) -> Bool {
        loop.isResponsive(longest: longest)
    }
}
