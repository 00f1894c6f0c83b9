import Foundation
import LinuxIO

/// A USB device as sysfs lists it (`bus/usb/devices/B-P`): its IDs and names, so a message about
/// a scanner that is not found can say what is plugged in instead.
public struct USBDeviceInfo: Sendable, Equatable, CustomStringConvertible {
    /// The device's sysfs name, e.g. `1-1.3` (bus 1, port 1, port 3 of the hub there).
    public var port: String
    public var vendor: UInt16
    public var product: UInt16
    public var manufacturer: String?
    public var name: String?

    public init(port: String, vendor: UInt16, product: UInt16, manufacturer: String? = nil, name: String? = nil) {
        self.port = port
        self.vendor = vendor
        self.product = product
        self.manufacturer = manufacturer
        self.name = name
    }

    public var description: String {
        let names = [manufacturer, name].compactMap { $0 }.joined(separator: " ")
        let id = USBDeviceID(vendor: vendor, product: product)
        return names.isEmpty ? "\(id) at USB port \(port)" : "\(id) \"\(names)\" at USB port \(port)"
    }

    /// Every USB device under `sysfsRoot`, root hubs left out (they are never a scanner), by port.
    public static func all(sysfsRoot: String = "/sys") -> [USBDeviceInfo] {
        let directory = "\(sysfsRoot)/bus/usb/devices"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.sorted().compactMap { entry in
            let path = "\(directory)/\(entry)"
            guard !entry.hasPrefix("usb"),
                let vendor = EvdevDeviceFinder.firstLine(of: "\(path)/idVendor").flatMap({ UInt16($0, radix: 16) }),
                let product = EvdevDeviceFinder.firstLine(of: "\(path)/idProduct").flatMap({ UInt16($0, radix: 16) })
            else { return nil }
            return USBDeviceInfo(
                port: entry, vendor: vendor, product: product,
                manufacturer: EvdevDeviceFinder.firstLine(of: "\(path)/manufacturer"),
                name: EvdevDeviceFinder.firstLine(of: "\(path)/product"))
        }
    }
}
