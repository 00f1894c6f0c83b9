/// A scanner the board reads: evdev, libusb HID or serial, each reconnecting on its own.
public protocol ScannerSource: Sendable {
    /// Starts reading and returns what the scanner does. Call it once per source; the stream
    /// ends after `stop()` or when its consumer stops listening.
    func events() -> AsyncStream<ScannerEvent>
    /// Stops reading, releases the device, and ends the stream within a fraction of a second.
    func stop()
}
