import CGPIOD
import Foundation
import Synchronization

/// An spidev device (`/dev/spidevB.C`) opened once and set to mode 0, 8-bit words and a fixed
/// clock; each write goes out in transfers no longer than spidev's buffer, in order.
public final class SPIBus: SPIDevice, CustomStringConvertible {
    /// The clock used unless another is asked for: well within what the panel's controller takes.
    public static let defaultSpeedHz = 4_000_000
    /// The fastest clock accepted; a faster one is refused instead of left to the controller.
    public static let maximumSpeedHz = 20_000_000

    /// SPI mode 0: clock idles low, data sampled on the rising edge (CPOL 0, CPHA 0).
    static let mode: UInt8 = 0
    static let bitsPerWord: UInt8 = 8

    /// The device path, e.g. `/dev/spidev0.0`.
    public let path: String
    /// The clock rate of every transfer, in Hz.
    public let speedHz: Int
    /// The longest single transfer, in bytes.
    public let bufferSize: Int

    private let descriptor: Int32
    /// Held for a whole write, so the transfers of two writes never interleave.
    private let writing = Mutex(())

    public var description: String { "\(path) at \(speedHz) Hz" }

    /// Opens and configures `path`. `bufferSize` defaults to the running kernel's spidev `bufsiz`.
    public init(
        path: String, speedHz: Int = SPIBus.defaultSpeedHz, bufferSize: Int = SpidevBufferSize.current()
    ) throws {
        guard (1...Self.maximumSpeedHz).contains(speedHz) else {
            throw SPIError.speedOutOfRange(device: path, speedHz: speedHz)
        }
        precondition(bufferSize > 0, "spidev's buffer size is always positive")
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw SPIError.openFailed(device: path, code: errno) }
        do {
            var mode = Self.mode
            var bits = Self.bitsPerWord
            var speed = UInt32(speedHz)
            try Self.set("mode 0 (SPI_IOC_WR_MODE)", osb_spi_ioc_wr_mode(), &mode, on: descriptor, path: path)
            try Self.set(
                "8 bits per word (SPI_IOC_WR_BITS_PER_WORD)", osb_spi_ioc_wr_bits_per_word(), &bits,
                on: descriptor, path: path)
            try Self.set(
                "\(speedHz) Hz (SPI_IOC_WR_MAX_SPEED_HZ)", osb_spi_ioc_wr_max_speed_hz(), &speed,
                on: descriptor, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        self.path = path
        self.speedHz = speedHz
        self.bufferSize = bufferSize
        self.descriptor = descriptor
    }

    /// Opens `/dev/spidev<bus>.<chipSelect>`.
    public convenience init(bus: Int = 0, chipSelect: Int = 0, speedHz: Int = SPIBus.defaultSpeedHz) throws {
        try self.init(path: "/dev/spidev\(bus).\(chipSelect)", speedHz: speedHz)
    }

    deinit {
        close(descriptor)
    }

    public func write(_ bytes: [UInt8]) throws {
        try writing.withLock { _ in
            try bytes.withUnsafeBufferPointer { buffer in
                for range in SPITransferPlan.ranges(byteCount: buffer.count, bufferSize: bufferSize) {
                    try transfer(UnsafeBufferPointer(rebasing: buffer[range]))
                }
            }
        }
    }

    private static func set<Value: BitwiseCopyable>(
        _ setting: String, _ request: UInt, _ value: inout Value, on descriptor: Int32, path: String
    ) throws {
        guard ioctl(descriptor, request, &value) >= 0 else {
            throw SPIError.settingFailed(device: path, setting: setting, code: errno)
        }
    }

    /// One SPI_IOC_MESSAGE(1): transmit only (rx_buf 0 discards what the panel shifts back).
    private func transfer(_ chunk: UnsafeBufferPointer<UInt8>) throws {
        guard let base = chunk.baseAddress else { return }
        var message = spi_ioc_transfer()
        message.tx_buf = UInt64(UInt(bitPattern: base))
        message.len = UInt32(chunk.count)
        message.speed_hz = UInt32(speedHz)
        message.bits_per_word = Self.bitsPerWord
        var result: Int32
        repeat {
            result = ioctl(descriptor, osb_spi_ioc_message_1(), &message)
        } while result < 0 && errno == EINTR
        guard result >= 0 else {
            throw SPIError.transferFailed(device: path, byteCount: chunk.count, bufferSize: bufferSize, code: errno)
        }
    }
}
