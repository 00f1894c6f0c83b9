import CGPIOD
import Foundation

/// A read-only look at every line of one chip, as gpioinfo prints it, without requesting any:
/// which lines are held and by whom. Used to say who holds a line before the board asks for it.
public enum GPIOLineSurvey {
    /// The lines of the chip at `path`, in offset order.
    public static func lines(ofChipAt path: String) throws -> [GPIOLineInfo] {
        var opened: OpaquePointer?
        let code = osb_gpio_chip_open(path, &opened)
        guard code == 0, let chip = opened else {
            throw GPIOError.openFailed(path: path, code: code, chips: GPIOChipSummary.scan())
        }
        defer { osb_gpio_chip_close(chip) }
        let identity = GPIOError.Chip(
            name: String(cString: osb_gpio_chip_name(chip)), label: String(cString: osb_gpio_chip_label(chip)),
            lineCount: Int(osb_gpio_chip_num_lines(chip)))
        var lines: [GPIOLineInfo] = []
        for offset in 0..<osb_gpio_chip_num_lines(chip) {
            var used: Int32 = 0
            var name = [CChar](repeating: 0, count: 64)
            var consumer = [CChar](repeating: 0, count: 64)
            let code = osb_gpio_chip_line_info(chip, offset, &used, &name, name.count, &consumer, consumer.count)
            guard code == 0 else {
                throw GPIOError.operationFailed("read line info of", line: "GPIO\(offset)", chip: identity, code: code)
            }
            lines.append(
                GPIOLineInfo(offset: Int(offset), name: text(name), used: used != 0, consumer: text(consumer)))
        }
        return lines
    }

    private static func text(_ buffer: [CChar]) -> String? {
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? nil : text
    }
}
