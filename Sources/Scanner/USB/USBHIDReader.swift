import CLibUSB
import Foundation
import LinuxIO

/// Reads boot-keyboard reports from a claimed HID interface of a USB scanner through libusb and
/// assembles them into scans.
///
/// The kernel's usbhid driver is detached while the interface is claimed (so the keys reach no
/// console) and attached again when the reader, and with it its `USBDevice`, is released.
final class USBHIDReader: ScannerConnection {
    let description: String
    private let device: USBDevice
    private let endpoint: UInt8
    private let packetSize: Int
    private var assembler: ScanAssembler
    private var previous = BootKeyboardReport.released

    private init(device: USBDevice, endpoint: UInt8, packetSize: Int, description: String, rules: ScanRules) {
        self.device = device
        self.endpoint = endpoint
        self.packetSize = packetSize
        self.description = description
        self.assembler = ScanAssembler(rules: rules)
    }

    /// The HID interface to read and its interrupt IN endpoint.
    private struct Interface {
        var setting: USBInterfaceSetting
        var endpoint: USBEndpoint
        var isBootKeyboard: Bool
    }

    /// Opens the first device `vendor:product`, claims its boot-keyboard interface (or else its
    /// first HID interface with an interrupt IN endpoint), and asks for the boot protocol, whose
    /// report layout does not need the report descriptor parsed.
    static func open(vendor: UInt16, product: UInt16, rules: ScanRules, sysfsRoot: String) throws -> USBHIDReader {
        let id = USBDeviceID(vendor: vendor, product: product)
        let opened: USBDevice?
        do {
            opened = try USBDevice.open { found, _ in found == id }
        } catch {
            throw error.isAccessDenied || error.isGone
                ? ScannerError.usbOpenFailed(id.description, code: error.code)
                : ScannerError.libusbUnavailable(code: error.code)
        }
        guard let device = opened else {
            throw ScannerError.usbDeviceNotFound(
                vendor: vendor, product: product, present: USBDeviceInfo.all(sysfsRoot: sysfsRoot))
        }
        guard let chosen = hidInterface(in: device.interfaces) else {
            throw ScannerError.usbNoKeyboardInterface(id.description)
        }
        do {
            try device.claim(chosen.setting)
        } catch {
            throw ScannerError.usbClaimFailed(id.description, interface: Int(chosen.setting.number), code: error.code)
        }
        var notes: [String] = []
        if chosen.isBootKeyboard {
            // A device may refuse either request (a stall); it then keeps sending what it sends,
            // which for a boot keyboard without report IDs is the same layout.
            let index = UInt16(chosen.setting.number)
            var none: [UInt8] = []
            let protocolSet = device.controlTransfer(
                requestType: HIDBootProtocol.classRequestToInterface, request: HIDBootProtocol.setProtocol,
                value: HIDBootProtocol.bootProtocol, index: index, buffer: &none)
            if protocolSet < 0 { notes.append("SET_PROTOCOL refused") }
            device.controlTransfer(
                requestType: HIDBootProtocol.classRequestToInterface, request: HIDBootProtocol.setIdle, value: 0,
                index: index, buffer: &none)
        } else {
            notes.append("not a boot keyboard: reports read as boot reports")
        }
        let name = device.productName.map { " \"\($0)\"" } ?? ""
        let endpointName = String(format: "0x%02x", chosen.endpoint.address)
        let noteText = notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"
        return USBHIDReader(
            device: device, endpoint: chosen.endpoint.address, packetSize: chosen.endpoint.maxPacketSize,
            description: "\(id)\(name) at \(device.node), interface \(chosen.setting.number), endpoint "
                + "\(endpointName)\(noteText)",
            rules: rules)
    }

    private static func hidInterface(in settings: [USBInterfaceSetting]) -> Interface? {
        let candidates = settings.compactMap { setting -> Interface? in
            guard setting.alternateSetting == 0, setting.interfaceClass == HIDBootProtocol.interfaceClass,
                let endpoint = setting.endpoints.first(where: { $0.isIn && $0.transferType == .interrupt })
            else { return nil }
            return Interface(
                setting: setting, endpoint: endpoint,
                isBootKeyboard: setting.interfaceSubclass == HIDBootProtocol.bootSubclass
                    && setting.interfaceProtocol == HIDBootProtocol.keyboardProtocol)
        }
        return candidates.first(where: \.isBootKeyboard) ?? candidates.first
    }

    func read(until shouldStop: () -> Bool, emit: (ScannerEvent) -> Void) -> ScannerReadEnd {
        var buffer = [UInt8](repeating: 0, count: max(packetSize, HIDBootProtocol.reportLength))
        while !shouldStop() {
            let timeout = KernelClock.pollTimeout(
                until: assembler.nextDeadline, now: KernelClock.now(), longest: ScannerReadLoop.longestWait)
            let (result, transferred) = device.interruptTransfer(
                endpoint, &buffer, timeout: .milliseconds(max(1, Int(timeout))))
            let now = KernelClock.now()
            // libusb may return data with a timeout; it is never lost.
            if transferred > 0, let report = BootKeyboardReport(bytes: buffer[..<transferred]),
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
                device.clearHalt(endpoint)
            case LIBUSB_ERROR_NO_DEVICE.rawValue:
                return .lost("unplugged (LIBUSB_ERROR_NO_DEVICE)")
            case LIBUSB_ERROR_IO.rawValue:
                // What an unplug looks like when the host controller notices it first (the rig).
                return .lost("unplugged or reset (LIBUSB_ERROR_IO)")
            default:
                return .lost("read failed: \(USBError.name(of: result))")
            }
        }
        return .stopped
    }
}
