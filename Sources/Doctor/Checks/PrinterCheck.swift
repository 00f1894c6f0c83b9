import BoardService
import Printer
import Settings

/// The receipt printer: found, and ready by its own status. Never blocking: the board keeps cards
/// in its print queue and prints them when the printer is back.
public struct PrinterCheck: Sendable {
    public let config: BoardConfig
    public let environment: DoctorEnvironment

    public init(config: BoardConfig, environment: DoctorEnvironment) {
        self.config = config
        self.environment = environment
    }

    static let queued = "the board keeps cards queued and prints them when it is back"

    public func run() -> CheckResult {
        guard let selection = config.printer else {
            return CheckResult(.info, "printer", "none configured: cards are not printed at the board")
        }
        let transport: any PrinterTransport
        do {
            transport = try environment.openPrinter(selection)
        } catch let error as PrinterTransportError {
            return unreachable(selection, error)
        } catch {
            return CheckResult(
                .warning, "printer", "\(selection): \(error); \(Self.queued)", fix: "check printer.device")
        }
        let status: PrinterStatus
        do {
            status = try PrinterStatus.query(transport, timeout: .milliseconds(500))
        } catch {
            return CheckResult(
                .warning, "printer", "\(transport.name) found, but its status could not be asked: \(error)",
                fix: "switch the printer off and on, and check its cable")
        }
        guard status.isKnown else {
            return CheckResult(
                .ok, "printer", "\(transport.name) found; it gives no status (\(status)), so it prints without one")
        }
        let problems = status.problems
        guard !problems.isEmpty else { return CheckResult(.ok, "printer", "\(transport.name) ready") }
        var fixes: [String] = []
        if status.paperOut { fixes.append("load a paper roll") }
        if status.coverOpen { fixes.append("close the cover") }
        if status.error {
            fixes.append("clear the error (a jam at the cutter: open, clear, close; else switch it off and on)")
        }
        if status.offline && !status.paperOut && !status.coverOpen && !status.error {
            fixes.append("put it on-line (its ON LINE / FEED button, or switch it off and on)")
        }
        if status.paperNearEnd && !status.paperOut { fixes.append("have a new paper roll ready") }
        let waits = status.isReady ? "" : "; \(Self.queued)"
        return CheckResult(
            .warning, "printer", "\(transport.name): \(problems.joined(separator: ", "))\(waits)",
            fix: fixes.joined(separator: "; "))
    }

    private func unreachable(_ selection: PrinterSelection, _ error: PrinterTransportError) -> CheckResult {
        let fix: String =
            switch error.kind {
            case .notFound, .disconnected:
                "plug the printer in and switch it on (`lsusb` lists it), or set printer.device to the one present"
            case .busy:
                "stop the program using it (the board service prints from its queue: "
                    + "`sudo systemctl stop openspace-board` while the doctor runs)"
            case .permissionDenied:
                "install the udev rules with the printer's vendor:product (udev/README.md) and add the user to the "
                    + "openspace group"
            case .timedOut, .failed:
                "switch the printer off and on, and check its cable or network"
            }
        return CheckResult(.warning, "printer", "\(selection): \(error.message); \(Self.queued)", fix: fix)
    }
}
