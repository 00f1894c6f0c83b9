import CGPIOD
import Foundation

/// One GPIO chip device found under /dev: what `gpiodetect` would print for it, or why it could
/// not be opened. Error messages list these so a person sees which chips exist.
public struct GPIOChipSummary: Sendable, Hashable, CustomStringConvertible {
    /// The device path, e.g. `/dev/gpiochip0`.
    public let path: String
    /// The chip's label (`pinctrl-bcm2711`), nil when it could not be opened.
    public let label: String?
    /// How many lines the chip has, nil when it could not be opened.
    public let lineCount: Int?
    /// Why the chip could not be opened (`Permission denied`), nil when it could.
    public let problem: String?

    /// `gpiochip0 [pinctrl-bcm2711] (54 lines)`, or `gpiochip4 (cannot open: Permission denied)`.
    public var description: String {
        let name = (path as NSString).lastPathComponent
        if let label, let lineCount { return "\(name) [\(label)] (\(lineCount) lines)" }
        return "\(name) (cannot open: \(problem ?? "unknown error"))"
    }

    /// Every `/dev/gpiochipN` in number order, each opened briefly to read its label.
    public static func scan(directory: String = "/dev") -> [GPIOChipSummary] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let numbered: [(Int, String)] = entries.compactMap { entry in
            guard entry.hasPrefix("gpiochip"), let number = Int(entry.dropFirst("gpiochip".count)) else { return nil }
            return (number, entry)
        }
        return numbered.sorted { $0.0 < $1.0 }.map { summarize(path: directory + "/" + $0.1) }
    }

    private static func summarize(path: String) -> GPIOChipSummary {
        var chip: OpaquePointer?
        let code = osb_gpio_chip_open(path, &chip)
        guard code == 0, let chip else {
            return GPIOChipSummary(path: path, label: nil, lineCount: nil, problem: String(cString: strerror(code)))
        }
        defer { osb_gpio_chip_close(chip) }
        return GPIOChipSummary(
            path: path, label: String(cString: osb_gpio_chip_label(chip)),
            lineCount: Int(osb_gpio_chip_num_lines(chip)), problem: nil)
    }
}
