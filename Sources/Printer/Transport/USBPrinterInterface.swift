/// The interface and bulk endpoints a USB printer is driven through, picked from its descriptors.
///
/// USB printers (class 7, USB Printer Class 1.1) print from a bulk OUT endpoint and, when
/// bidirectional, answer on a bulk IN one; the addresses differ between models (the rig's gadget
/// uses 0x02 and 0x81, many printers 0x01 and 0x82, some 0x03), so they are always read from the
/// descriptor rather than assumed.
public struct USBPrinterInterface: Equatable, Sendable, CustomStringConvertible {
    /// One alternate setting of one interface, as the configuration descriptor lists it.
    public struct Descriptor: Equatable, Sendable {
        public var number: UInt8
        public var alternateSetting: UInt8
        /// bInterfaceClass: 7 for printers, 0xFF for vendor-specific.
        public var interfaceClass: UInt8
        public var endpoints: [Endpoint]

        public init(number: UInt8, alternateSetting: UInt8, interfaceClass: UInt8, endpoints: [Endpoint]) {
            self.number = number
            self.alternateSetting = alternateSetting
            self.interfaceClass = interfaceClass
            self.endpoints = endpoints
        }
    }

    /// One endpoint of an interface descriptor.
    public struct Endpoint: Equatable, Sendable {
        /// bEndpointAddress: bit 7 set for IN (device to host).
        public var address: UInt8
        /// bmAttributes: the low two bits are the transfer type, 2 for bulk.
        public var attributes: UInt8
        public var maxPacketSize: Int

        public init(address: UInt8, attributes: UInt8, maxPacketSize: Int = 64) {
            self.address = address
            self.attributes = attributes
            self.maxPacketSize = maxPacketSize
        }

        var isBulk: Bool { attributes & USBReference.transferTypeMask == USBReference.transferTypeBulk }
        var isIn: Bool { address & USBReference.directionIn != 0 }
    }

    public var number: UInt8
    public var alternateSetting: UInt8
    public var bulkOut: UInt8
    /// Nil for a printer that cannot answer (unidirectional): status is then unknown.
    public var bulkIn: UInt8?
    public var bulkInMaxPacketSize: Int

    /// The first printer-class interface with a bulk OUT endpoint. With `acceptVendorClass`
    /// (the device was named by vendor and product id), an interface of another class with a
    /// bulk OUT endpoint also does: some cheap printers report the vendor-specific class.
    public static func choose(from interfaces: [Descriptor], acceptVendorClass: Bool) -> USBPrinterInterface? {
        let printers = interfaces.filter { $0.interfaceClass == USBReference.printerClass }
        let candidates = acceptVendorClass ? printers + interfaces.filter { !printers.contains($0) } : printers
        for interface in candidates {
            guard let out = interface.endpoints.first(where: { $0.isBulk && !$0.isIn }) else { continue }
            let input = interface.endpoints.first { $0.isBulk && $0.isIn }
            return USBPrinterInterface(
                number: interface.number, alternateSetting: interface.alternateSetting, bulkOut: out.address,
                bulkIn: input?.address, bulkInMaxPacketSize: input?.maxPacketSize ?? 64)
        }
        return nil
    }

    public var description: String {
        let input = bulkIn.map { ", bulk IN 0x\(Self.hex($0))" } ?? ", no IN endpoint"
        return "interface \(number) alt \(alternateSetting), bulk OUT 0x\(Self.hex(bulkOut))\(input)"
    }

    static func hex(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16)
        return text.count == 1 ? "0" + text : text
    }
}
