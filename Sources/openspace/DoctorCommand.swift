import ArgumentParser
import BoardService
import Doctor
import Foundation
import Logging
import Settings

/// `openspace doctor`: checks what the board service needs and says how to fix what is wrong.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the board's hardware, permissions and settings, each problem with its fix.",
        discussion:
            "Checks, with the settings the board service would use (the same --config, environment and options): "
            + "SPI (dtparam=spi=on), the GPIO chip and the panel's lines (a line the SPI driver holds as a chip select "
            + "needs dtoverlay=spi0-0cs), access to the chip and the SPI device, spidev's buffer size, the scanner "
            + "(present, free to take), its keyboard layout (--scan-test), the printer and its status, the hub "
            + "(reachable, the board enrolled), the clock and the journal's disk. Exits with status 1 when something "
            + "keeps the service from working, else 0 (warnings included).")

    @OptionGroup var options: BoardOptions

    @OptionGroup var panel: PanelOptions

    @OptionGroup var scanner: ScannerOptions

    @OptionGroup var printer: PrinterOptions

    @OptionGroup var sync: SyncOptions

    @Option(
        name: .customLong("scan-test"),
        help: ArgumentHelp(
            "Wait this many seconds for a scan of the code `openspace print test-code` prints, and tell the scanner's keyboard layout from it.",
            valueName: "seconds"))
    var scanTest: Int?

    @Flag(help: "Print the findings as JSON.")
    var json = false

    func validate() throws {
        if let scanTest, !(1...600).contains(scanTest) {
            throw ValidationError("--scan-test must be between 1 and 600 seconds")
        }
    }

    func run() async throws {
        let settings: BoardConfig
        do {
            settings = try options.resolved(panel.overrides + scanner.overrides + printer.overrides + sync.overrides)
        } catch let error as ConfigError {
            try show(DoctorReport([ConfigCheck.refused(error)]))
            throw ExitCode(1)
        }
        let quiet = Logger(label: "openspace.doctor") { _ in SwiftLogNoOpLogHandler() }
        let rules = settings.scanRules
        let json = self.json
        let environment = DoctorEnvironment.system(
            scannerSource: { $0.source(rules: rules, logger: quiet) },
            say: { text in
                let handle = json ? FileHandle.standardError : FileHandle.standardOutput
                handle.write(Data((text + "\n").utf8))
            })
        let report = await Doctor(
            config: settings, configFile: options.config, environment: environment, scanTest: scanTest
        ).run()
        try show(report)
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }

    private func show(_ report: DoctorReport) throws {
        FileHandle.standardOutput.write(Data((json ? try report.json() : report.text).utf8))
    }
}
