/// A scanner the board reads: evdev, libusb HID or serial, each reconnecting on its own.
public protocol ScannerSource: Sendable {
    /// Starts reading and returns what the scanner does. Call it once per source; the stream
    /// ends after `stop()` or when its consumer stops listening.
    func events() -> AsyncStream<ScannerEvent>
    /// Stops reading, releases the device, and ends the stream within a fraction of a second.
    func stop()
    /// False while the reading thread has been stuck in one call (an open, a read) for longer
    /// than `longest`; a scanner that is absent or unplugged is looked for, which is progress.
    func isResponsive(longest: Duration) -> Bool
}
