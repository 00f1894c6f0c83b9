import ArgumentParser
import BoardService
import Printer
import Render
import Scanner

/// Which receipt printer prints the cards, and what paper it has.
struct PrinterOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The card printer: usb, usb:VID:PID (libusb), /dev/usb/lp0 (usblp) or tcp:HOST[:PORT] (raw port 9100).",
            valueName: "printer"))
    var printer: String?

    @Option(help: "The printer's paper: 58mm (384 dots) or 80mm (576 dots, with a cutter).")
    var printerProfile = "58mm"

    func selection() throws -> PrinterSelection? {
        do {
            return try printer.map { try PrinterSelection($0) }
        } catch {
            throw ValidationError("--printer: \(error)")
        }
    }

    func profile() throws -> PrinterProfile {
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

/// Which barcode scanner the board reads, and how its keys become scans.
struct ScannerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The scanner: evdev:VID:PID, evdev:/dev/input/by-id/…, evdev:NAME, usb:VID:PID (libusb) or serial:/dev/ttyACM0; without it scans are read from standard input or --input.",
            valueName: "scanner"))
    var scanner: String?

    @Option(help: "The key the scanner sends after each code: enter, tab or none (a pause ends the scan).")
    var scanSuffix = "enter"

    func selection() throws -> ScannerSelection? {
        do {
            return try scanner.map { try ScannerSelection($0) }
        } catch {
            throw ValidationError("--scanner: \(error)")
        }
    }

    func rules() throws -> ScanRules {
        let suffix: ScanSuffix =
            switch scanSuffix.lowercased() {
            case "enter": .enter
            case "tab": .tab
            case "none": .none
            default: throw ValidationError("--scan-suffix '\(scanSuffix)' is not a suffix: write enter, tab or none")
            }
        return ScanRules(suffix: suffix)
    }

    func validate() throws {
        _ = try selection()
        _ = try rules()
    }
}
