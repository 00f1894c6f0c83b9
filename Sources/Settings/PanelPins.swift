import LinuxIO

/// The Waveshare HAT's lines (BCM numbering) and the SPI device.
public struct PanelPins: Sendable {
    public var chip: String?
    public var spiDevice: String
    public var spiSpeedHz: Int
    public var reset: GPIOLineID
    public var dataCommand: GPIOLineID
    public var busy: GPIOLineID
    /// The HAT's power switch (rev 2.3); nil for panels without one.
    public var power: GPIOLineID?

    public init(
        chip: String? = nil, spiDevice: String = "/dev/spidev0.0", spiSpeedHz: Int = SPIBus.defaultSpeedHz,
        reset: GPIOLineID = .offset(17), dataCommand: GPIOLineID = .offset(25), busy: GPIOLineID = .offset(24),
        power: GPIOLineID? = .offset(18)
    ) {
        self.chip = chip
        self.spiDevice = spiDevice
        self.spiSpeedHz = spiSpeedHz
        self.reset = reset
        self.dataCommand = dataCommand
        self.busy = busy
        self.power = power
    }
}
