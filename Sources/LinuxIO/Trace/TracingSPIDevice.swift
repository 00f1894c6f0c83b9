/// An SPI device that records every write in a `Trace`, as a command or data by the DC level the
/// trace holds at that moment: `spi cmd 12`, `spi data 3 bytes: 07 07 3f`. Writes longer than
/// 16 bytes show their first 8 bytes and a CRC-32 of all of them.
public struct TracingSPIDevice: SPIDevice {
    private let device: any SPIDevice
    private let trace: Trace

    /// Wraps `device`; the DC line's `TracingOutputLine` must record into the same `trace`.
    public init(_ device: any SPIDevice, trace: Trace) {
        self.device = device
        self.trace = trace
    }

    public func write(_ bytes: [UInt8]) throws {
        let entry = TraceFormat.transfer(bytes, dataCommandLevel: trace.dataCommandLevel)
        do {
            try device.write(bytes)
        } catch {
            trace.record("\(entry) failed: \(error)")
            throw error
        }
        trace.record(entry)
    }
}
