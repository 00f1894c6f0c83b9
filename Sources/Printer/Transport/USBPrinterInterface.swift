import LinuxIO

/// The interface and bulk endpoints a USB printer is driven through, picked from its descriptors.
///
/// USB printers (class 7, USB Printer Class 1.1) print from a bulk OUT endpoint and, when
/// bidirectional, answer on a bulk IN one; the addresses differ between models (the rig's gadget
/// uses 0x02 and 0x81, many printers 0x01 and 0x82, some 0x03), so they are always read from the
/// descriptor rather than assumed.
public struct USBPrinterInterface: Equatable, Sendable, CustomStringConvertible {
    public var number: UInt8
    public var alternateSetting: UInt8
    public var bulkOut: UInt8
    /// Nil for a printer that cannot answer (unidirectional): status is then unknown.
    public var bulkIn: UInt8?
    public var bulkInMaxPacketSize: Int

    /// The first printer-class interface with a bulk OUT endpoint. With `acceptVendorClass`
    /// (the device was named by vendor and product id), an interface of another class with a
    /// bulk OUT endpoint also does: some cheap printers report the vendor-specific class.
    public static func choose(from interfaces: [USBInterfaceSetting], acceptVendorClass: Bool) -> USBPrinterInterface? {
        let printers = interfaces.filter { $0.interfaceClass == USBReference.printerClass }
        let candidates = acceptVendorClass ? printers + interfaces.filter { !printers.contains($0) } : printers
        for interface in candidates {
            guard let out = interface.endpoints.first(where: { $0.transferType == .bulk && !$0.isIn }) else { continue }
            let input = interface.endpoints.first { $0.transferType == .bulk && $0.isIn }
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
