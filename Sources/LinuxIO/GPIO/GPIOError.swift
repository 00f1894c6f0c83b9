import Foundation

/// A GPIO operation that failed: which chip, which line, what the kernel said, and the likely
/// fix, in one sentence a person can act on.
public struct GPIOError: Error, Sendable, CustomStringConvertible {
    /// The errno value behind the failure: ENOENT, EBUSY, EACCES, EINVAL, ...
    public let code: Int32
    /// The chip concerned (`gpiochip0 [pinctrl-bcm2711]`, a path, or the labels searched for).
    public let chip: String
    /// The line concerned (`GPIO24`, `line "DC" (GPIO25)`), nil for chip-level failures.
    public let line: String?
    /// The whole message: what failed, why, and what to do.
    public let message: String

    public var description: String { message }

    static let permissionFix =
        "add the user to the gpio group (sudo usermod -aG gpio $USER, then log in again) or install the udev rule from udev/"

    static func chipNotFound(labels: [String], code: Int32, chips: [GPIOChipSummary]) -> GPIOError {
        let quoted = labels.map { "\"\($0)\"" }
        let wanted =
            quoted.count > 1
            ? quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1] : quoted.joined()
        let message =
            if code == EACCES || code == EPERM {
                "no readable GPIO chip labelled \(wanted); \(found(chips)); \(permissionFix)"
            } else if chips.isEmpty {
                "no GPIO chip labelled \(wanted): \(noChips)"
            } else {
                "no GPIO chip labelled \(wanted); \(found(chips)); "
                    + "pass the label of the chip that carries the header pins (gpiodetect lists them)"
            }
        return GPIOError(code: code, chip: wanted, line: nil, message: message)
    }

    static func openFailed(path: String, code: Int32, chips: [GPIOChipSummary]) -> GPIOError {
        let problem =
            switch code {
            case ENOENT: "it does not exist; " + (chips.isEmpty ? noChips : found(chips))
            case EACCES, EPERM: "permission denied; \(permissionFix)"
            case ENOTTY, ENODEV: "it is not a GPIO chip device; " + (chips.isEmpty ? noChips : found(chips))
            default: reason(code)
            }
        return GPIOError(code: code, chip: path, line: nil, message: "cannot open GPIO chip \(path): \(problem)")
    }

    static func lineNotFound(name: String, chip: Chip, code: Int32) -> GPIOError {
        let problem =
            code == ENOENT
            ? "no line has that name; gpioinfo \(chip.name) lists the names, or give the offset "
                + "(the BCM number on a Raspberry Pi)"
            : reason(code)
        return GPIOError(
            code: code, chip: chip.description, line: "line \"\(name)\"",
            message: "cannot find line \"\(name)\" on \(chip.description): \(problem)")
    }

    /// A refused line request. `holder` is the consumer the kernel names for the line, if any.
    static func requestFailed(
        line: String, offset: Int, chip: Chip, purpose: String, code: Int32, holder: String?
    ) -> GPIOError {
        let heldBy = holder.map { " (consumer \"\($0)\")" } ?? ""
        let problem =
            switch code {
            case EBUSY where offset == 8 || offset == 7:
                "GPIO\(offset) is held by another driver\(heldBy): the SPI driver owns CE\(offset == 8 ? 0 : 1); "
                    + "add dtoverlay=spi0-0cs to /boot/firmware/config.txt and reboot"
            case EBUSY:
                "\(line) is held by another process or driver\(heldBy) (see gpioinfo \(chip.name)); "
                    + "stop that process, or free the line in the device tree"
            case EACCES, EPERM: "permission denied; \(permissionFix)"
            case EINVAL where offset < 0 || offset >= chip.lineCount:
                "\(chip.name) has no line at offset \(offset) (its lines are 0 to \(chip.lineCount - 1))"
            default: reason(code)
            }
        return GPIOError(
            code: code, chip: chip.description, line: line,
            message: "cannot request \(line) on \(chip.description) \(purpose): \(problem)")
    }

    static func operationFailed(_ operation: String, line: String, chip: Chip, code: Int32) -> GPIOError {
        GPIOError(
            code: code, chip: chip.description, line: line,
            message: "cannot \(operation) \(line) on \(chip.description): \(reason(code))")
    }

    /// What messages say about an open chip; a value, so messages can be built without one.
    struct Chip {
        let name: String
        let label: String
        let lineCount: Int
        var description: String { "\(name) [\(label)]" }
    }

    private static let noChips =
        "this machine has no GPIO chips (no /dev/gpiochip* devices); on a Raspberry Pi the kernel creates them at "
        + "boot, in the rig load gpio-sim first"

    private static func found(_ chips: [GPIOChipSummary]) -> String {
        "chips found: " + chips.map(\.description).joined(separator: ", ")
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
