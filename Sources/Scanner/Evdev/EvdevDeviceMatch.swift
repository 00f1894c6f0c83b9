import LinuxIO

/// Which input device is the scanner.
public enum EvdevDeviceMatch: Sendable, Equatable, CustomStringConvertible {
    /// The USB vendor and product IDs, as `lsusb` shows them (e.g. 0x1d6b, 0x0104).
    case vendorProduct(UInt16, UInt16)
    /// The device's name, as in `/sys/class/input/eventN/device/name`: an exact match (ignoring
    /// case) wins over a device whose name contains it.
    case name(String)
    /// A device path, best a stable one such as `/dev/input/by-id/usb-…-event-kbd`; a FIFO of
    /// packed `input_event` structs is read too, for simulation.
    case path(String)

    public var description: String {
        switch self {
        case .vendorProduct(let vendor, let product): USBDeviceID(vendor: vendor, product: product).description
        case .name(let name): "named \"\(name)\""
        case .path(let path): path
        }
    }
}
