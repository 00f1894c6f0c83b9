import ArgumentParser
import BoardService
import EPaper
import Foundation
import LinuxIO
import Logging
import Settings

/// Command-line overrides of the panel's settings (`panel.*` and `feedback.*` in board.yaml).
struct PanelOptions: ParsableArguments {
    @Option(
        help:
            "The GPIO chip: a label (pinctrl-bcm2835, pinctrl-bcm2711, pinctrl-rp1) or a /dev/gpiochipN path; found by label when left out (panel.gpio_chip)."
    )
    var gpioChip: String?

    @Option(help: "The panel's SPI device (panel.spi_device; default /dev/spidev0.0).")
    var spi: String?

    @Option(help: "The SPI clock in Hz (panel.spi_speed; 4 MHz by default, at most 20 MHz).")
    var spiSpeed: Int?

    @Option(help: "The panel's RST line: a BCM offset or a line name (panel.pins.rst; default 17).")
    var pinRst: String?

    @Option(help: "The panel's DC line: a BCM offset or a line name (panel.pins.dc; default 25).")
    var pinDc: String?

    @Option(help: "The panel's BUSY line: a BCM offset or a line name (panel.pins.busy; default 24).")
    var pinBusy: String?

    @Option(help: "The HAT's PWR line (rev 2.3), or 'none' for a HAT without one (panel.pins.pwr; default 18).")
    var pinPwr: String?

    @Option(help: "A buzzer for the accept and reject tones: a BCM offset or a line name (feedback.buzzer).")
    var pinBuzzer: String?

    @Option(help: "An LED lit with the tones: a BCM offset or a line name (feedback.led).")
    var pinLed: String?

    @Option(help: "Seconds to wait for the panel's BUSY line before resetting it (panel.busy_timeout; default 10).")
    var busyTimeout: Double?

    @Option(help: "Trace mode: write every GPIO write, SPI transfer and BUSY wait to this file (panel.trace).")
    var trace: String?

    var overrides: [(key: String, value: String?, option: String)] {
        [
            ("panel.gpio_chip", gpioChip, "--gpio-chip"), ("panel.spi_device", spi, "--spi"),
            ("panel.spi_speed", spiSpeed.map(String.init), "--spi-speed"), ("panel.pins.rst", pinRst, "--pin-rst"),
            ("panel.pins.dc", pinDc, "--pin-dc"), ("panel.pins.busy", pinBusy, "--pin-busy"),
            ("panel.pins.pwr", pinPwr, "--pin-pwr"), ("feedback.buzzer", pinBuzzer, "--pin-buzzer"),
            ("feedback.led", pinLed, "--pin-led"),
            ("panel.busy_timeout", busyTimeout.map { "\($0)" }, "--busy-timeout"),
            ("panel.trace", trace, "--trace"),
        ]
    }
}

extension BoardConfig {
    /// Opens the GPIO chip the panel's settings name, or finds the Pi's header chip by label.
    func openChip() throws -> GPIOChip {
        guard let name = panel.pins.chip else { return try GPIOChip.find() }
        return try name.hasPrefix("/") ? GPIOChip(path: name) : GPIOChip(label: name)
    }

    /// The buzzer and LED, when configured (only on real hardware).
    func signals() throws -> FeedbackSignals? {
        let wanted = [buzzer, led].compactMap { $0 }
        guard panel.model != .simulated, !wanted.isEmpty else { return nil }
        do {
            let chip = try openChip()
            let lines = try wanted.map {
                try chip.requestOutput(line: $0, initial: false, consumer: "openspace-feedback")
            }
            return FeedbackSignals(lines: lines)
        } catch {
            throw PanelUnreachable(reason: "the buzzer or LED line: \(error)")
        }
    }

    /// The frame sink for the board: the simulated panel, or the real one on GPIO and SPI.
    func sink(clock: BoardClock, record: PNGFrameSink?, logger: Logger) throws -> PanelFrameSink {
        let report: @Sendable (String) -> Void = { logger.error("\($0)") }
        let traceFile: (log: Trace, path: String)? = panel.trace.map { (Trace(), $0) }
        let log = traceFile?.log
        if panel.model == .simulated {
            let emulator = UC8179Emulator()
            let driver = PanelWiring.simulated(emulator, trace: log)
            let epaper = EPaperPanel(driver: driver, planner: panel.refresh, now: clock.now, report: report)
            return PanelFrameSink(panel: epaper, shown: { emulator.displayedFrame() }, record: record, trace: traceFile)
        }
        let driver: WaveshareV2Driver
        do {
            driver = try PanelWiring.hardware(
                panel.pins, busyTimeout: .milliseconds(Int(panel.busyTimeout * 1000)), trace: log)
        } catch {
            throw PanelUnreachable(reason: "\(error)")
        }
        let epaper = EPaperPanel(driver: driver, planner: panel.refresh, now: clock.now, report: report)
        return PanelFrameSink(panel: epaper, record: record, trace: traceFile)
    }
}

/// The panel's lines or SPI device could not be opened; says so without the usage text.
struct PanelUnreachable: Error, CustomStringConvertible {
    let reason: String
    var description: String {
        "cannot reach the e-paper panel: \(reason)\n"
            + "Run `openspace doctor` to check the wiring and permissions; without a panel, set panel.model: simulated "
            + "(or run with --simulate)."
    }
}
