/// One line of a chip as gpioinfo shows it: its offset and name, whether something holds it, and
/// who (a process's consumer name, a driver such as "spi0 CS0", or a hog's name).
public struct GPIOLineInfo: Sendable, Hashable {
    public let offset: Int
    /// The name the device tree or the driver gives the line (`GPIO17`, `SPI_CE0_N`), nil if none.
    public let name: String?
    /// Whether a process or a driver holds the line now.
    public let used: Bool
    /// Who holds it, as the kernel names it; nil when free or unnamed.
    public let consumer: String?

    public init(offset: Int, name: String? = nil, used: Bool = false, consumer: String? = nil) {
        self.offset = offset
        self.name = name
        self.used = used
        self.consumer = consumer
    }
}
