import Foundation
import LinuxIO
import Printer
import Scanner

/// A device named in an option or the config file that cannot be meant: the text and what is accepted.
public struct DeviceSelectionError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Which scanner the board reads, written as in `--scanner`:
///
/// - `evdev:1d6b:0104`, `evdev:/dev/input/by-id/…-event-kbd` or `evdev:Barcode Scanner`: a
///   keyboard-wedge scanner through evdev, by vendor:product, by path or by name;
/// - `usb:1d6b:0104`: the same scanner read through libusb, so it never appears as a keyboard;
/// - `serial:/dev/ttyACM0`: a scanner in USB serial (CDC-ACM) mode.
///
/// A bare path is understood too: `/dev/tty…` is serial, any other path evdev.
public enum ScannerSelection: Equatable, Sendable, CustomStringConvertible {
    case evdev(EvdevDeviceMatch)
    case usb(vendor: UInt16, product: UInt16)
    case serial(path: String)

    static let accepted =
        "write evdev:VID:PID, evdev:/dev/input/…, evdev:NAME, usb:VID:PID or serial:/dev/ttyACM0 "
        + "(vendor and product in hexadecimal, as lsusb shows them)"

    public init(_ text: String) throws(DeviceSelectionError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("/") {
            self = trimmed.hasPrefix("/dev/tty") ? .serial(path: trimmed) : .evdev(.path(trimmed))
            return
        }
        let (kind, rest) = DeviceSpec.split(trimmed)
        switch kind {
        case "evdev" where !rest.isEmpty:
            if let id = USBDeviceID(rest) {
                self = .evdev(.vendorProduct(id.vendor, id.product))
            } else {
                self = .evdev(rest.hasPrefix("/") ? .path(rest) : .name(rest))
            }
        case "usb":
            guard let id = USBDeviceID(rest) else {
                throw DeviceSelectionError(
                    description: "scanner '\(text)': usb needs the scanner's vendor:product, like usb:05e0:1200")
            }
            self = .usb(vendor: id.vendor, product: id.product)
        case "serial" where rest.hasPrefix("/"):
            self = .serial(path: rest)
        default:
            throw DeviceSelectionError(description: "scanner '\(text)' is not a scanner: \(Self.accepted)")
        }
    }

    public var description: String {
        switch self {
        case .evdev(let match): "evdev \(match)"
        case .usb(let vendor, let product): "usb \(USBDeviceID(vendor: vendor, product: product))"
        case .serial(let path): "serial \(path)"
        }
    }
}

/// Which printer gets the cards, written as in `--printer`:
///
/// - `usb` or `usb:0416:5011`: the first USB printer, or the one with that vendor:product, through
///   libusb (bulk OUT; usblp is detached while printing);
/// - `/dev/usb/lp0` (or `device:/dev/usb/lp0`): the kernel's usblp device file;
/// - `tcp:10.0.0.5` or `tcp:10.0.0.5:9100` (`tcp:[fd00::5]:9100`): a network printer's raw port.
public enum PrinterSelection: Equatable, Sendable, CustomStringConvertible {
    case usb(USBDeviceID?)
    case device(path: String)
    case network(host: String, port: UInt16)

    static let accepted =
        "write usb, usb:VID:PID, /dev/usb/lp0 or tcp:HOST[:PORT] (vendor and product in hexadecimal, as lsusb "
        + "shows them; the port defaults to 9100)"

    public init(_ text: String) throws(DeviceSelectionError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("/") {
            self = .device(path: trimmed)
            return
        }
        let (kind, rest) = DeviceSpec.split(trimmed)
        switch kind {
        case "usb" where rest.isEmpty:
            self = .usb(nil)
        case "usb":
            guard let id = USBDeviceID(rest) else {
                throw DeviceSelectionError(
                    description: "printer '\(text)': usb needs the printer's vendor:product, like usb:0416:5011")
            }
            self = .usb(id)
        case "device" where rest.hasPrefix("/"):
            self = .device(path: rest)
        case "tcp":
            guard let (host, port) = DeviceSpec.hostAndPort(rest, defaultPort: NetworkPrinterTransport.defaultPort)
            else {
                throw DeviceSelectionError(
                    description: "printer '\(text)': tcp needs a host and an optional port from 1 to 65535, "
                        + "like tcp:10.0.0.5:9100")
            }
            self = .network(host: host, port: port)
        default:
            throw DeviceSelectionError(description: "printer '\(text)' is not a printer: \(Self.accepted)")
        }
    }

    public var description: String {
        switch self {
        case .usb(let id): id.map { "usb \($0)" } ?? "the first USB printer"
        case .device(let path): path
        case .network(let host, let port): host.contains(":") ? "tcp [\(host)]:\(port)" : "tcp \(host):\(port)"
        }
    }
}

/// The `kind:rest` shape both selections share.
enum DeviceSpec {
    static func split(_ text: String) -> (kind: String, rest: String) {
        guard let colon = text.firstIndex(of: ":") else { return (text.lowercased(), "") }
        return (text[..<colon].lowercased(), String(text[text.index(after: colon)...]))
    }

    /// `host`, `host:port`, `[v6]` or `[v6]:port`; nil when empty or the port is not 1...65535.
    static func hostAndPort(_ text: String, defaultPort: UInt16) -> (String, UInt16)? {
        var host = Substring(text)
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let after = host[host.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.firstIndex(of: ":") {
            guard host[host.index(after: colon)...].firstIndex(of: ":") == nil else { return nil }
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { return nil }
        guard let portText else { return (String(host), defaultPort) }
        guard let port = UInt16(portText), port > 0 else { return nil }
        return (String(host), port)
    }
}
