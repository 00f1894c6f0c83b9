import CLibUSB
import Foundation

/// Reads boot-keyboard reports from a claimed HID interface of a USB scanner through libusb and
/// assembles them into scans.
///
/// The kernel's usbhid driver is detached while the interface is claimed (so the keys reach no
/// console) and attached again when the reader is released on deinit.
final class USBHIDReader: ScannerConnection {
    let description: String
    private let context: OpaquePointer
    private let handle: OpaquePointer
    private let interface: Int32
    private let endpoint: UInt8
    private let packetSize: Int
    private var assembler: ScanAssembler
    private var previous = BootKeyboardReport.released

    private init(
        context: OpaquePointer, handle: OpaquePointer, interface: Int32, endpoint: UInt8, packetSize: Int,
        description: String, rules: ScanRules
    ) {
        self.context = context
        self.handle = handle
        self.interface = interface
        self.endpoint = endpoint
        self.packetSize = packetSize
        self.description = description
        self.assembler = ScanAssembler(rules: rules)
    }

    deinit {
        libusb_release_interface(handle, interface)
        libusb_close(handle)
        libusb_exit(context)
    }

    /// The HID interface to read and its interrupt IN endpoint.
    private struct Interface {
        var number: Int32
        var endpoint: UInt8
        var packetSize: Int
        var isBootKeyboard: Bool
    }

    /// Opens the first device `vendor:product`, claims its boot-keyboard interface (or else its
    /// first HID interface with an interrupt IN endpoint), and asks for the boot protocol, whose
    /// report layout does not need the report descriptor parsed.
    ///
    /// Each attempt starts libusb afresh: a context lists the devices present when it started and
    /// learns of later ones from udevd only, so without udevd (a container, the rig) a context
    /// kept across attempts never sees the scanner plugged back in (seen on the rig).
    static func open(vendor: UInt16, product: UInt16, rules: ScanRules, sysfsRoot: String) throws -> USBHIDReader {
        var created: OpaquePointer?
        let started = libusb_init(&created)
        guard started == 0, let context = created else { throw ScannerError.libusbUnavailable(code: started) }
        do {
            return try open(vendor: vendor, product: product, context: context, rules: rules, sysfsRoot: sysfsRoot)
        } catch {
            libusb_exit(context)
            throw error
        }
    }

    private static func open(
        vendor: UInt16, product: UInt16, context: OpaquePointer, rules: ScanRules, sysfsRoot: String
    ) throws -> USBHIDReader {
        let id = USBDeviceInfo.format(vendor: vendor, product: product)
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        guard count >= 0, let list else { throw ScannerError.libusbUnavailable(code: Int32(truncatingIfNeeded: count)) }
        defer { libusb_free_device_list(list, 1) }

        var found: (device: OpaquePointer, descriptor: libusb_device_descriptor)?
        for index in 0..<count {
            guard let device = list[index] else { continue }
            var descriptor = libusb_device_descriptor()
            if libusb_get_device_descriptor(device, &descriptor) == 0, descriptor.idVendor == vendor,
                descriptor.idProduct == product
            {
                found = (device, descriptor)
                break
            }
        }
        guard let (device, deviceDescriptor) = found else {
            throw ScannerError.usbDeviceNotFound(
                vendor: vendor, product: product, present: USBDeviceInfo.all(sysfsRoot: sysfsRoot))
        }

        let node = String(
            format: "/dev/bus/usb/%03d/%03d", libusb_get_bus_number(device), libusb_get_device_address(device))
        var opened: OpaquePointer?
        let openResult = libusb_open(device, &opened)
        guard openResult == 0, let handle = opened else {
            throw ScannerError.usbOpenFailed(id, node: node, code: openResult)
        }
        guard let chosen = hidInterface(of: device) else {
            libusb_close(handle)
            throw ScannerError.usbNoKeyboardInterface(id)
        }
        // Not supported off Linux, and harmless then: there is no kernel driver to detach.
        libusb_set_auto_detach_kernel_driver(handle, 1)
        let claimed = libusb_claim_interface(handle, chosen.number)
        guard claimed == 0 else {
            libusb_close(handle)
            throw ScannerError.usbClaimFailed(id, interface: Int(chosen.number), code: claimed)
        }
        var notes: [String] = []
        if chosen.isBootKeyboard {
            // A device may refuse either request (a stall); it then keeps sending what it sends,
            // which for a boot keyboard without report IDs is the same layout.
            let index = UInt16(chosen.number)
            if classRequest(HIDBootProtocol.setProtocol, value: HIDBootProtocol.bootProtocol, index: index, on: handle)
                < 0
            {
                notes.append("SET_PROTOCOL refused")
            }
            _ = classRequest(HIDBootProtocol.setIdle, value: 0, index: index, on: handle)
        } else {
            notes.append("not a boot keyboard: reports read as boot reports")
        }
        let name = productName(of: handle, index: deviceDescriptor.iProduct).map { " \"\($0)\"" } ?? ""
        let endpointName = String(format: "0x%02x", chosen.endpoint)
        let noteText = notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"
        return USBHIDReader(
            context: context, handle: handle, interface: chosen.number, endpoint: chosen.endpoint,
            packetSize: chosen.packetSize,
            description: "\(id)\(name) at \(node), interface \(chosen.number), endpoint \(endpointName)\(noteText)",
            rules: rules)
    }

    private static func hidInterface(of device: OpaquePointer) -> Interface? {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        guard libusb_get_active_config_descriptor(device, &config) == 0, let config else { return nil }
        defer { libusb_free_config_descriptor(config) }
        var candidates: [Interface] = []
        for interfaceIndex in 0..<Int(config.pointee.bNumInterfaces) {
            let interface = config.pointee.interface[interfaceIndex]
            guard interface.num_altsetting > 0 else { continue }
            let setting = interface.altsetting[0]
            guard setting.bInterfaceClass == HIDBootProtocol.interfaceClass else { continue }
            for endpointIndex in 0..<Int(setting.bNumEndpoints) {
                let endpoint = setting.endpoint[endpointIndex]
                let isIn = endpoint.bEndpointAddress & UInt8(LIBUSB_ENDPOINT_IN.rawValue) != 0
                let isInterrupt =
                    endpoint.bmAttributes & UInt8(LIBUSB_TRANSFER_TYPE_MASK)
                    == UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue)
                guard isIn && isInterrupt else { continue }
                candidates.append(
                    Interface(
                        number: Int32(setting.bInterfaceNumber), endpoint: endpoint.bEndpointAddress,
                        packetSize: Int(endpoint.wMaxPacketSize & 0x7FF),
                        isBootKeyboard: setting.bInterfaceSubClass == HIDBootProtocol.bootSubclass
                            && setting.bInterfaceProtocol == HIDBootProtocol.keyboardProtocol))
                break
            }
        }
        return candidates.first(where: \.isBootKeyboard) ?? candidates.first
    }

    private static func classRequest(_ request: UInt8, value: UInt16, index: UInt16, on handle: OpaquePointer)
        -> Int32
    {
        libusb_control_transfer(handle, HIDBootProtocol.classRequestToInterface, request, value, index, nil, 0, 1000)
    }

    private static func productName(of handle: OpaquePointer, index: UInt8) -> String? {
        guard index != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 128)
        let length = libusb_get_string_descriptor_ascii(handle, index, &buffer, Int32(buffer.count))
        return length > 0 ? String(decoding: buffer[..<Int(length)], as: UTF8.self) : nil
    }

    func read(until shouldStop: () -> Bool, emit: (ScannerEvent) -> Void) -> ScannerReadEnd {
        var buffer = [UInt8](repeating: 0, count: max(packetSize, HIDBootProtocol.reportLength))
        while !shouldStop() {
            let timeout = KernelClock.pollTimeout(
                until: assembler.nextDeadline, now: KernelClock.now(), longest: ScannerReadLoop.longestWait)
            var transferred: Int32 = 0
            let result = libusb_interrupt_transfer(
                handle, endpoint, &buffer, Int32(buffer.count), &transferred, UInt32(timeout))
            let now = KernelClock.now()
            // libusb may return data with a timeout; it is never lost.
            if transferred > 0, let report = BootKeyboardReport(bytes: buffer[..<Int(transferred)]),
                !report.isErrorReport
            {
                for event in report.keyEvents(after: previous, at: now) {
                    assembler.feed(event).forEach(emit)
                }
                previous = report
            }
            switch result {
            case 0, LIBUSB_ERROR_INTERRUPTED.rawValue:
                continue
            case LIBUSB_ERROR_TIMEOUT.rawValue:
                if transferred == 0 { assembler.tick(at: now).forEach(emit) }
            case LIBUSB_ERROR_OVERFLOW.rawValue:
                // A report longer than the endpoint's packet: not a boot report; skip it.
                continue
            case LIBUSB_ERROR_PIPE.rawValue:
                // The endpoint stalled; clearing the halt is the USB way to resume it.
                libusb_clear_halt(handle, endpoint)
            case LIBUSB_ERROR_NO_DEVICE.rawValue:
                return .lost("unplugged (LIBUSB_ERROR_NO_DEVICE)")
            case LIBUSB_ERROR_IO.rawValue:
                // What an unplug looks like when the host controller notices it first (the rig).
                return .lost("unplugged or reset (LIBUSB_ERROR_IO)")
            default:
                return .lost("read failed: \(ScannerError.libusbName(result))")
            }
        }
        return .stopped
    }
}
