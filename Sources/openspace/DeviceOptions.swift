import ArgumentParser
import BoardService
import Printer
import Render
import Scanner
import Settings

/// Which receipt printer prints the cards, and what paper it has (`printer.*` in board.yaml).
struct PrinterOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The card printer: usb, usb:VID:PID (libusb), /dev/usb/lp0 (usblp) or tcp:HOST[:PORT] (raw port 9100).",
            valueName: "printer"))
    var printer: String?

    @Option(help: "The printer's paper: 58mm (384 dots, the default) or 80mm (576 dots, with a cutter).")
    var printerProfile: String?

    var overrides: [(key: String, value: String?, option: String)] {
        [("printer.device", printer, "--printer"), ("printer.paper", printerProfile, "--printer-profile")]
    }

    func selection() throws -> PrinterSelection? {
        do {
            return try printer.map { try PrinterSelection($0) }
        } catch {
            throw ValidationError("--printer: \(error)")
        }
    }

    func profile() throws -> PrinterProfile {
        guard let printerProfile else { return .paper58mm }
        guard let profile = PrinterProfile.named(printerProfile) else {
            let names = PrinterProfile.all.map(\.name).joined(separator: " or ")
            throw ValidationError("--printer-profile '\(printerProfile)' is not a printer profile: write \(names)")
        }
        return profile
    }

    func validate() throws {
        _ = try selection()
        _ = try profile()
    }
}

/// Which barcode scanner the board reads, and how its keys become scans (`scanner.*` in board.yaml).
struct ScannerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The scanner: evdev:VID:PID, evdev:/dev/input/by-id/…, evdev:NAME, usb:VID:PID (libusb) or serial:/dev/ttyACM0; without one, scans are read from standard input or --input.",
            valueName: "scanner"))
    var scanner: String?

    @Option(
        help: "The key the scanner sends after each code: enter (the default), tab or none (a pause ends the scan).")
    var scanSuffix: String?

    var overrides: [(key: String, value: String?, option: String)] {
        [("scanner.device", scanner, "--scanner"), ("scanner.suffix", scanSuffix, "--scan-suffix")]
    }
}
