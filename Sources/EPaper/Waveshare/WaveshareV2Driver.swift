import Foundation
import LinuxIO
import Render
import Synchronization

/// Drives a Waveshare 7.5" V2 e-paper panel (800x480, UC8179 controller) over SPI and GPIO with
/// the vendor's command sequences.
///
/// The reference is Waveshare's RaspberryPi_JetsonNano/c/lib/e-Paper/EPD_7in5_V2.c (V3.0,
/// 2023-12-18), checked against GxEPD2's src/epd/GxEPD2_750_T7.cpp. Every command and parameter
/// byte matches it, except for three deliberate deviations:
///
/// - (a) Partial window end. `EPD_7IN5_V2_Display_Part` sends `x_end / 256, x_end % 256 - 1`,
///   which is 256 too far when the end is a multiple of 256 (an end at 256 goes out as 511).
///   The window is encoded from its inclusive end instead; see `UC8179PartialWindow`.
/// - (b) Both planes in partial mode. The reference writes only NEW (0x13) for the window and
///   relies on OLD (0x10) already holding what the panel shows. That breaks whenever RAM and
///   glass part ways: a refresh cut short by a reset or timeout, deep sleep between updates
///   (`EPaperPanel` sleeps the panel after every refresh, and nothing promises RAM survives it),
///   or another program having drawn on the panel. The differential waveform then drives the
///   wrong transitions, which shows as ghosting that builds up partial after partial. Here OLD
///   gets the previous frame's window and NEW the new frame's, so every partial refresh starts
///   from what the panel actually shows.
/// - (c) Bounded waits. `EPD_WaitUntilIdle` polls BUSY forever. Every wait here ends after
///   `busyTimeout` with `PanelError.busyTimeout`, whose message says what to check.
///
/// Two more things come from GxEPD2 rather than Waveshare's C code: the partial refresh leaves
/// partial mode with Partial Out (0x92) as `GxEPD2_750_T7::refresh(x, y, w, h)` does, and BUSY is
/// waited for by edge instead of the reference's 5 ms polling loop.
///
/// BUSY polarity: the UC8179's BUSY_N is low while the chip works. `EPD_WaitUntilIdle` loops
/// while the pin reads 0, and GxEPD2 builds this panel with `busy_level = LOW`.
///
/// Data polarity (a `Bitmap` sets a bit for black):
/// - Full refresh. The reference sets CDI (0x50) to 0x10 0x07, DDX = 00. Its paint buffer sets a
///   bit for white (GUI_Paint clears the bit for `BLACK`); `EPD_7IN5_V2_Display` sends that buffer
///   as is to OLD (0x10) and inverted to NEW (0x13). So NEW takes a set bit as black: the bitmap
///   goes to NEW as is and, inverted, to OLD. `EPD_7IN5_V2_Clear` (OLD 0xFF, NEW 0x00) is the
///   same rule applied to a white frame.
/// - Partial refresh. The reference switches CDI to 0xA9 0x07, DDX = 01, and sends NEW its paint
///   buffer uninverted (set = white); Waveshare's Python `display_Partial` inverts its set = black
///   buffer for the same reason, and GxEPD2 runs DDX = 01 throughout ("0xFF is white"). So both
///   window planes go out inverted.
///
/// Each command byte goes out with DC low and its parameters with DC high, one SPI write per run
/// of bytes at the same DC level (a whole plane is one write; the SPI layer splits transfers).
/// Operations are serialised: two threads calling at once take turns instead of interleaving
/// their bytes.
public final class WaveshareV2Driver: Sendable {
    /// Panel width in pixels.
    public static let width = WaveshareV2Settings.width
    /// Panel height in pixels.
    public static let height = WaveshareV2Settings.height

    /// How long any BUSY wait may take before it fails.
    public let busyTimeout: Duration

    private let spi: any SPIDevice
    private let dc: any OutputLine
    private let resetLine: any OutputLine
    private let power: (any OutputLine)?
    private let busy: any InputLine
    private let pause: @Sendable (Duration) -> Void
    /// What the controller is set up for; held for a whole operation so operations never interleave.
    private let setup = Mutex(Setup.cleared)
    private let sentBytes = Atomic<Int>(0)

    /// The controller's register state as far as drawing is concerned.
    private enum Setup {
        /// After power-up, a reset, deep sleep or a failed init: nothing may be drawn yet.
        case cleared
        /// Full-refresh waveform, DDX = 00.
        case full
        /// Partial-refresh waveform; `displayPartial` sets its own CDI.
        case partial
    }

    /// - Parameters:
    ///   - power: the HAT's PWR line (rev 2.3 switches the panel's supply with it); nil on HATs
    ///     without one.
    ///   - busyTimeout: the longest any BUSY wait may take; a full refresh takes about 4 s.
    ///   - sleep: how the driver pauses for the reset pulse and before reading BUSY; tests pass a
    ///     function that returns at once.
    public init(
        spi: any SPIDevice, dc: any OutputLine, reset: any OutputLine, power: (any OutputLine)?,
        busy: any InputLine, busyTimeout: Duration = .seconds(10),
        sleep: @escaping @Sendable (Duration) -> Void = WaveshareV2Driver.threadSleep
    ) {
        self.spi = spi
        self.dc = dc
        self.resetLine = reset
        self.power = power
        self.busy = busy
        self.busyTimeout = busyTimeout
        self.pause = sleep
    }

    /// Blocks the calling thread for `duration`; the default way the driver pauses.
    public static func threadSleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// Every byte clocked out on SPI so far: command bytes, parameters and image planes.
    public var bytesSent: Int { sentBytes.load(ordering: .relaxed) }

    // MARK: Power and reset

    /// Switches the panel's supply on through the HAT's PWR line (Waveshare's `DEV_Module_Init`
    /// does the same on rev 2.3 boards); does nothing without one.
    public func powerOn() throws {
        try setup.withLock { _ in try power?.set(true) }
    }

    /// Pulses RST (high, low, high) as `EPD_Reset` does; wakes the chip from deep sleep and
    /// returns its registers to their defaults.
    public func reset() throws {
        try setup.withLock { setup in
            setup = .cleared
            try pulseReset()
        }
    }

    // MARK: Initialisation

    /// Resets and sets the controller up for a standard full refresh (`EPD_7IN5_V2_Init`).
    public func initFull() throws {
        try setup.withLock { setup in
            setup = .cleared
            try pulseReset()
            try send(.powerSetting, WaveshareV2Settings.powerSetting)
            try send(.boosterSoftStart, WaveshareV2Settings.boosterStandard)
            try switchChargePumpsOn(for: "initFull")
            try send(.panelSetting, [WaveshareV2Settings.panelSetting])
            try send(.resolution, WaveshareV2Settings.resolution)
            try send(.dualSPI, [WaveshareV2Settings.singleSPI])
            try send(.vcomAndDataInterval, WaveshareV2Settings.fullRefreshDataInterval)
            try send(.tcon, [WaveshareV2Settings.tcon])
            setup = .full
        }
    }

    /// Resets and sets the controller up for a fast full refresh, the OTP waveform chosen by a
    /// forced temperature (`EPD_7IN5_V2_Init_Fast`).
    public func initFast() throws {
        try setup.withLock { setup in
            setup = .cleared
            try pulseReset()
            try send(.panelSetting, [WaveshareV2Settings.panelSetting])
            try send(.vcomAndDataInterval, WaveshareV2Settings.fullRefreshDataInterval)
            try switchChargePumpsOn(for: "initFast")
            try send(.boosterSoftStart, WaveshareV2Settings.boosterFast)
            try send(.cascadeSetting, [WaveshareV2Settings.useForcedTemperature])
            try send(.forceTemperature, [WaveshareV2Settings.fastWaveformTemperature])
            setup = .full
        }
    }

    /// Resets and sets the controller up for partial refreshes (`EPD_7IN5_V2_Init_Part`).
    public func initPartial() throws {
        try setup.withLock { setup in
            setup = .cleared
            try pulseReset()
            try send(.panelSetting, [WaveshareV2Settings.panelSetting])
            try switchChargePumpsOn(for: "initPartial")
            try send(.cascadeSetting, [WaveshareV2Settings.useForcedTemperature])
            try send(.forceTemperature, [WaveshareV2Settings.partialWaveformTemperature])
            setup = .partial
        }
    }

    // MARK: Drawing

    /// Sends the whole frame to both planes and refreshes the whole panel
    /// (`EPD_7IN5_V2_Display`); needs `initFull()` or `initFast()` first.
    public func displayFull(_ frame: Bitmap) throws {
        try checkSize(of: frame)
        try setup.withLock { setup in
            guard case .full = setup else {
                throw PanelError.notInitialized(operation: "displayFull", needs: "initFull() or initFast()")
            }
            try send(.dataStartTransmission1, frame.bytes.map { ~$0 })
            try send(.dataStartTransmission2, frame.bytes)
            try refresh(for: "a full refresh")
        }
    }

    /// Turns the whole panel white; the same bytes as `EPD_7IN5_V2_Clear` (OLD 0xFF, NEW 0x00).
    public func clear() throws {
        try displayFull(Bitmap(width: Self.width, height: Self.height))
    }

    /// Refreshes only `window` of the panel from `frame`, telling the controller that the panel
    /// shows `previous` there (`EPD_7IN5_V2_Display_Part` with deviations (a) and (b)); needs
    /// `initPartial()` first. The window is widened to whole bytes and clipped to the panel.
    public func displayPartial(_ frame: Bitmap, window: Rect, previous: Bitmap) throws {
        try checkSize(of: frame)
        try checkSize(of: previous)
        let panel = Rect(x: 0, y: 0, width: Self.width, height: Self.height)
        guard let area = window.widenedToByteBoundaries().intersection(panel) else {
            throw PanelError.windowOutsidePanel(window)
        }
        try setup.withLock { setup in
            guard case .partial = setup else {
                throw PanelError.notInitialized(operation: "displayPartial", needs: "initPartial()")
            }
            try send(.vcomAndDataInterval, WaveshareV2Settings.partialRefreshDataInterval)
            try send(.partialIn)
            try send(.partialWindow, UC8179PartialWindow(covering: area).parameters)
            try send(.dataStartTransmission1, Self.windowBytes(of: previous, in: area))
            try send(.dataStartTransmission2, Self.windowBytes(of: frame, in: area))
            try refresh(for: "a partial refresh of \(area)")
            try send(.partialOut)
        }
    }

    /// Powers the charge pumps off and puts the chip into deep sleep (`EPD_7IN5_V2_Sleep`); only
    /// `reset()` (which every init starts with) wakes it. The panel keeps its image without power.
    public func sleep() throws {
        try setup.withLock { setup in
            setup = .cleared
            try send(.vcomAndDataInterval, WaveshareV2Settings.sleepDataInterval)
            try send(.powerOff)
            try waitUntilIdle(during: "power-off (POF) before deep sleep")
            try send(.deepSleep, [UC8179Datasheet.deepSleepCheckCode])
        }
    }

    // MARK: Wire helpers

    private func pulseReset() throws {
        try resetLine.set(true)
        pause(WaveshareV2Settings.resetHighBefore)
        try resetLine.set(false)
        pause(WaveshareV2Settings.resetLow)
        try resetLine.set(true)
        pause(WaveshareV2Settings.resetHighAfter)
    }

    private func switchChargePumpsOn(for operation: String) throws {
        try send(.powerOn)
        pause(WaveshareV2Settings.busySettle)
        try waitUntilIdle(during: "power-on (PON) in \(operation)")
    }

    private func refresh(for purpose: String) throws {
        try send(.displayRefresh)
        pause(WaveshareV2Settings.busySettle)
        try waitUntilIdle(during: "display refresh (DRF) for \(purpose)")
    }

    private func send(_ command: UC8179Command, _ parameters: [UInt8] = []) throws {
        try dc.set(false)
        try write([command.rawValue])
        guard !parameters.isEmpty else { return }
        try dc.set(true)
        try write(parameters)
    }

    private func write(_ bytes: [UInt8]) throws {
        try spi.write(bytes)
        sentBytes.add(bytes.count, ordering: .relaxed)
    }

    private func waitUntilIdle(during operation: String) throws {
        guard try busy.wait(for: UC8179Datasheet.busyIdleLevel, timeout: busyTimeout) else {
            throw PanelError.busyTimeout(operation: operation, waited: busyTimeout)
        }
    }

    private func checkSize(of frame: Bitmap) throws {
        guard frame.width == Self.width, frame.height == Self.height else {
            throw PanelError.frameSize(
                width: frame.width, height: frame.height, expectedWidth: Self.width, expectedHeight: Self.height)
        }
    }

    /// The window's bytes row by row, inverted because partial mode takes a set bit as white.
    private static func windowBytes(of frame: Bitmap, in window: Rect) -> [UInt8] {
        let firstByte = window.x / UC8179Datasheet.pixelsPerByte
        let rowBytes = window.width / UC8179Datasheet.pixelsPerByte
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rowBytes * window.height)
        frame.bytes.withUnsafeBufferPointer { source in
            for y in window.y..<window.maxY {
                let start = y * frame.bytesPerRow + firstByte
                for byte in source[start..<start + rowBytes] { bytes.append(~byte) }
            }
        }
        return bytes
    }
}
