import Foundation

/// The largest transfer spidev accepts in one ioctl: its `bufsiz` module parameter. A longer
/// transfer fails with EMSGSIZE, so writes are cut to this size.
public enum SpidevBufferSize {
    /// Where the kernel publishes the parameter (present whenever spidev is loaded or built in).
    public static let parameterPath = "/sys/module/spidev/parameters/bufsiz"

    /// spidev's own default (`bufsiz = 4096` in drivers/spi/spidev.c), used when the parameter
    /// cannot be read.
    public static let kernelDefault = 4096

    /// The size in a parameter file's text (a decimal number and a newline), nil unless positive.
    public static func parse(_ text: String) -> Int? {
        guard let size = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), size > 0 else { return nil }
        return size
    }

    /// The running kernel's buffer size, or `kernelDefault` when the file is absent or unreadable.
    public static func current(path: String = parameterPath) -> Int {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return kernelDefault }
        return parse(text) ?? kernelDefault
    }
}
