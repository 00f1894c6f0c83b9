import ArgumentParser
import BoardService
import EPaper
import Foundation
import LinuxIO
import Logging

/// How the board reaches its e-paper panel: the Waveshare HAT's pins, the SPI device, trace mode.
struct PanelOptions: ParsableArguments {
    @Option(
        help:
            "The GPIO chip: a label (pinctrl-bcm2835, pinctrl-bcm2711, pinctrl-rp1) or a /dev/gpiochipN path; found by label when left out."
    )
    var gpioChip: String?

    @Option(help: "The panel's SPI device.")
    var spi = "/dev/spidev0.0"

    @Option(help: "The SPI clock in Hz (4 MHz by default, at most 20 MHz).")
    var spiSpeed = SPIBus.defaultSpeedHz

    @Option(help: "The panel's RST line: a BCM offset or a line name.")
    var pinRst = "17"

    @Option(help: "The panel's DC line: a BCM offset or a line name.")
    var pinDc = "25"

    @Option(help: "The panel's BUSY line: a BCM offset or a line name.")
    var pinBusy = "24"

    @Option(help: "The HAT's PWR line (rev 2.3), or 'none' for a HAT without one.")
    var pinPwr = "18"

    @Option(help: "A buzzer for the accept and reject tones: a BCM offset or a line name (none by default).")
    var pinBuzzer: String?

    @Option(help: "An LED lit with the tones: a BCM offset or a line name (none by default).")
    var pinLed: String?

    @Option(help: "Seconds to wait for the panel's BUSY line before resetting it.")
    var busyTimeout: Double = 10

    @Option(help: "Trace mode: write every GPIO write, SPI transfer and BUSY wait to this file.")
    var trace: String?

    func validate() throws {
        guard busyTimeout > 0 && busyTimeout <= 120 else {
            throw ValidationError("--busy-timeout must be between 0 and 120 seconds, not \(busyTimeout)")
        }
        guard (1...SPIBus.maximumSpeedHz).contains(spiSpeed) else {
            throw ValidationError("--spi-speed must be at most \(SPIBus.maximumSpeedHz) Hz (the panel's limit)")
        }
    }

    static func line(_ text: String) -> GPIOLineID {
        Int(text).map(GPIOLineID.offset) ?? .name(text)
    }

    var pins: PanelWiring.Pins {
        PanelWiring.Pins(
            chip: gpioChip, spiDevice: spi, spiSpeedHz: spiSpeed, reset: Self.line(pinRst),
            dataCommand: Self.line(pinDc), busy: Self.line(pinBusy),
            power: pinPwr.lowercased() == "none" ? nil : Self.line(pinPwr))
    }

    /// The buzzer and LED, when configured (only on real hardware).
    func signals(simulate: Bool) throws -> FeedbackSignals? {
        let wanted = [pinBuzzer, pinLed].compactMap { $0 }
        guard !simulate, !wanted.isEmpty else { return nil }
        do {
            let chip =
                try gpioChip.map { $0.hasPrefix("/") ? try GPIOChip(path: $0) : try GPIOChip(label: $0) }
                ?? GPIOChip.find()
            let lines = try wanted.map {
                try chip.requestOutput(line: Self.line($0), initial: false, consumer: "openspace-feedback")
            }
            return FeedbackSignals(lines: lines)
        } catch {
            throw PanelUnreachable(reason: "the buzzer or LED line: \(error)")
        }
    }

    /// The frame sink for the board: the simulated panel, or the real one on GPIO and SPI.
    func sink(simulate: Bool, clock: BoardClock, record: PNGFrameSink?, logger: Logger) throws -> PanelFrameSink {
        let report: @Sendable (String) -> Void = { logger.error("\($0)") }
        let traceFile: (log: Trace, path: String)? = trace.map { (Trace(), $0) }
        let log = traceFile?.log
        if simulate {
            let emulator = UC8179Emulator()
            let panel = EPaperPanel(driver: PanelWiring.simulated(emulator, trace: log), now: clock.now, report: report)
            return PanelFrameSink(panel: panel, shown: { emulator.displayedFrame() }, record: record, trace: traceFile)
        }
        let driver: WaveshareV2Driver
        do {
            driver = try PanelWiring.hardware(pins, busyTimeout: .milliseconds(Int(busyTimeout * 1000)), trace: log)
        } catch {
            throw PanelUnreachable(reason: "\(error)")
        }
        let panel = EPaperPanel(driver: driver, now: clock.now, report: report)
        return PanelFrameSink(panel: panel, record: record, trace: traceFile)
    }
}

/// The panel's lines or SPI device could not be opened; says so without the usage text.
struct PanelUnreachable: Error, CustomStringConvertible {
    let reason: String
    var description: String {
        "cannot reach the e-paper panel: \(reason)\nWithout a panel attached, run with --simulate."
    }
}
