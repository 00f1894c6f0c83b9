import Logging
import Printer
import Scanner
import Settings

extension ScannerSelection {
    /// The source that reads this scanner, reconnecting on its own when it comes and goes.
    public func source(rules: ScanRules = ScanRules(), logger: Logger) -> any ScannerSource {
        switch self {
        case .evdev(let match): EvdevScannerSource(match: match, rules: rules, logger: logger)
        case .usb(let vendor, let product):
            USBHIDScannerSource(vendor: vendor, product: product, rules: rules, logger: logger)
        case .serial(let path): SerialScannerSource(path: path, rules: rules, logger: logger)
        }
    }
}

extension PrinterSelection {
    /// Opens the printer; throws naming the device and the fix when it is missing or refused.
    public func open() throws -> any PrinterTransport {
        switch self {
        case .usb(let id): try USBPrinterTransport(device: id)
        case .device(let path): try DevicePrinterTransport(path: path)
        case .network(let host, let port): try NetworkPrinterTransport(host: host, port: port)
        }
    }
}
