import LinuxIO

/// One GPIO chip device as gpiodetect lists it, or why it could not be opened.
public struct ChipListing: Sendable, Equatable, CustomStringConvertible {
    /// The device path as the board names it (`/dev/gpiochip0`).
    public var path: String
    public var label: String?
    public var lineCount: Int?
    /// Why it could not be opened (`Permission denied`), nil when it could.
    public var problem: String?

    public init(path: String, label: String?, lineCount: Int?, problem: String? = nil) {
        self.path = path
        self.label = label
        self.lineCount = lineCount
        self.problem = problem
    }

    public var name: String { path.split(separator: "/").last.map(String.init) ?? path }

    /// `gpiochip0 [pinctrl-bcm2711] (54 lines)`, or `gpiochip4 (cannot open: Permission denied)`.
    public var description: String {
        if let label, let lineCount { return "\(name) [\(label)] (\(lineCount) lines)" }
        return "\(name) (cannot open: \(problem ?? "unknown error"))"
    }
}

/// What the doctor asks of the GPIO chips: which there are, and the state of a chip's lines.
public protocol GPIOInspecting: Sendable {
    /// Every /dev/gpiochipN in number order.
    func chips() -> [ChipListing]
    /// The lines of the chip at `path` (as the board names it), as gpioinfo shows them.
    func lines(ofChipAt path: String) throws -> [GPIOLineInfo]
}

/// The chips of the running system, through libgpiod.
public struct SystemGPIO: GPIOInspecting {
    public let root: SystemRoot

    public init(root: SystemRoot = .system) {
        self.root = root
    }

    public func chips() -> [ChipListing] {
        GPIOChipSummary.scan(directory: root.resolve("/dev")).map { summary in
            ChipListing(
                path: "/dev/" + (summary.path.split(separator: "/").last.map(String.init) ?? summary.path),
                label: summary.label, lineCount: summary.lineCount, problem: summary.problem)
        }
    }

    public func lines(ofChipAt path: String) throws -> [GPIOLineInfo] {
        try GPIOLineSurvey.lines(ofChipAt: root.resolve(path))
    }
}
