import Foundation

/// An SPI operation that failed: which device, what the kernel said, and the likely fix.
public struct SPIError: Error, Sendable, CustomStringConvertible {
    /// The errno value behind the failure; 0 when a setting was refused before reaching the kernel.
    public let code: Int32
    /// The device path, e.g. `/dev/spidev0.0`.
    public let device: String
    /// The whole message: what failed, why, and what to do.
    public let message: String

    public var description: String { message }

    static func openFailed(device: String, code: Int32) -> SPIError {
        let problem =
            switch code {
            case ENOENT:
                "it does not exist; enable SPI: add dtparam=spi=on to /boot/firmware/config.txt and reboot "
                    + "(ls /dev/spidev* then lists the devices)"
            case EACCES, EPERM:
                "permission denied; add the user to the spi group (sudo usermod -aG spi $USER, then log in again) "
                    + "or install the udev rule from udev/"
            case ENXIO, ENODEV:
                "no SPI device is bound to it; check dtparam=spi=on in /boot/firmware/config.txt and dmesg"
            default: String(cString: strerror(code))
            }
        return SPIError(code: code, device: device, message: "cannot open SPI device \(device): \(problem)")
    }

    static func speedOutOfRange(device: String, speedHz: Int) -> SPIError {
        SPIError(
            code: 0, device: device,
            message: "SPI clock of \(speedHz) Hz for \(device) is out of range: choose 1 Hz to "
                + "\(SPIBus.maximumSpeedHz / 1_000_000) MHz (the default is \(SPIBus.defaultSpeedHz / 1_000_000) MHz)")
    }

    static func settingFailed(device: String, setting: String, code: Int32) -> SPIError {
        let problem =
            code == ENOTTY
            ? "\(device) is not an spidev device (/dev/spidevB.C, B the bus and C the chip select)"
            : "\(String(cString: strerror(code))); the SPI controller refuses it"
        return SPIError(
            code: code, device: device, message: "cannot set \(setting) on SPI device \(device): \(problem)")
    }

    static func transferFailed(device: String, byteCount: Int, bufferSize: Int, code: Int32) -> SPIError {
        let problem =
            code == EMSGSIZE
            ? "spidev's buffer is smaller than the \(bufferSize) bytes expected; "
                + "read \(SpidevBufferSize.parameterPath) and pass its value as the buffer size"
            : String(cString: strerror(code))
        return SPIError(
            code: code, device: device, message: "SPI transfer of \(byteCount) bytes to \(device) failed: \(problem)")
    }
}
