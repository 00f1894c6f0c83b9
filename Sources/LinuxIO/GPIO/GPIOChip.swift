import CGPIOD
import Foundation
import Synchronization

/// An open GPIO chip (`/dev/gpiochipN`), found by its label so the board never depends on the
/// chip's number, from which lines are requested once and held.
///
/// Sendable because the C handle lives in a `Mutex` (see `GPIOHandle`), so libgpiod, which is
/// not thread-safe, is entered by one thread at a time per chip. Lines requested from a chip
/// keep it open, as libgpiod 1.x frees a chip's lines with the chip.
public final class GPIOChip: Sendable, CustomStringConvertible {
    /// The labels of the chip that carries the 40-pin header: Raspberry Pi 5, then 4, then the
    /// older models (and the Zero 2 W).
    public static let raspberryPiHeaderLabels = ["pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835"]

    /// The libgpiod the shim was built against, e.g. `libgpiod 1.6.3 (1.x API)`.
    public static var libraryDescription: String {
        "libgpiod \(String(cString: osb_gpio_library_version())) (\(osb_gpio_api_generation()).x API)"
    }

    /// The device path, e.g. `/dev/gpiochip0`.
    public let path: String
    /// The kernel's name, e.g. `gpiochip0`.
    public let name: String
    /// The label, e.g. `pinctrl-bcm2711`.
    public let label: String
    /// How many lines the chip has.
    public let lineCount: Int

    private let handle: Mutex<GPIOHandle>

    /// `gpiochip0 [pinctrl-bcm2711]`, as gpiodetect names chips.
    public var description: String { identity.description }

    var identity: GPIOError.Chip { GPIOError.Chip(name: name, label: label, lineCount: lineCount) }

    private init(handle: OpaquePointer) {
        path = String(cString: osb_gpio_chip_path(handle))
        name = String(cString: osb_gpio_chip_name(handle))
        label = String(cString: osb_gpio_chip_label(handle))
        lineCount = Int(osb_gpio_chip_num_lines(handle))
        self.handle = Mutex(GPIOHandle(pointer: handle))
    }

    /// Opens the chip at `path`.
    public convenience init(path: String) throws {
        var chip: OpaquePointer?
        let code = osb_gpio_chip_open(path, &chip)
        guard code == 0, let chip else {
            throw GPIOError.openFailed(path: path, code: code, chips: GPIOChipSummary.scan())
        }
        self.init(handle: chip)
    }

    /// Opens the first chip, in /dev order, whose label is `label`.
    public convenience init(label: String) throws {
        var chip: OpaquePointer?
        let code = osb_gpio_chip_open_by_label(label, &chip)
        guard code == 0, let chip else {
            throw GPIOError.chipNotFound(labels: [label], code: code, chips: GPIOChipSummary.scan())
        }
        self.init(handle: chip)
    }

    deinit {
        handle.withLock { osb_gpio_chip_close($0.pointer) }
    }

    /// Opens the chip with the first of `labels` that some chip has; by default the Raspberry
    /// Pi's header chip, whichever model this is.
    public static func find(labels: [String] = raspberryPiHeaderLabels) throws -> GPIOChip {
        var unreadable: Int32?
        for label in labels {
            var chip: OpaquePointer?
            let code = osb_gpio_chip_open_by_label(label, &chip)
            if code == 0, let chip { return GPIOChip(handle: chip) }
            switch code {
            case ENOENT: continue
            case EACCES, EPERM: unreadable = code
            default: throw GPIOError.chipNotFound(labels: [label], code: code, chips: GPIOChipSummary.scan())
            }
        }
        throw GPIOError.chipNotFound(labels: labels, code: unreadable ?? ENOENT, chips: GPIOChipSummary.scan())
    }

    /// The offset of `line` on this chip, looking a name up in the device tree's line names.
    public func offset(of line: GPIOLineID) throws -> Int {
        switch line {
        case .offset(let offset):
            return offset
        case .name(let lineName):
            var offset: UInt32 = 0
            let code = handle.withLock { osb_gpio_chip_find_line($0.pointer, lineName, &offset) }
            guard code == 0 else { throw GPIOError.lineNotFound(name: lineName, chip: identity, code: code) }
            return Int(offset)
        }
    }

    /// Requests `line` as an output driven to `initial` from the moment of the request (so a
    /// reset line never glitches), held by `consumer` until the returned object is released.
    public func requestOutput(line: GPIOLineID, initial: Bool, consumer: String) throws -> GPIOOutput {
        let offset = try offset(of: line)
        let lineHandle = try request(line: line, offset: offset, purpose: "as output for \"\(consumer)\"") {
            chip, target in osb_gpio_request_output(chip, UInt32(offset), consumer, initial ? 1 : 0, &target)
        }
        return GPIOOutput(chip: self, line: Self.name(of: line, offset: offset), handle: lineHandle)
    }

    /// Requests `line` as an input with edge detection on both edges (bias as the board sets it),
    /// held by `consumer` until the returned object is released.
    public func requestInput(line: GPIOLineID, consumer: String) throws -> GPIOInput {
        let offset = try offset(of: line)
        let lineHandle = try request(line: line, offset: offset, purpose: "as input for \"\(consumer)\"") {
            chip, target in osb_gpio_request_input(chip, UInt32(offset), consumer, &target)
        }
        return GPIOInput(chip: self, line: Self.name(of: line, offset: offset), handle: lineHandle)
    }

    private func request(
        line: GPIOLineID, offset: Int, purpose: String,
        _ call: (OpaquePointer, inout OpaquePointer?) -> Int32
    ) throws -> OpaquePointer {
        guard offset >= 0, offset <= Int(UInt32.max) else {
            throw GPIOError.requestFailed(
                line: Self.name(of: line, offset: offset), offset: offset, chip: identity, purpose: purpose,
                code: EINVAL, holder: nil)
        }
        let (code, lineHandle, holder) = handle.withLock { chip -> (Int32, GPIOHandle?, String?) in
            var lineHandle: OpaquePointer?
            let code = call(chip.pointer, &lineHandle)
            let holder = code == EBUSY ? Self.consumer(of: offset, on: chip.pointer) : nil
            return (code, lineHandle.map(GPIOHandle.init(pointer:)), holder)
        }
        guard code == 0, let lineHandle else {
            throw GPIOError.requestFailed(
                line: Self.name(of: line, offset: offset), offset: offset, chip: identity, purpose: purpose,
                code: code, holder: holder)
        }
        return lineHandle.pointer
    }

    /// Who holds a line, as the kernel names it, so a "busy" message can say who to ask.
    private static func consumer(of offset: Int, on chip: OpaquePointer) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        guard osb_gpio_chip_line_consumer(chip, UInt32(offset), &buffer, buffer.count) == 0 else { return nil }
        let consumer = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return consumer.isEmpty ? nil : consumer
    }

    private static func name(of line: GPIOLineID, offset: Int) -> String {
        switch line {
        case .offset: line.description
        case .name: "\(line) (GPIO\(offset))"
        }
    }
}
