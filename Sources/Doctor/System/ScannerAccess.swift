import BoardService
import Foundation
import LinuxIO
import Scanner
import Settings

/// What happened when the doctor tried to take the scanner as the board does.
public enum ScannerProbeOutcome: Sendable, Equatable {
    /// Found, taken (grabbed or claimed) and let go; the text names the device.
    case taken(String)
    /// Not there; the text lists what is there instead.
    case missing(String)
    /// Another program holds it.
    case busy(String)
    /// The user may not open it.
    case denied(String)
    /// Found but not usable.
    case failed(String)
}

/// Takes the configured scanner for a moment, to see whether the board could.
public protocol ScannerAccess: Sendable {
    func probe(_ selection: ScannerSelection) -> ScannerProbeOutcome
}

/// The scanners of the running system: looked up in sysfs under the root, then opened as the
/// board opens them (`ScannerProbe`).
public struct SystemScanners: ScannerAccess {
    public let root: SystemRoot

    public init(root: SystemRoot = .system) {
        self.root = root
    }

    public func probe(_ selection: ScannerSelection) -> ScannerProbeOutcome {
        let sysfs = root.resolve("/sys")
        do {
            switch selection {
            case .evdev(let match):
                let finder = EvdevDeviceFinder(sysfsRoot: sysfs, deviceRoot: root.resolve("/dev"))
                do {
                    _ = try finder.find(match)
                } catch {
                    return .missing("\(error)")
                }
                return .taken(try ScannerProbe.evdev(match, finder: finder))
            case .usb(let vendor, let product):
                let present = USBDeviceInfo.all(sysfsRoot: sysfs)
                guard present.contains(where: { $0.vendor == vendor && $0.product == product }) else {
                    let id = USBDeviceID(vendor: vendor, product: product).description
                    let listed =
                        present.isEmpty
                        ? "no USB devices at all"
                        : "USB devices present: " + present.map(\.description).joined(separator: "; ")
                    return .missing("no USB scanner \(id) is plugged in; \(listed)")
                }
                return .taken(try ScannerProbe.usb(vendor: vendor, product: product, sysfsRoot: sysfs))
            case .serial(let path):
                guard root.exists(path) else {
                    let ttys = root.entries("/dev").filter { $0.hasPrefix("ttyACM") }.map { "/dev/" + $0 }
                    let listed = ttys.isEmpty ? "no /dev/ttyACM* at all" : "present: " + ttys.joined(separator: ", ")
                    return .missing("\(path) does not exist; \(listed)")
                }
                return .taken(try ScannerProbe.serial(path: root.resolve(path)))
            }
        } catch {
            switch error.problem {
            case .missing: return .missing(error.message)
            case .busy: return .busy(error.message)
            case .permissionDenied: return .denied(error.message)
            case .failed: return .failed(error.message)
            }
        }
    }
}
