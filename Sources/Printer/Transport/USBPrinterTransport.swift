import CLibUSB
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
    private let session: Mutex<Session>

    /// The libusb objects, owned by the transport and used under its lock only.
    private struct Session: ~Copyable {
        let context: OpaquePointer
        let handle: OpaquePointer

        deinit {
            libusb_close(handle)
            libusb_exit(context)
        }
    }

    /// Opens the printer `device` names, or with nil the first printer-class device, and claims
    /// its printer interface (detaching usblp if it is bound).
    public init(device: USBDeviceID? = nil, writeTimeout: Duration = .seconds(10)) throws {
        let wanted = device.map { "USB printer \($0)" } ?? "USB printer"
        var contextPointer: OpaquePointer?
        let started = libusb_init(&contextPointer)
        guard started == 0, let context = contextPointer else {
            throw PrinterTransportError(
                .failed, device: wanted,
                message: "cannot look for \(wanted): libusb could not start (\(Self.errorName(started))); check "
                    + "that /dev/bus/usb exists (inside a container, pass the USB bus through) or use the usblp "
                    + "device instead")
        }
        let found: Found
        do {
            found = try Self.find(device, in: context, wanted: wanted)
        } catch {
            libusb_exit(context)
            throw error
        }
        let session = Session(context: context, handle: found.handle)
        let name = "USB \(found.id) (bus \(found.bus) address \(found.address))"
        try Self.claim(found.interface, on: found.handle, name: name)
        self.name = name
        self.deviceID = found.id
        self.interface = found.interface
        self.writeTimeout = writeTimeout
        self.ieee1284ID = Self.readDeviceID(found.handle, interface: found.interface)
        self.session = Mutex(session)
    }

    deinit {
        session.withLock { session in
            // Releasing also reattaches usblp, so /dev/usb/lp0 comes back for other tools.
            _ = libusb_release_interface(session.handle, Int32(interface.number))
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try session.withLock { session in
            try send(bytes, on: session.handle)
        }
    }

    public func readStatus(_ request: [UInt8], replyLength: Int, timeout: Duration) throws -> [UInt8] {
        guard let input = interface.bulkIn else { return [] }
        return try session.withLock { session in
            try drain(input, on: session.handle)
            try send(request, on: session.handle)
            var reply = try receive(from: input, on: session.handle, timeout: timeout)
            if reply.count > replyLength { reply.removeFirst(reply.count - replyLength) }
            return reply
        }
    }

    // MARK: Transfers

    private func send(_ bytes: [UInt8], on handle: OpaquePointer) throws {
        var sent = 0
        while sent < bytes.count {
            let count = min(Self.chunkSize, bytes.count - sent)
            var transferred: Int32 = 0
            var chunk = Array(bytes[sent..<(sent + count)])
            let result = libusb_bulk_transfer(
                handle, interface.bulkOut, &chunk, Int32(count), &transferred,
                UInt32(DescriptorIO.milliseconds(writeTimeout)))
            sent += Int(transferred)
            guard result == 0 else { throw transferFailed(result, endpoint: interface.bulkOut, sent, of: bytes.count) }
        }
    }

    private func receive(from endpoint: UInt8, on handle: OpaquePointer, timeout: Duration) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: USBReference.maxBulkPacket)
        var transferred: Int32 = 0
        // libusb treats a timeout of 0 as "wait forever", so the shortest wait is 1 ms.
        let milliseconds = UInt32(max(1, DescriptorIO.milliseconds(timeout)))
        let result = libusb_bulk_transfer(handle, endpoint, &buffer, Int32(buffer.count), &transferred, milliseconds)
        if result == LIBUSB_ERROR_TIMEOUT.rawValue { return Array(buffer[0..<Int(transferred)]) }
        guard result == 0 else { throw transferFailed(result, endpoint: endpoint, 0, of: 0) }
        return Array(buffer[0..<Int(transferred)])
    }

    /// Reads and drops whatever the printer sent unasked, until it has nothing more.
    private func drain(_ endpoint: UInt8, on handle: OpaquePointer) throws {
        while !(try receive(from: endpoint, on: handle, timeout: .milliseconds(5))).isEmpty {}
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
                message: "\(endpointName) went away\(progress) (\(Self.errorName(code))); check the USB cable and power"
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
                .failed, device: name, message: "\(endpointName) failed\(progress): \(Self.errorName(code))")
        }
    }

    // MARK: Opening

    /// The device picked for printing, opened.
    private struct Found {
        let handle: OpaquePointer
        let id: USBDeviceID
        let interface: USBPrinterInterface
        let bus: UInt8
        let address: UInt8
    }

    private static func find(_ wanted: USBDeviceID?, in context: OpaquePointer, wanted label: String) throws -> Found {
        var listPointer: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &listPointer)
        guard count >= 0, let list = listPointer else {
            throw PrinterTransportError(
                .failed, device: label, message: "libusb cannot list USB devices: \(errorName(Int32(count)))")
        }
        defer { libusb_free_device_list(list, 1) }
        var sawDevice = false
        for index in 0..<count {
            guard let device = list[index] else { continue }
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(device, &descriptor) == 0 else { continue }
            let id = USBDeviceID(vendor: descriptor.idVendor, product: descriptor.idProduct)
            if let wanted, wanted != id { continue }
            sawDevice = true
            guard
                let interface = USBPrinterInterface.choose(
                    from: interfaces(of: device), acceptVendorClass: wanted != nil)
            else { continue }
            var handlePointer: OpaquePointer?
            let opened = libusb_open(device, &handlePointer)
            guard opened == 0, let handle = handlePointer else { throw openFailed(opened, id: id) }
            return Found(
                handle: handle, id: id, interface: interface, bus: libusb_get_bus_number(device),
                address: libusb_get_device_address(device))
        }
        if let wanted, sawDevice {
            throw PrinterTransportError(
                .notFound, device: label,
                message: "USB device \(wanted) has no interface with a bulk OUT endpoint, so it is not a printer; "
                    + "check the id with lsusb")
        }
        let what =
            wanted.map { "no USB device \($0) is connected" } ?? "no USB printer (interface class 7) is connected"
        throw PrinterTransportError(
            .notFound, device: label,
            message: "\(what); check the cable and that the printer is switched on (lsusb lists the devices; a "
                + "printer reporting a vendor-specific class needs its id given, e.g. --printer usb:0416:5011)")
    }

    /// Every alternate setting of every interface of the device's configuration.
    private static func interfaces(of device: OpaquePointer) -> [USBPrinterInterface.Descriptor] {
        var configPointer: UnsafeMutablePointer<libusb_config_descriptor>?
        // An unconfigured device has no active configuration; its first one is what would be used.
        if libusb_get_active_config_descriptor(device, &configPointer) != 0 {
            guard libusb_get_config_descriptor(device, 0, &configPointer) == 0 else { return [] }
        }
        guard let config = configPointer else { return [] }
        defer { libusb_free_config_descriptor(config) }
        var result: [USBPrinterInterface.Descriptor] = []
        for interfaceIndex in 0..<Int(config.pointee.bNumInterfaces) {
            let interface = config.pointee.interface[interfaceIndex]
            for settingIndex in 0..<Int(interface.num_altsetting) {
                let setting = interface.altsetting[settingIndex]
                let endpoints = (0..<Int(setting.bNumEndpoints)).map { endpointIndex in
                    let endpoint = setting.endpoint[endpointIndex]
                    return USBPrinterInterface.Endpoint(
                        address: endpoint.bEndpointAddress, attributes: endpoint.bmAttributes,
                        maxPacketSize: Int(endpoint.wMaxPacketSize))
                }
                result.append(
                    USBPrinterInterface.Descriptor(
                        number: setting.bInterfaceNumber, alternateSetting: setting.bAlternateSetting,
                        interfaceClass: setting.bInterfaceClass, endpoints: endpoints))
            }
        }
        return result
    }

    /// Takes the interface from usblp (or whichever kernel driver holds it) and selects its setting.
    /// On failure the caller's `Session` closes the handle.
    private static func claim(_ interface: USBPrinterInterface, on handle: OpaquePointer, name: String) throws {
        let number = Int32(interface.number)
        if libusb_set_auto_detach_kernel_driver(handle, 1) != 0, libusb_kernel_driver_active(handle, number) == 1 {
            let detached = libusb_detach_kernel_driver(handle, number)
            guard detached == 0 else {
                throw busy(
                    name: name, detail: "the kernel's usblp driver could not be detached (\(errorName(detached)))")
            }
        }
        let claimed = libusb_claim_interface(handle, number)
        guard claimed == 0 else {
            if claimed == LIBUSB_ERROR_BUSY.rawValue {
                throw busy(name: name, detail: "interface \(interface.number) is claimed by another program or driver")
            }
            throw PrinterTransportError(
                .failed, device: name, message: "cannot claim \(name) interface \(number): \(errorName(claimed))")
        }
        if interface.alternateSetting != 0 {
            let selected = libusb_set_interface_alt_setting(handle, number, Int32(interface.alternateSetting))
            guard selected == 0 else {
                libusb_release_interface(handle, number)
                throw PrinterTransportError(
                    .failed, device: name,
                    message: "cannot select alternate setting \(interface.alternateSetting) of \(name): "
                        + errorName(selected))
            }
        }
    }

    private static func busy(name: String, detail: String) -> PrinterTransportError {
        PrinterTransportError(
            .busy, device: name,
            message: "\(name) is busy (Resource busy): \(detail). CUPS's usb backend or another print program may "
                + "hold it (sudo systemctl stop cups cups-browsed, or remove the printer from CUPS); or keep usblp "
                + "away from it (echo blacklist usblp | sudo tee /etc/modprobe.d/openspace-printer.conf) and use "
                + "the USB transport only")
    }

    private static func openFailed(_ code: Int32, id: USBDeviceID) -> PrinterTransportError {
        let name = "USB \(id)"
        if code == LIBUSB_ERROR_ACCESS.rawValue {
            return PrinterTransportError(
                .permissionDenied, device: name,
                message: "cannot open \(name): permission denied; install the udev rules from udev/ with this "
                    + "printer's id (\(id)) and add the service user to the group they name, or run as root to test")
        }
        if code == LIBUSB_ERROR_NO_DEVICE.rawValue {
            return PrinterTransportError(
                .disconnected, device: name, message: "\(name) went away while being opened; plug it in again")
        }
        return PrinterTransportError(.failed, device: name, message: "cannot open \(name): \(errorName(code))")
    }

    /// The printer-class GET_DEVICE_ID string, or nil when the printer does not answer it.
    private static func readDeviceID(_ handle: OpaquePointer, interface: USBPrinterInterface) -> String? {
        var buffer = [UInt8](repeating: 0, count: USBReference.deviceIDMaxLength)
        let index = UInt16(interface.number) << 8 | UInt16(interface.alternateSetting)
        let received = libusb_control_transfer(
            handle, USBReference.getDeviceIDRequestType, USBReference.getDeviceIDRequest, 0, index, &buffer,
            UInt16(buffer.count), 1000)
        guard received > 2 else { return nil }
        let declared = Int(buffer[0]) << 8 | Int(buffer[1])
        let end = min(Int(received), max(2, declared))
        return String(decoding: buffer[2..<end], as: UTF8.self)
    }

    static func errorName(_ code: Int32) -> String {
        String(cString: libusb_error_name(code))
    }
}
