/// A way to reach a printer: bytes out, real-time status bytes back. Implementations: libusb
/// (`USBPrinterTransport`), the kernel's usblp (`DevicePrinterTransport`) and raw TCP
/// (`NetworkPrinterTransport`); fakes in tests.
public protocol PrinterTransport: Sendable {
    /// The printer as a person would find it: "USB 0525:a4a8", "/dev/usb/lp0", "10.0.0.5:9100".
    var name: String { get }

    /// Sends all of `bytes` in order, or throws saying how far it got and what to check.
    func write(_ bytes: [UInt8]) throws

    /// Sends a real-time status request (`DLE EOT n`) and returns the reply: up to
    /// `replyLength` bytes, or none when nothing came back within `timeout`. Bytes left over
    /// from before the request (late replies, answers to status-like bytes inside image data)
    /// are discarded first, so the reply belongs to this request.
    func readStatus(_ request: [UInt8], replyLength: Int, timeout: Duration) throws -> [UInt8]
}
