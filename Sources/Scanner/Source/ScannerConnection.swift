/// One open scanner, read on its source's reading thread until it goes away or the source stops.
///
/// Closing happens on deinit, so a connection is released on every path out of the read loop.
protocol ScannerConnection: AnyObject {
    /// Which device is read, for the `connected` event and logs.
    var description: String { get }
    /// Reads, passing scans and drops to `emit`, until `shouldStop` returns true or the device
    /// goes away. Must check `shouldStop` at least every `ScannerReadLoop.longestWait`.
    func read(until shouldStop: () -> Bool, emit: (ScannerEvent) -> Void) -> ScannerReadEnd
}

/// Why a connection's read returned.
enum ScannerReadEnd: Equatable {
    case stopped
    /// The device went away or failed; the text says how.
    case lost(String)
}
