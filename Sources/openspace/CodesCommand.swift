import ArgumentParser
import BoardModel
import Settings

/// `openspace codes`: the texts printed on slot and command labels, for typing into a simulated board.
struct CodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codes", abstract: "Print the slot label and command label codes of a day.")

    @OptionGroup var options: BoardOptions

    @Option(help: "The conference day (1 is the first).")
    var day = 1

    func run() throws {
        let settings = try options.resolved()
        let layout = try settings.loadLayout()
        guard layout.day(day) != nil else {
            throw ValidationError("day \(day) is not in the layout: it has days 1 to \(layout.days.count)")
        }
        for cell in layout.cells(onDay: day) {
            let note = layout.blockReason(for: cell).map { "  (blocked: \($0))" } ?? ""
            print("\(settings.codes.code(for: cell))  \(layout.describe(cell))\(note)")
        }
        for command in ScanCode.Command.allCases {
            print("\(settings.codes.code(for: command))  \(command.caption)")
        }
    }
}
