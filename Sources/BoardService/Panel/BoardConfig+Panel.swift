import EPaper
import Foundation
import LinuxIO
import Logging
import Settings

/// The panel and the feedback lines a board's settings describe, opened.
extension BoardConfig {
    /// Opens the GPIO chip the panel's settings name, or finds the Pi's header chip by label.
    /// The panel and the buzzer share it: the board opens it once and passes it to both.
    func openChip() throws -> GPIOChip {
        do {
            guard let name = panel.pins.chip else { return try GPIOChip.find() }
            return try name.hasPrefix("/") ? GPIOChip(path: name) : GPIOChip(label: name)
        } catch {
            throw BoardSetupError(Self.unreachable("\(error)"))
        }
    }

    /// The buzzer and LED on `chip`, when configured.
    func signals(on chip: GPIOChip) throws -> FeedbackSignals? {
        let wanted = [buzzer, led].compactMap { $0 }
        guard !wanted.isEmpty else { return nil }
        do {
            let lines = try wanted.map {
                try chip.requestOutput(line: $0, initial: false, consumer: "openspace-feedback")
            }
            return FeedbackSignals(lines: lines)
        } catch {
            throw BoardSetupError(Self.unreachable("the buzzer or LED line: \(error)"))
        }
    }

    /// The board's panel behind its blocking sink: the Waveshare panel on `chip` and SPI, or the
    /// controller emulator (with the real panel's timing unless `panel.timing: instant`) when the
    /// panel is simulated.
    func openPanel(chip: GPIOChip?, clock: BoardClock, record: PNGFrameSink?, logger: Logger) throws
        -> (sink: PanelFrameSink, emulator: UC8179Emulator?)
    {
        let report: @Sendable (String) -> Void = { logger.error("\($0)") }
        let traceFile: (log: Trace, path: String)? = panel.trace.map { (Trace(), $0) }
        let busyTimeout = Duration.milliseconds(Int(panel.busyTimeout * 1000))
        let driver: WaveshareV2Driver
        var emulator: UC8179Emulator?
        if let chip, panel.model != .simulated {
            do {
                driver = try PanelWiring.hardware(
                    panel.pins, chip: chip, busyTimeout: busyTimeout, trace: traceFile?.log)
            } catch {
                throw BoardSetupError(Self.unreachable("\(error)"))
            }
        } else {
            let simulated = UC8179Emulator(timing: panel.timing == .realistic ? .waveshare7in5V2 : .instant)
            driver = PanelWiring.simulated(simulated, busyTimeout: busyTimeout, trace: traceFile?.log)
            emulator = simulated
        }
        let epaper = EPaperPanel(driver: driver, planner: panel.refresh, now: clock.now, report: report)
        let shown = emulator.map { emulator in { @Sendable in emulator.displayedFrame() } }
        return (PanelFrameSink(panel: epaper, shown: shown, record: record, trace: traceFile), emulator)
    }

    private static func unreachable(_ reason: String) -> String {
        "cannot reach the e-paper panel: \(reason)\n"
            + "Run `openspace doctor` to check the wiring and permissions; without a panel, set panel.model: simulated "
            + "(or run with --simulate)."
    }
}
