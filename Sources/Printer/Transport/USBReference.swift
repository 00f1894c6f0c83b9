/// USB facts the printer transport relies on, from the USB 2.0 specification (chapter 9,
/// standard descriptors) and the USB Device Class Definition for Printing Devices 1.1.
enum USBReference {
    /// bInterfaceClass of printers (Printer Class 1.1, section 4.1).
    static let printerClass: UInt8 = 0x07
    /// GET_DEVICE_ID (Printer Class 1.1, section 4.2.1): bmRequestType 0xA1 (device to host,
    /// class, interface), bRequest 0, wValue the configuration index, wIndex the interface in
    /// the high byte and the alternate setting in the low byte (as Linux's usblp sends it).
    /// The reply starts with its own length as a big-endian 16-bit number.
    static let getDeviceIDRequestType: UInt8 = 0xA1
    static let getDeviceIDRequest: UInt8 = 0
    /// The IEEE 1284 device id is at most 1023 bytes long in practice (usblp's buffer).
    static let deviceIDMaxLength = 1023
    /// The largest bulk packet at high speed: reading IN into a buffer this size never overflows.
    static let maxBulkPacket = 512
}
