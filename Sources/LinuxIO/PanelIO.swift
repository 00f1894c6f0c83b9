/// A GPIO line the board drives: reset, data/command, power, a buzzer or LED.
public protocol OutputLine: Sendable {
    /// Sets the line's level; `true` is high (active-high, as the panel's datasheet names levels).
    func set(_ high: Bool) throws
}

/// A GPIO line the board reads: the panel's BUSY, a button.
public protocol InputLine: Sendable {
    /// The line's level now.
    func read() throws -> Bool
    /// Waits until the line is at `level`, by edge events (never a sleep loop). Returns at once if
    /// it already is; returns false when `timeout` passes first.
    func wait(for level: Bool, timeout: Duration) throws -> Bool
}

/// An SPI device the board writes to (the panel only listens: MOSI, no MISO needed).
public protocol SPIDevice: Sendable {
    /// Sends bytes in as many transfers as the device's buffer size needs, in order.
    func write(_ bytes: [UInt8]) throws
}
