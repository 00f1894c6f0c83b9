import CLibUSB

/// A libusb call that failed: which one, and libusb's code. Callers turn it into an error of their
/// own that says what to do about it for their device (a scanner, a printer).
public struct USBError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was being done: "start libusb", "open", "claim interface 0", "bulk OUT 0x02".
    public var operation: String
    /// libusb's error code (`LIBUSB_ERROR_*`, negative).
    public var code: Int32

    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// libusb's name for the code, as `LIBUSB_ERROR_NO_DEVICE`.
    public var name: String { Self.name(of: code) }

    public static func name(of code: Int32) -> String { String(cString: libusb_error_name(code)) }

    /// The device went away: unplugged, or reset by the host controller (which libusb reports as an
    /// I/O error when the controller notices first).
    public var isGone: Bool { code == LIBUSB_ERROR_NO_DEVICE.rawValue || code == LIBUSB_ERROR_IO.rawValue }
    public var isAccessDenied: Bool { code == LIBUSB_ERROR_ACCESS.rawValue }
    public var isBusy: Bool { code == LIBUSB_ERROR_BUSY.rawValue }
    public var isTimeout: Bool { code == LIBUSB_ERROR_TIMEOUT.rawValue }
    public var isStall: Bool { code == LIBUSB_ERROR_PIPE.rawValue }

    public var description: String { "\(operation): \(name)" }
}
