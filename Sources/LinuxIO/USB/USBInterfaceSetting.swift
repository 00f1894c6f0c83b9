/// One alternate setting of one interface, as a device's configuration descriptor lists it
/// (USB 2.0, section 9.6.5), with its endpoints.
public struct USBInterfaceSetting: Equatable, Sendable {
    public var number: UInt8
    public var alternateSetting: UInt8
    /// bInterfaceClass: 3 for HID, 7 for printers, 0xFF for vendor-specific.
    public var interfaceClass: UInt8
    public var interfaceSubclass: UInt8
    public var interfaceProtocol: UInt8
    public var endpoints: [USBEndpoint]

    public init(
        number: UInt8, alternateSetting: UInt8 = 0, interfaceClass: UInt8, interfaceSubclass: UInt8 = 0,
        interfaceProtocol: UInt8 = 0, endpoints: [USBEndpoint]
    ) {
        self.number = number
        self.alternateSetting = alternateSetting
        self.interfaceClass = interfaceClass
        self.interfaceSubclass = interfaceSubclass
        self.interfaceProtocol = interfaceProtocol
        self.endpoints = endpoints
    }
}

/// One endpoint of an interface setting (USB 2.0, section 9.6.6).
public struct USBEndpoint: Equatable, Sendable {
    /// bEndpointAddress: bit 7 set for IN (device to host).
    public var address: UInt8
    /// bmAttributes: the low two bits are the transfer type.
    public var attributes: UInt8
    public var maxPacketSize: Int

    public init(address: UInt8, attributes: UInt8, maxPacketSize: Int = 64) {
        self.address = address
        self.attributes = attributes
        self.maxPacketSize = maxPacketSize
    }

    /// The transfer types of bmAttributes bits 1..0 (USB 2.0, table 9-13).
    public enum TransferType: UInt8, Sendable {
        case control = 0
        case isochronous = 1
        case bulk = 2
        case interrupt = 3
    }

    public var transferType: TransferType { TransferType(rawValue: attributes & 0x03)! }
    /// Whether the endpoint sends to the host (bEndpointAddress bit 7).
    public var isIn: Bool { address & 0x80 != 0 }
}
