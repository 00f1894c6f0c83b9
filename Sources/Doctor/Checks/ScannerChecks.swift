import BoardService
import Foundation
import Scanner
import Settings

/// The barcode scanner: present and free for the board to take, and (with the scan test) typing
/// the test code as the board reads it.
public struct ScannerChecks: Sendable {
    public let config: BoardConfig
    public let environment: DoctorEnvironment

    public init(config: BoardConfig, environment: DoctorEnvironment) {
        self.config = config
        self.environment = environment
    }

    /// The scanner finding, and whether the scanner can be read (for the scan test).
    public func presence() -> (CheckResult, usable: Bool) {
        guard let selection = config.scanner else {
            return (CheckResult(.info, "scanner", "none configured: scans are read from standard input"), false)
        }
        switch environment.scanners.probe(selection) {
        case .taken(let device):
            return (CheckResult(.ok, "scanner", "\(device): present and free to take"), true)
        case .missing(let reason):
            return (
                CheckResult(
                    .blocking, "scanner", "\(selection) not found: \(reason)",
                    fix: "plug the scanner in (`lsusb` lists it), or set scanner.device to the one present; "
                        + "the board waits for it and reads no scan meanwhile"), false
            )
        case .busy(let reason):
            return (
                CheckResult(
                    .blocking, "scanner", "\(selection) is held by another program: \(reason)",
                    fix: "stop the program holding it (`fuser -v /dev/input/event*` names it; the board service "
                        + "itself: `sudo systemctl stop openspace-board` while the doctor runs)"), false
            )
        case .denied(let reason):
            return (
                CheckResult(
                    .blocking, "scanner", "\(selection) cannot be opened: \(reason)",
                    fix: "install the udev rules with the scanner's vendor:product (udev/README.md) and add the user "
                        + "to the openspace group"), false
            )
        case .failed(let reason):
            return (
                CheckResult(
                    .blocking, "scanner", "\(selection) cannot be read: \(reason)",
                    fix: "check scanner.device (evdev:VID:PID, usb:VID:PID or serial:/dev/ttyACM0)"), false
            )
        }
    }

    /// With `seconds`, reads one scan of the test code from the scanner through the board's own
    /// source and says which keyboard layout it types; without, how to run the test.
    public func keyboard(scanTest seconds: Int?, scannerUsable: Bool) async -> CheckResult {
        guard let selection = config.scanner else {
            return CheckResult(.info, "keyboard", "no scanner configured: nothing to test")
        }
        guard let seconds else {
            return CheckResult(
                .info, "keyboard",
                "not tested: print the test code (`openspace print test-code`), then run "
                    + "`openspace doctor --scan-test 30` and scan it")
        }
        guard scannerUsable else {
            return CheckResult(.info, "keyboard", "not tested: the scanner cannot be read (see above)")
        }
        guard let read = await readOneScan(selection, seconds: seconds) else {
            return CheckResult(
                .warning, "keyboard", "no scan within \(seconds) s",
                fix: "scan the code printed by `openspace print test-code` while the doctor waits; if the scanner "
                    + "beeps and nothing arrives, check scanner.suffix (\(config.scanSuffix))")
        }
        return Self.verdict(read)
    }

    /// The finding for what the scanner typed.
    public static func verdict(_ read: String) -> CheckResult {
        let usFix =
            "scan the scanner's \"USA keyboard\" (US English) setup code from its manual, then run the scan test again"
        switch KeyboardLayoutTest.judge(read) {
        case .matches:
            return CheckResult(.ok, "keyboard", "the test code read as printed: the scanner types as a US keyboard")
        case .lowerCase:
            return CheckResult(
                .blocking, "keyboard", "the scanner types lower case (read \"\(read)\"): the board refuses its codes",
                fix: "scan the scanner's \"original case\" setup code (or turn Caps Lock off on it)")
        case .layout(.german):
            return CheckResult(
                .blocking, "keyboard",
                "the scanner types as a German (QWERTZ) keyboard: read \"\(read)\", y and z swapped",
                fix: usFix)
        case .layout(.french):
            return CheckResult(
                .blocking, "keyboard",
                "the scanner types as a French (AZERTY) keyboard: read \"\(read)\", a/q and w/z swapped",
                fix: usFix)
        case .different:
            return CheckResult(
                .blocking, "keyboard", "read \"\(read)\", not \"\(KeyboardLayoutTest.text)\"",
                fix: usFix + "; check too that it adds no prefix or suffix other than Enter")
        }
    }

    /// One scan from the board's source, or nil when none arrives within `seconds`.
    func readOneScan(_ selection: ScannerSelection, seconds: Int) async -> String? {
        let source = environment.scannerSource(selection)
        defer { source.stop() }
        let events = source.events()
        let say = environment.say
        return await withTaskGroup(of: String?.self) { group in
            group.addTask {
                for await event in events {
                    switch event {
                    case .connected:
                        say("scan the test code now (printed by `openspace print test-code`); waiting \(seconds) s")
                    case .scan(let text):
                        return text
                    case .dropped(let reason):
                        say("scan not read (\(reason)): scan it again")
                    case .disconnected(let reason):
                        say("scanner not connected: \(reason)")
                    }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
