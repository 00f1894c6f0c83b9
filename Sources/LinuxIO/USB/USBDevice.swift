import CLibUSB
import Foundation

/// One USB device opened through libusb (usbfs, `/dev/bus/usb`), for the scanner read as a HID
/// device and the printer driven over bulk endpoints: found by what it is, opened, its interface
/// taken from the kernel's driver and given back, transfers with timeouts.
///
/// Each `open` starts libusb afresh: a context lists the devices present when it started and
/// learns of later ones from udevd only, so without udevd (a container, the rig) a context kept
/// across attempts never sees a device plugged back in. The device owns its context and closes
/// both when released, which also gives claimed interfaces back to their kernel drivers (usbhid,
/// usblp).
///
/// Not Sendable: libusb handles are used from one thread at a time. The scanner reads on its read
/// loop's thread; the printer keeps its device behind a lock.
public final class USBDevice {
    public let id: USBDeviceID
    public let bus: UInt8
    public let address: UInt8
    /// The interface settings of the device's configuration, as `open`'s chooser saw them.
    public let interfaces: [USBInterfaceSetting]
    /// The product string, when the device has one.
    public private(set) lazy var productName: String? = stringDescriptor(index: productIndex)
    private let context: OpaquePointer
    private let handle: OpaquePointer
    private let productIndex: UInt8
    private var claimed: [Int32] = []

    private init(
        context: OpaquePointer, handle: OpaquePointer, device: OpaquePointer, descriptor: libusb_device_descriptor,
        interfaces: [USBInterfaceSetting]
    ) {
        self.context = context
        self.handle = handle
        self.id = USBDeviceID(vendor: descriptor.idVendor, product: descriptor.idProduct)
        self.bus = libusb_get_bus_number(device)
        self.address = libusb_get_device_address(device)
        self.productIndex = descriptor.iProduct
        self.interfaces = interfaces
    }

    deinit {
        for interface in claimed { libusb_release_interface(handle, interface) }
        libusb_close(handle)
        libusb_exit(context)
    }

    /// The device node usbfs gives it: `/dev/bus/usb/001/003`.
    public var node: String { String(format: "/dev/bus/usb/%03d/%03d", bus, address) }

    /// Opens the first device present that `accepts` (by its id and interface settings); nil when
    /// none does. Throws when libusb cannot start or list devices, or the chosen device cannot be
    /// opened (`isAccessDenied`: the udev rule is missing).
    public static func open(where accepts: (USBDeviceID, [USBInterfaceSetting]) -> Bool) throws(USBError)
        -> USBDevice?
    {
        var created: OpaquePointer?
        let started = libusb_init(&created)
        guard started == 0, let context = created else { throw USBError("start libusb", code: started) }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        guard count >= 0, let list else {
            libusb_exit(context)
            throw USBError("list USB devices", code: Int32(truncatingIfNeeded: count))
        }
        defer { libusb_free_device_list(list, 1) }
        for index in 0..<count {
            guard let device = list[index] else { continue }
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(device, &descriptor) == 0 else { continue }
            let settings = interfaceSettings(of: device)
            guard accepts(USBDeviceID(vendor: descriptor.idVendor, product: descriptor.idProduct), settings) else {
                continue
            }
            var opened: OpaquePointer?
            let result = libusb_open(device, &opened)
            guard result == 0, let handle = opened else {
                libusb_exit(context)
                throw USBError("open", code: result)
            }
            return USBDevice(
                context: context, handle: handle, device: device, descriptor: descriptor, interfaces: settings)
        }
        libusb_exit(context)
        return nil
    }

    /// Takes `setting`'s interface from whichever kernel driver holds it and selects its
    /// alternate setting; the interface is given back when the device is released.
    public func claim(_ setting: USBInterfaceSetting) throws(USBError) {
        let number = Int32(setting.number)
        // Automatic detaching is Linux-only; where it is missing, detach by hand.
        if libusb_set_auto_detach_kernel_driver(handle, 1) != 0, libusb_kernel_driver_active(handle, number) == 1 {
            let detached = libusb_detach_kernel_driver(handle, number)
            guard detached == 0 else {
                throw USBError("detach the kernel driver of interface \(number)", code: detached)
            }
        }
        let result = libusb_claim_interface(handle, number)
        guard result == 0 else { throw USBError("claim interface \(number)", code: result) }
        claimed.append(number)
        if setting.alternateSetting != 0 {
            let selected = libusb_set_interface_alt_setting(handle, number, Int32(setting.alternateSetting))
            guard selected == 0 else {
                throw USBError(
                    "select alternate setting \(setting.alternateSetting) of interface \(number)", code: selected)
            }
        }
    }

    /// Moves bytes over a bulk endpoint (IN when the address says so, reading into `buffer`);
    /// returns libusb's result and how many bytes moved, which may be some even on a timeout.
    public func bulkTransfer(_ endpoint: UInt8, _ buffer: inout [UInt8], length: Int, timeout: Duration)
        -> (result: Int32, transferred: Int)
    {
        var transferred: Int32 = 0
        let result = libusb_bulk_transfer(
            handle, endpoint, &buffer, Int32(length), &transferred, Self.milliseconds(timeout))
        return (result, Int(transferred))
    }

    /// Reads an interrupt IN endpoint into `buffer`; as `bulkTransfer`.
    public func interruptTransfer(_ endpoint: UInt8, _ buffer: inout [UInt8], timeout: Duration)
        -> (result: Int32, transferred: Int)
    {
        var transferred: Int32 = 0
        let result = libusb_interrupt_transfer(
            handle, endpoint, &buffer, Int32(buffer.count), &transferred, Self.milliseconds(timeout))
        return (result, Int(transferred))
    }

    /// A control request; with `buffer` it reads (or writes) up to its size. Returns the bytes
    /// moved, or a negative libusb code.
    @discardableResult
    public func controlTransfer(
        requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, buffer: inout [UInt8],
        timeout: Duration = .seconds(1)
    ) -> Int32 {
        libusb_control_transfer(
            handle, requestType, request, value, index, &buffer, UInt16(buffer.count), Self.milliseconds(timeout))
    }

    /// Clears a halted (stalled) endpoint, the USB way to make it move again.
    public func clearHalt(_ endpoint: UInt8) {
        libusb_clear_halt(handle, endpoint)
    }

    /// A string descriptor in ASCII; nil for index 0 or when the device does not answer.
    public func stringDescriptor(index: UInt8) -> String? {
        guard index != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 128)
        let length = libusb_get_string_descriptor_ascii(handle, index, &buffer, Int32(buffer.count))
        return length > 0 ? String(decoding: buffer[..<Int(length)], as: UTF8.self) : nil
    }

    /// libusb takes a timeout of 0 as "wait forever", so the shortest wait is 1 ms.
    static func milliseconds(_ duration: Duration) -> UInt32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return UInt32(clamping: max(1, total))
    }

    /// Every alternate setting of every interface of the device's active configuration (or, for an
    /// unconfigured device, of its first one, which is what would be used).
    private static func interfaceSettings(of device: OpaquePointer) -> [USBInterfaceSetting] {
        var configPointer: UnsafeMutablePointer<libusb_config_descriptor>?
        if libusb_get_active_config_descriptor(device, &configPointer) != 0 {
            guard libusb_get_config_descriptor(device, 0, &configPointer) == 0 else { return [] }
        }
        guard let config = configPointer else { return [] }
        defer { libusb_free_config_descriptor(config) }
        var settings: [USBInterfaceSetting] = []
        for interfaceIndex in 0..<Int(config.pointee.bNumInterfaces) {
            let interface = config.pointee.interface[interfaceIndex]
            for settingIndex in 0..<Int(interface.num_altsetting) {
                let setting = interface.altsetting[settingIndex]
                let endpoints = (0..<Int(setting.bNumEndpoints)).map { endpointIndex in
                    let endpoint = setting.endpoint[endpointIndex]
                    return USBEndpoint(
                        address: endpoint.bEndpointAddress, attributes: endpoint.bmAttributes,
                        maxPacketSize: Int(endpoint.wMaxPacketSize & 0x7FF))
                }
                settings.append(
                    USBInterfaceSetting(
                        number: setting.bInterfaceNumber, alternateSetting: setting.bAlternateSetting,
                        interfaceClass: setting.bInterfaceClass, interfaceSubclass: setting.bInterfaceSubClass,
                        interfaceProtocol: setting.bInterfaceProtocol, endpoints: endpoints))
            }
        }
        return settings
    }
}
