/// The UC8179 panel controller's commands that the Waveshare 7.5" V2 reference sequences use, by
/// their datasheet names (the mnemonic in brackets is the datasheet's register name), so no
/// command byte appears inline anywhere else.
///
/// A command byte is sent with DC low; its parameters follow with DC high.
public enum UC8179Command: UInt8, CaseIterable, Sendable {
    /// Panel Setting (PSR): LUT source, black/white or black/white/red mode, scan directions.
    case panelSetting = 0x00
    /// Power Setting (PWR): which supplies are internal and the gate/source voltage levels.
    case powerSetting = 0x01
    /// Power OFF (POF): turns the charge pumps off after the current frame; BUSY goes low meanwhile.
    case powerOff = 0x02
    /// Power ON (PON): turns the charge pumps on; BUSY stays low until they are up.
    case powerOn = 0x04
    /// Booster Soft Start (BTST): the booster's phase timing and drive strength.
    case boosterSoftStart = 0x06
    /// Deep Sleep (DSLP): needs the check code as its parameter; only a reset pulse wakes the chip.
    case deepSleep = 0x07
    /// Data Start Transmission 1 (DTM1): writes the "OLD" image plane (what the panel shows).
    case dataStartTransmission1 = 0x10
    /// Display Refresh (DRF): drives the panel from the RAM planes; BUSY is low while it runs.
    case displayRefresh = 0x12
    /// Data Start Transmission 2 (DTM2): writes the "NEW" image plane (what the panel should show).
    case dataStartTransmission2 = 0x13
    /// Dual SPI (DUSPI): selects single or dual data lines.
    case dualSPI = 0x15
    /// VCOM and Data Interval Setting (CDI): border level, new-to-old copy and data polarity.
    case vcomAndDataInterval = 0x50
    /// TCON Setting (TCON): non-overlap periods between source and gate switching.
    case tcon = 0x60
    /// Resolution Setting (TRES): source (horizontal) and gate (vertical) pixel counts.
    case resolution = 0x61
    /// Get Status (FLG): a read command; on this write-only wiring the reply is never clocked in.
    case getStatus = 0x71
    /// Partial Window (PTL): HRST, HRED, VRST, VRED and PT_SCAN; see `UC8179PartialWindow`.
    case partialWindow = 0x90
    /// Partial In (PTIN): RAM writes and refreshes apply to the partial window only.
    case partialIn = 0x91
    /// Partial Out (PTOUT): back to whole-panel RAM writes and refreshes.
    case partialOut = 0x92
    /// Cascade Setting (CCSET): among others TSFIX, which makes the chip use the forced temperature.
    case cascadeSetting = 0xE0
    /// Force Temperature (TSSET): the temperature the waveform lookup uses when TSFIX is set.
    case forceTemperature = 0xE5

    /// How many parameter bytes the command takes at most; nil for the image planes, which take
    /// as many bytes as the RAM window holds.
    public var maximumParameterCount: Int? {
        switch self {
        case .dataStartTransmission1, .dataStartTransmission2: nil
        case .powerOff, .powerOn, .displayRefresh, .getStatus, .partialIn, .partialOut: 0
        case .panelSetting, .deepSleep, .dualSPI, .tcon, .cascadeSetting, .forceTemperature: 1
        case .vcomAndDataInterval: 2
        case .boosterSoftStart, .resolution: 4
        case .powerSetting: 5
        case .partialWindow: 9
        }
    }
}
