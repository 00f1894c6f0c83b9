/// Every number the Waveshare 7.5" V2 driver sends or waits for, in one place, each with the
/// UC8179 register it fills and the reference it comes from: Waveshare's
/// RaspberryPi_JetsonNano/c/lib/e-Paper/EPD_7in5_V2.c (V3.0, 2023-12-18), checked against GxEPD2's
/// src/epd/GxEPD2_750_T7.cpp (same controller, sold as the GDEW075T7).
enum WaveshareV2Settings {
    // MARK: Geometry

    /// Source lines (columns) of the panel.
    static let width = 800
    /// Gate lines (rows) of the panel.
    static let height = 480
    /// Bytes in one image plane: one bit per pixel.
    static let planeByteCount = width * height / 8

    /// Resolution Setting (TRES, 0x61): HRES[9:8] HRES[7:0] VRES[9:8] VRES[7:0] (`EPD_7IN5_V2_Init`).
    static let resolution: [UInt8] = [UInt8(width >> 8), UInt8(width & 0xFF), UInt8(height >> 8), UInt8(height & 0xFF)]

    // MARK: Registers, as the reference's init functions set them

    /// Power Setting (PWR, 0x01): internal supplies, VGH/VGL = ±20 V, VDH/VDL = ±15 V (`EPD_7IN5_V2_Init`).
    static let powerSetting: [UInt8] = [0x07, 0x07, 0x3F, 0x3F]
    /// Booster Soft Start (BTST, 0x06) for the standard full refresh ("enhanced display drive",
    /// `EPD_7IN5_V2_Init`).
    static let boosterStandard: [UInt8] = [0x17, 0x17, 0x28, 0x17]
    /// Booster Soft Start (BTST, 0x06) for the fast full refresh (`EPD_7IN5_V2_Init_Fast`).
    static let boosterFast: [UInt8] = [0x27, 0x27, 0x18, 0x17]
    /// Panel Setting (PSR, 0x00) = 0x1F: waveforms from OTP, black/white (KW) mode, scan up and
    /// right, booster on, no soft reset (every init function; the reference's comment: "BWOTP 1f").
    static let panelSetting: UInt8 = 0x1F
    /// Dual SPI (DUSPI, 0x15) = 0: one MOSI line, as the HAT is wired (`EPD_7IN5_V2_Init`).
    static let singleSPI: UInt8 = 0x00
    /// TCON Setting (TCON, 0x60) = 0x22: source-to-gate and gate-to-source non-overlap periods
    /// (`EPD_7IN5_V2_Init`).
    static let tcon: UInt8 = 0x22
    /// Cascade Setting (CCSET, 0xE0) = 0x02: TSFIX, take the temperature from Force Temperature
    /// instead of the sensor (`EPD_7IN5_V2_Init_Fast`, `EPD_7IN5_V2_Init_Part`).
    static let useForcedTemperature: UInt8 = 0x02
    /// Force Temperature (TSSET, 0xE5) = 0x5A (90 °C): makes the OTP serve its fast waveform
    /// (`EPD_7IN5_V2_Init_Fast`).
    static let fastWaveformTemperature: UInt8 = 0x5A
    /// Force Temperature (TSSET, 0xE5) = 0x6E (110 °C): makes the OTP serve its partial-refresh
    /// waveform (`EPD_7IN5_V2_Init_Part`).
    static let partialWaveformTemperature: UInt8 = 0x6E

    // MARK: VCOM and Data Interval Setting (CDI, 0x50)

    /// CDI for full refreshes: 0x10 (border level BDV = 01, no new-to-old copy, DDX = 00, so a set
    /// NEW bit is black) and 0x07 (the VCOM/data interval) (`EPD_7IN5_V2_Init`, `_Init_Fast`).
    static let fullRefreshDataInterval: [UInt8] = [0x10, 0x07]
    /// CDI for partial refreshes: 0xA9 (floating border BDZ, N2OCP copies NEW into OLD after the
    /// refresh, DDX = 01, so a set NEW bit is white) and 0x07 (`EPD_7IN5_V2_Display_Part`).
    static let partialRefreshDataInterval: [UInt8] = [0xA9, 0x07]
    /// CDI before power-off: 0xF7, a single byte as the reference sends it, floating the border
    /// so it is not left charged through deep sleep (`EPD_7IN5_V2_Sleep`).
    static let sleepDataInterval: [UInt8] = [0xF7]

    // MARK: Timing

    /// The reset pulse: high, low, high again (`EPD_Reset`: 20 ms, 2 ms, 20 ms).
    static let resetHighBefore: Duration = .milliseconds(20)
    static let resetLow: Duration = .milliseconds(2)
    static let resetHighAfter: Duration = .milliseconds(20)
    /// Pause after Power ON and Display Refresh before BUSY is read: the chip takes a moment to
    /// pull BUSY low, so reading at once would see the idle level of before. The reference waits
    /// 100 ms ("necessary, 200uS at least", `EPD_7IN5_V2_TurnOnDisplay`).
    static let busySettle: Duration = .milliseconds(100)

    /// How long the panel holds BUSY low, as GxEPD2 measured this panel (src/epd/GxEPD2_750_T7.h:
    /// `power_on_time` 140 ms, "e.g. 134460us"; `power_off_time` 42 ms; `full_refresh_time`
    /// 4200 ms, "e.g. 4108238us"; `partial_refresh_time` 1600 ms, "e.g. 1584124us"). The fast
    /// waveform has no measured figure in either reference, so it is taken as the standard one:
    /// an emulated board is never quicker than a real one.
    static let measuredPowerOn: Duration = .milliseconds(140)
    static let measuredPowerOff: Duration = .milliseconds(42)
    static let measuredFullRefresh: Duration = .milliseconds(4200)
    static let measuredPartialRefresh: Duration = .milliseconds(1600)

    // MARK: Wiring (Waveshare e-Paper HAT), for error messages

    /// BCM GPIO of the BUSY line and its header pin.
    static let busyPin = "GPIO24 (header pin 18)"
    /// BCM GPIO of the PWR line that switches the panel's supply on HAT rev 2.3, and its header pin.
    static let powerPin = "GPIO18 (header pin 12)"
}
