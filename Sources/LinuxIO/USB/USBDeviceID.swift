/// A USB device's vendor and product id, written as `lsusb` shows them: `0525:a4a8`.
public struct USBDeviceID: Hashable, Sendable, CustomStringConvertible {
    public var vendor: UInt16
    public var product: UInt16

    public init(vendor: UInt16, product: UInt16) {
        self.vendor = vendor
        self.product = product
    }

    /// Parses `vvvv:pppp` in hexadecimal (an `0x` prefix on either part is allowed).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        func number(_ part: Substring) -> UInt16? {
            let digits = part.hasPrefix("0x") || part.hasPrefix("0X") ? part.dropFirst(2) : part
            guard (1...4).contains(digits.count) else { return nil }
            return UInt16(digits, radix: 16)
        }
        guard let vendor = number(parts[0]), let product = number(parts[1]) else { return nil }
        self.init(vendor: vendor, product: product)
    }

    public var description: String { "\(Self.hex(vendor)):\(Self.hex(product))" }

    private static func hex(_ value: UInt16) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}
