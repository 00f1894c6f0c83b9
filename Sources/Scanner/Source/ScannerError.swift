import CLibUSB
import Foundation
import LinuxIO

/// A scanner that cannot be found, opened or read: which device, what the system said, and the fix.
public struct ScannerError: Error, Sendable, CustomStringConvertible {
    /// The errno or libusb error code behind the failure; 0 when the device was not found at all.
    public let code: Int32
    /// The device looked for or opened: a path, or a USB vendor:product.
    public let device: String
    /// The whole message: what failed, why, and what to do.
    public let message: String

    public var description: String { message }

    static let inputPermissionFix =
        "add the service user to the input group (sudo usermod -aG input USER, then restart the service) "
        + "or install the scanner rule from udev/"

    // MARK: evdev

    static func inputDeviceNotFound(_ match: EvdevDeviceMatch, present: [InputDeviceInfo], sysfsRoot: String)
        -> ScannerError
    {
        let found =
            present.isEmpty
            ? "no input devices at all under \(sysfsRoot)/class/input: plug the scanner in, and check that "
                + "the evdev module is loaded (modprobe evdev)"
            : "input devices present: " + present.map(\.description).joined(separator: "; ")
                + ". Plug the scanner in, or match it by one of these vendor:product pairs, names or paths "
                + "(ls -l /dev/input/by-id)"
        return ScannerError(code: 0, device: match.description, message: "no scanner \(match) found; \(found)")
    }

    static func inputOpenFailed(_ device: String, code: Int32) -> ScannerError {
        let problem =
            switch code {
            case EACCES, EPERM: "permission denied; " + inputPermissionFix
            case ENOENT, ENODEV, ENXIO: "it is gone (unplugged?); plug the scanner in"
            default: String(cString: strerror(code))
            }
        return ScannerError(code: code, device: device, message: "cannot open scanner \(device): \(problem)")
    }

    static func grabFailed(_ device: String, code: Int32) -> ScannerError {
        let problem =
            code == EBUSY
            ? "another program holds it exclusively (a second board service, or evtest --grab); stop that program"
            : String(cString: strerror(code))
        return ScannerError(
            code: code, device: device,
            message: "cannot take scanner \(device) for this service alone (EVIOCGRAB): \(problem)")
    }

    static func notAnInputDevice(_ device: String) -> ScannerError {
        ScannerError(
            code: ENOTTY, device: device,
            message: "\(device) is not an evdev input device (/dev/input/eventN); for a scanner in USB serial "
                + "mode (/dev/ttyACM*) use the serial source, otherwise pick a device from ls -l /dev/input/by-id")
    }

    // MARK: libusb

    static func libusbUnavailable(code: Int32) -> ScannerError {
        ScannerError(
            code: code, device: "libusb",
            message: "cannot start libusb: \(USBError.name(of: code)); check that /dev/bus/usb exists "
                + "(usbfs; in a container, pass /dev/bus/usb through)")
    }

    static func usbDeviceNotFound(vendor: UInt16, product: UInt16, present: [USBDeviceInfo]) -> ScannerError {
        let device = USBDeviceID(vendor: vendor, product: product).description
        if let listed = present.first(where: { $0.vendor == vendor && $0.product == product }) {
            return ScannerError(
                code: 0, device: device,
                message: "USB scanner \(listed) is plugged in but libusb does not list it yet (it was just plugged "
                    + "in, or /dev/bus/usb is not up to date); trying again")
        }
        let found =
            present.isEmpty
            ? "no USB devices found at all: plug the scanner in"
            : "USB devices present: " + present.map(\.description).joined(separator: "; ")
                + ". Plug the scanner in, or use one of these vendor:product pairs"
        return ScannerError(code: 0, device: device, message: "no USB scanner \(device) found; \(found)")
    }

    static func usbOpenFailed(_ device: String, code: Int32) -> ScannerError {
        let problem =
            switch code {
            case LIBUSB_ERROR_ACCESS.rawValue:
                "permission denied on /dev/bus/usb; install the scanner rule from udev/ (it gives the service user "
                    + "access to the scanner's vendor:product), then replug the scanner"
            case LIBUSB_ERROR_NO_DEVICE.rawValue: "it is gone (unplugged?); plug the scanner in"
            default: USBError.name(of: code)
            }
        return ScannerError(code: code, device: device, message: "cannot open USB scanner \(device): \(problem)")
    }

    static func usbNoKeyboardInterface(_ device: String) -> ScannerError {
        ScannerError(
            code: 0, device: device,
            message: "USB device \(device) has no HID interface with an interrupt IN endpoint: it is not a "
                + "keyboard-wedge scanner; set the scanner to USB keyboard (HID) mode, or use the serial source "
                + "for USB serial (CDC-ACM) mode")
    }

    static func usbClaimFailed(_ device: String, interface: Int, code: Int32) -> ScannerError {
        let problem =
            code == LIBUSB_ERROR_BUSY.rawValue
            ? "another program has claimed it (a second board service?); stop that program"
            : USBError.name(of: code)
        return ScannerError(
            code: code, device: device,
            message: "cannot claim interface \(interface) of USB scanner \(device): \(problem)")
    }

    // MARK: serial

    static func serialOpenFailed(_ path: String, code: Int32) -> ScannerError {
        let problem =
            switch code {
            case EACCES, EPERM:
                "permission denied; add the service user to the dialout group (sudo usermod -aG dialout USER, "
                    + "then restart the service) or install the scanner rule from udev/"
            case ENOENT, ENODEV, ENXIO:
                "it does not exist; plug the scanner in and set it to USB serial (CDC-ACM) mode "
                    + "(ls /dev/ttyACM* then lists it)"
            default: String(cString: strerror(code))
            }
        return ScannerError(code: code, device: path, message: "cannot open serial scanner \(path): \(problem)")
    }

    static func serialSetupFailed(_ path: String, code: Int32) -> ScannerError {
        let problem =
            code == ENOTTY
            ? "it is not a serial device; use /dev/ttyACM* for a scanner in USB serial mode"
            : String(cString: strerror(code))
        return ScannerError(
            code: code, device: path, message: "cannot set serial scanner \(path) to raw mode: \(problem)")
    }
}
