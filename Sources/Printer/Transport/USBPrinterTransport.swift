import CLibUSB
import LinuxIO
import Synchronization

/// A USB printer driven through libusb: the printer interface is claimed from the kernel's usblp
/// driver (given back when the transport is released), bytes go out on its bulk OUT endpoint in
/// timed chunks, status replies come in on its bulk IN endpoint.
public final class USBPrinterTransport: PrinterTransport {
    /// Bytes per bulk transfer: small enough that a stalled printer is noticed within one
    /// timeout, large enough that a card (about 30 kB) takes a handful of transfers.
    public static let chunkSize = 4096

    /// "USB 0525:a4a8 (bus 1 address 3)".
    public let name: String
    public let deviceID: USBDeviceID
    public let interface: USBPrinterInterface
    /// The printer's IEEE 1284 id ("MFG:...;MDL:...;CMD:ESC/POS;"), when it gives one.
    public let ieee1284ID: String?
    /// The longest wait for the printer to take one chunk before the write fails.
    public let writeTimeout: Duration
    private let device: Mutex<USBDevice>

    /// Opens the printer `device` names, or with nil the first printer-class device, and claims
    /// its printer interface (detaching usblp if it is bound). Releasing the transport gives the
    /// interface back to usblp, so /dev/usb/lp0 comes back for other tools.
    public init(device wanted: USBDeviceID? = nil, writeTimeout: Duration = .seconds(10)) throws {
        let label = wanted.map { "USB printer \($0)" } ?? "USB printer"
        var sawDevice = false
        var chosen: USBPrinterInterface?
        let opened: USBDevice?
        do {
            opened = try USBDevice.open { id, settings in
                if let wanted, wanted != id { return false }
                sawDevice = true
                chosen = USBPrinterInterface.choose(from: settings, acceptVendorClass: wanted != nil)
                return chosen != nil
            }
        } catch {
            throw Self.openFailed(error, label: label)
        }
        guard let device = opened, let interface = chosen else { throw Self.notFound(wanted, sawDevice: sawDevice) }
        let name = "USB \(device.id) (bus \(device.bus) address \(device.address))"
        do {
            try device.claim(
                USBInterfaceSetting(
                    number: interface.number, alternateSetting: interface.alternateSetting,
                    interfaceClass: USBReference.printerClass, endpoints: []))
        } catch {
            throw Self.claimFailed(error, name: name, interface: interface)
        }
        self.name = name
        self.deviceID = device.id
        self.interface = interface
        self.writeTimeout = writeTimeout
        self.ieee1284ID = Self.readDeviceID(device, interface: interface)
        self.device = Mutex(device)
    }

    public func write(_ bytes: [UInt8]) throws {
        try device.withLock { device in
            try send(bytes, on: device)
        }
    }

    public func readStatus(_ request: [UInt8], replyLength: Int, timeout: Duration) throws -> [UInt8] {
        guard let input = interface.bulkIn else { return [] }
        return try device.withLock { device in
            try drain(input, on: device)
            try send(request, on: device)
            var reply = try receive(from: input, on: device, timeout: timeout)
            if reply.count > replyLength { reply.removeFirst(reply.count - replyLength) }
            return reply
        }
    }

    // MARK: Transfers

    private func send(_ bytes: [UInt8], on device: USBDevice) throws {
        var sent = 0
        while sent < bytes.count {
            let count = min(Self.chunkSize, bytes.count - sent)
            var chunk = Array(bytes[sent..<(sent + count)])
            let (result, transferred) = device.bulkTransfer(
                interface.bulkOut, &chunk, length: count, timeout: writeTimeout)
            sent += transferred
            guard result == 0 else { throw transferFailed(result, endpoint: interface.bulkOut, sent, of: bytes.count) }
        }
    }

    private func receive(from endpoint: UInt8, on device: USBDevice, timeout: Duration) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: USBReference.maxBulkPacket)
        let (result, transferred) = device.bulkTransfer(endpoint, &buffer, length: buffer.count, timeout: timeout)
        if result == LIBUSB_ERROR_TIMEOUT.rawValue { return Array(buffer[0..<transferred]) }
        guard result == 0 else { throw transferFailed(result, endpoint: endpoint, 0, of: 0) }
        return Array(buffer[0..<transferred])
    }

    /// Reads and drops whatever the printer sent unasked, until it has nothing more.
    private func drain(_ endpoint: UInt8, on device: USBDevice) throws {
        while !(try receive(from: endpoint, on: device, timeout: .milliseconds(5))).isEmpty {}
    }

    private func transferFailed(_ code: Int32, endpoint: UInt8, _ sent: Int, of total: Int) -> PrinterTransportError {
        let progress = total > 0 ? " after \(sent) of \(total) bytes" : ""
        let endpointName = "\(name) endpoint 0x\(USBPrinterInterface.hex(endpoint))"
        switch code {
        case LIBUSB_ERROR_TIMEOUT.rawValue:
            return PrinterTransportError(
                .timedOut, device: name,
                message: "\(endpointName) took no data for \(writeTimeout)\(progress); check for paper out, an open "
                    + "cover or a jam, then the job is sent again")
        case LIBUSB_ERROR_NO_DEVICE.rawValue, LIBUSB_ERROR_IO.rawValue:
            return PrinterTransportError(
                .disconnected, device: name,
                message:
                    "\(endpointName) went away\(progress) (\(USBError.name(of: code))); check the USB cable and power"
            )
        case LIBUSB_ERROR_PIPE.rawValue:
            return PrinterTransportError(
                .failed, device: name,
                message:
                    "\(endpointName) stalled\(progress) (LIBUSB_ERROR_PIPE): the endpoint is wrong for this printer "
                    + "(\(interface)) or the printer halted it; switch the printer off and on, and report the "
                    + "lsusb -v output if it persists")
        default:
            return PrinterTransportError(
                .failed, device: name, message: "\(endpointName) failed\(progress): \(USBError.name(of: code))")
        }
    }

    // MARK: Opening

    private static func notFound(_ wanted: USBDeviceID?, sawDevice: Bool) -> PrinterTransportError {
        let label = wanted.map { "USB printer \($0)" } ?? "USB printer"
        if let wanted, sawDevice {
            return PrinterTransportError(
                .notFound, device: label,
                message: "USB device \(wanted) has no interface with a bulk OUT endpoint, so it is not a printer; "
                    + "check the id with lsusb")
        }
        let what =
            wanted.map { "no USB device \($0) is connected" } ?? "no USB printer (interface class 7) is connected"
        return PrinterTransportError(
            .notFound, device: label,
            message: "\(what); check the cable and that the printer is switched on (lsusb lists the devices; a "
                + "printer reporting a vendor-specific class needs its id given, e.g. --printer usb:0416:5011)")
    }

    private static func claimFailed(_ error: USBError, name: String, interface: USBPrinterInterface)
        -> PrinterTransportError
    {
        if error.operation.hasPrefix("detach") {
            return busy(name: name, detail: "the kernel's usblp driver could not be detached (\(error.name))")
        }
        if error.isBusy {
            return busy(name: name, detail: "interface \(interface.number) is claimed by another program or driver")
        }
        return PrinterTransportError(
            .failed, device: name, message: "cannot \(error.operation) of \(name): \(error.name)")
    }

    private static func busy(name: String, detail: String) -> PrinterTransportError {
        PrinterTransportError(
            .busy, device: name,
            message: "\(name) is busy (Resource busy): \(detail). CUPS's usb backend or another print program may "
                + "hold it (sudo systemctl stop cups cups-browsed, or remove the printer from CUPS); or keep usblp "
                + "away from it (echo blacklist usblp | sudo tee /etc/modprobe.d/openspace-printer.conf) and use "
                + "the USB transport only")
    }

    private static func openFailed(_ error: USBError, label: String) -> PrinterTransportError {
        if error.operation == "start libusb" || error.operation == "list USB devices" {
            return PrinterTransportError(
                .failed, device: label,
                message: "cannot look for \(label): libusb could not \(error.operation) (\(error.name)); check "
                    + "that /dev/bus/usb exists (inside a container, pass the USB bus through) or use the usblp "
                    + "device instead")
        }
        if error.isAccessDenied {
            return PrinterTransportError(
                .permissionDenied, device: label,
                message: "cannot open \(label): permission denied; install the udev rules from udev/ with this "
                    + "printer's id and add the service user to the group they name, or run as root to test")
        }
        if error.code == LIBUSB_ERROR_NO_DEVICE.rawValue {
            return PrinterTransportError(
                .disconnected, device: label, message: "\(label) went away while being opened; plug it in again")
        }
        return PrinterTransportError(.failed, device: label, message: "cannot open \(label): \(error.name)")
    }

    /// The printer-class GET_DEVICE_ID string, or nil when the printer does not answer it.
    private static func readDeviceID(_ device: USBDevice, interface: USBPrinterInterface) -> String? {
        var buffer = [UInt8](repeating: 0, count: USBReference.deviceIDMaxLength)
        let index = UInt16(interface.number) << 8 | UInt16(interface.alternateSetting)
        let received = device.controlTransfer(
            requestType: USBReference.getDeviceIDRequestType, request: USBReference.getDeviceIDRequest, value: 0,
            index: index, buffer: &buffer)
        guard received > 2 else { return nil }
        let declared = Int(buffer[0]) << 8 | Int(buffer[1])
        let end = min(Int(received), max(2, declared))
        return String(decoding: buffer[2..<end], as: UTF8.self)
    }

}
