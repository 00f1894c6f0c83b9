import CLibUSB
import Foundation

/// Opens a scanner exactly as its source does (evdev taken with EVIOCGRAB, the libusb interface
/// claimed, the serial tty set raw) and lets it go at once: whether the board could take it now.
/// `openspace doctor` uses it; the board itself reads through the sources.
public enum ScannerProbe {
    /// Why a scanner could not be taken, for a caller that explains each case differently.
    public enum Problem: Sendable, Equatable {
        /// Not plugged in, or not where the settings look.
        case missing
        /// Another program holds it (EVIOCGRAB or the USB interface).
        case busy
        /// The user may not open it.
        case permissionDenied
        /// Found but not usable as a scanner, or anything else the system reported.
        case failed
    }

    /// A failed probe: the kind, and the source's own message (device, reason, fix).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let problem: Problem
        public let message: String
        public var description: String { message }
    }

    /// Finds and grabs the evdev device `match`, then releases it; returns how the board names it.
    public static func evdev(_ match: EvdevDeviceMatch, finder: EvdevDeviceFinder = EvdevDeviceFinder())
        throws(Failure) -> String
    {
        try probe { try EvdevReader.open(finder.find(match), rules: ScanRules()).description }
    }

    /// Opens the USB device and claims its HID interface, then lets it go (usbhid comes back).
    public static func usb(vendor: UInt16, product: UInt16, sysfsRoot: String = "/sys") throws(Failure) -> String {
        try probe {
            try USBHIDReader.open(vendor: vendor, product: product, rules: ScanRules(), sysfsRoot: sysfsRoot)
                .description
        }
    }

    /// Opens the serial scanner's tty and sets it raw, then closes it.
    public static func serial(path: String) throws(Failure) -> String {
        try probe { try SerialReader.open(path: path, rules: ScanRules()).description }
    }

    private static func probe(_ open: () throws -> String) throws(Failure) -> String {
        do {
            return try open()
        } catch let error as ScannerError {
            throw Failure(problem: problem(of: error), message: error.message)
        } catch {
            throw Failure(problem: .failed, message: "\(error)")
        }
    }

    private static func problem(of error: ScannerError) -> Problem {
        switch error.code {
        case 0, ENOENT, ENODEV, ENXIO, LIBUSB_ERROR_NO_DEVICE.rawValue, LIBUSB_ERROR_NOT_FOUND.rawValue: .missing
        case EBUSY, LIBUSB_ERROR_BUSY.rawValue: .busy
        case EACCES, EPERM, LIBUSB_ERROR_ACCESS.rawValue: .permissionDenied
        default: .failed
        }
    }
}
