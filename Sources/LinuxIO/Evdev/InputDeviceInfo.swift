/// An input device as sysfs describes it: its node, name and USB IDs, for matching and messages.
public struct InputDeviceInfo: Sendable, Equatable, CustomStringConvertible {
    /// The device node, e.g. `/dev/input/event3`, or the path it was asked for by.
    public var path: String
    public var name: String?
    public var vendor: UInt16?
    public var product: UInt16?
    /// Whether the device has letter, digit and Enter keys, as a keyboard-wedge scanner does; nil
    /// when sysfs does not say. A scanner's extra nodes (consumer or system control) have none.
    public var typesText: Bool?

    public init(
        path: String, name: String? = nil, vendor: UInt16? = nil, product: UInt16? = nil, typesText: Bool? = nil
    ) {
        self.path = path
        self.name = name
        self.vendor = vendor
        self.product = product
        self.typesText = typesText
    }

    public var description: String {
        var parts = [path]
        if let vendor, let product { parts.append(USBDeviceID(vendor: vendor, product: product).description) }
        if let name { parts.append("\"\(name)\"") }
        return parts.joined(separator: " ")
    }
}
