/// What a scanner source reports: scans, dropped input, and the scanner coming and going.
public enum ScannerEvent: Sendable, Equatable {
    /// A complete scan, without its suffix.
    case scan(String)
    /// Input that was not a good scan, and why.
    case dropped(ScanDropReason)
    /// The scanner was opened and is read; the text says which device.
    case connected(String)
    /// The scanner went away or cannot be opened; the text says why and what to do. The source
    /// keeps looking for it.
    case disconnected(String)
}
