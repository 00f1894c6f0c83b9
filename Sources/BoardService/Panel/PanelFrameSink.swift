import EPaper
import Foundation
import LinuxIO
import Metrics
import Render
import Settings
import Synchronization

/// Shows frames on the e-paper panel through its driver, and keeps a PNG record if asked.
///
/// The same sink serves the Pi's real panel and the simulated one: only the wiring differs
/// (`PanelWiring.hardware` or `PanelWiring.simulated`), so the simulated board sends the real
/// driver's byte stream.
public final class PanelFrameSink: FrameSink {
    public let panel: EPaperPanel
    /// The image the glass shows after each refresh, when it can be known (the emulator's).
    private let shown: (@Sendable () -> Bitmap)?
    private let record: PNGFrameSink?
    /// Trace mode: the panel traffic so far, rewritten to a file after each frame.
    private let trace: (log: Trace, path: String)?
    /// The panel's counters as last reported to swift-metrics (whichever backend the process set).
    private let reported = Mutex((full: 0, partial: 0, busyTimeouts: 0))
    private let fullRefreshes = Counter(label: "openspace_panel_refreshes_total", dimensions: [("kind", "full")])
    private let partialRefreshes = Counter(label: "openspace_panel_refreshes_total", dimensions: [("kind", "partial")])
    private let busyTimeouts = Counter(label: "openspace_panel_busy_timeouts_total")

    public init(
        panel: EPaperPanel, shown: (@Sendable () -> Bitmap)? = nil, record: PNGFrameSink? = nil,
        trace: (log: Trace, path: String)? = nil
    ) {
        self.panel = panel
        self.shown = shown
        self.record = record
        self.trace = trace
    }

    public func show(_ frame: Bitmap, fullRefresh: Bool) throws {
        defer {
            try? trace.map { try $0.log.write(to: $0.path) }
            reportCounters()
        }
        let decision = try panel.show(frame, force: fullRefresh)
        if case .nothing = decision { return }
        // The record holds what the glass shows where that is known, else the frame sent to it.
        try record?.show(shown?() ?? frame, fullRefresh: fullRefresh)
    }
}

extension PanelFrameSink {
    /// Adds what the panel did since the last report, including refreshes and timeouts of a
    /// `show` that failed.
    private func reportCounters() {
        let now = (full: panel.fullRefreshes, partial: panel.partialRefreshes, busyTimeouts: panel.busyTimeouts)
        let before = reported.withLock { last in
            defer { last = now }
            return last
        }
        if now.full > before.full { fullRefreshes.increment(by: Int64(now.full - before.full)) }
        if now.partial > before.partial { partialRefreshes.increment(by: Int64(now.partial - before.partial)) }
        if now.busyTimeouts > before.busyTimeouts {
            busyTimeouts.increment(by: Int64(now.busyTimeouts - before.busyTimeouts))
        }
    }
}

/// How the panel driver reaches its panel: GPIO and SPI on a Pi, or the controller emulator.
public enum PanelWiring {
    /// Requests the panel's lines on `chip` and opens the SPI device, optionally recording all
    /// traffic into `trace`.
    public static func hardware(_ pins: PanelPins, chip: GPIOChip, busyTimeout: Duration, trace: Trace?) throws
        -> WaveshareV2Driver
    {
        let consumer = "openspace-panel"
        let reset = try chip.requestOutput(line: pins.reset, initial: true, consumer: consumer)
        let dataCommand = try chip.requestOutput(line: pins.dataCommand, initial: false, consumer: consumer)
        let busy = try chip.requestInput(line: pins.busy, consumer: consumer)
        let power = try pins.power.map {
            try chip.requestOutput(line: $0, initial: false, consumer: consumer)
        }
        let spi = try SPIBus(path: pins.spiDevice, speedHz: pins.spiSpeedHz)
        return driver(
            spi: spi, dataCommand: dataCommand, reset: reset, power: power, busy: busy, busyTimeout: busyTimeout,
            trace: trace, sleep: WaveshareV2Driver.threadSleep)
    }

    /// The driver wired to a controller emulator. With the emulator's instant timing the driver's
    /// pauses (reset pulse, BUSY settling) are skipped too, so tests run at full speed; with the
    /// real panel's timing they are real, as on a Pi.
    public static func simulated(
        _ emulator: UC8179Emulator, busyTimeout: Duration = .seconds(10), trace: Trace? = nil
    ) -> WaveshareV2Driver {
        let instant: Bool = emulator.timing == UC8179Timing.instant
        let pause: @Sendable (Duration) -> Void
        if instant {
            pause = { _ in }
        } else {
            pause = WaveshareV2Driver.threadSleep
        }
        return driver(
            spi: emulator.spi, dataCommand: emulator.dc, reset: emulator.reset, power: emulator.power,
            busy: emulator.busy, busyTimeout: busyTimeout, trace: trace, sleep: pause)
    }

    /// The driver on these seams, each wrapped in its tracing decorator in trace mode.
    private static func driver(
        spi: any SPIDevice, dataCommand: any OutputLine, reset: any OutputLine, power: (any OutputLine)?,
        busy: any InputLine, busyTimeout: Duration, trace: Trace?, sleep: @escaping @Sendable (Duration) -> Void
    ) -> WaveshareV2Driver {
        guard let trace else {
            return WaveshareV2Driver(
                spi: spi, dc: dataCommand, reset: reset, power: power, busy: busy, busyTimeout: busyTimeout,
                sleep: sleep)
        }
        return WaveshareV2Driver(
            spi: TracingSPIDevice(spi, trace: trace),
            dc: TracingOutputLine(dataCommand, name: "DC", trace: trace, isDataCommand: true),
            reset: TracingOutputLine(reset, name: "RST", trace: trace),
            power: power.map { TracingOutputLine($0, name: "PWR", trace: trace) },
            busy: TracingInputLine(busy, name: "BUSY", trace: trace), busyTimeout: busyTimeout, sleep: sleep)
    }
}
