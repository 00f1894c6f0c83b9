import ArgumentParser
import BoardService
import Doctor
import Foundation
import Printer
import Render
import Settings

extension PrintCommand {
    /// `openspace print test-code`
    struct TestCode: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test-code",
            abstract: "Print the scanner test code that `openspace doctor --scan-test` reads.",
            discussion: """
                Its QR code holds \(KeyboardLayoutTest.text), which a scanner set to a German or French
                keyboard layout types differently from a US one. Prints on the board's printer (printer.device,
                or --printer), or with --output writes scanner-test.png (the raster as printed) and
                scanner-test.escpos.
                """)

        @OptionGroup var options: BoardOptions

        @OptionGroup var printer: PrinterOptions

        @Option(help: "Write the card into this folder instead of printing it.")
        var output: String?

        func run() throws {
            let settings = try options.resolved(printer.overrides)
            let layout = try ScannerTestCardLayout(profile: settings.paper, renderer: try TextRenderer())
                .layout(KeyboardLayoutTest.text)
            let bytes = try ESCPOSDocument.printout(layout, profile: settings.paper)
            if let output {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                let base = "\(output)/scanner-test"
                try Data(bytes).write(to: URL(fileURLWithPath: base + ".escpos"))
                try Data(try PNG.encode(layout.bitmap)).write(to: URL(fileURLWithPath: base + ".png"))
                print("\(KeyboardLayoutTest.text)  \(base).png")
                return
            }
            guard let selection = settings.printer else {
                throw ValidationError("no printer: give --printer, set printer.device, or write files with --output")
            }
            let transport = try selection.open()
            let status = try PrinterStatus.query(transport, timeout: .milliseconds(500))
            guard status.isReady else {
                throw PrintRefused(message: "\(transport.name) is not ready: \(status); the test code was not printed")
            }
            try transport.write(bytes)
            print(
                "\(KeyboardLayoutTest.text)  printed on \(transport.name): scan it with `openspace doctor --scan-test 30`"
            )
        }
    }
}
