/// Bit-level facts about the UC8179 that the driver and the emulator both rely on, each with the
/// datasheet command or pin it belongs to; the panel-specific values the vendor chose live in
/// `WaveshareV2Settings`.
enum UC8179Datasheet {
    /// Pin BUSY_N: the chip holds it low while it works, so high means idle.
    static let busyIdleLevel = true

    /// Deep Sleep (DSLP, 0x07): the chip only obeys when its parameter is this check code.
    static let deepSleepCheckCode: UInt8 = 0xA5

    /// VCOM and Data Interval Setting (CDI, 0x50), first byte, DDX[0]: data polarity. In black and
    /// white (KW) mode with it clear, a set bit in the NEW plane is black; with it set, white.
    /// The datasheet's table was not at hand; the meaning is read off both references, which
    /// invert the image exactly when they change this bit (see `WaveshareV2Driver`).
    static let dataPolarityBit: UInt8 = 0x01

    /// CDI first byte, N2OCP: after a refresh the chip copies the NEW plane into the OLD one.
    static let copyNewToOldBit: UInt8 = 0x08

    /// Pixels per RAM byte; the first pixel is the most significant bit, as in `Bitmap`.
    static let pixelsPerByte = 8
}
