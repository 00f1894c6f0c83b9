/// The ESC/POS bytes and limits the encoder, the decoder and the status parser rely on, each with
/// the command it belongs to and where the value comes from.
///
/// Sources: Epson's ESC/POS command reference ("ESC/POS Application Programming Guide" Ver. 10.01:
/// DLE EOT around p. 304, GS V on p. 373) and the TM-T88III specification (GS v 0); the same bit
/// tables in the Bixolon SRP-350 and Citizen CT-S2000 manuals; python-escpos (`constants.py`,
/// `escpos.py`) for the GS ( k framing and its paper status masks; escpos-printer-db profiles for
/// paper widths.
enum ESCPOSReference {
    // MARK: Framing bytes

    static let escape: UInt8 = 0x1B
    static let groupSeparator: UInt8 = 0x1D
    static let dataLinkEscape: UInt8 = 0x10
    static let endOfTransmission: UInt8 = 0x04
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    // MARK: ESC @ (initialize printer): clears the buffer and resets every mode to its default.

    static let initialize: [UInt8] = [escape, 0x40]

    // MARK: ESC d n (print and feed n lines), 0 ≤ n ≤ 255.

    static let feedLines: [UInt8] = [escape, 0x64]

    // MARK: ESC a n (select justification): 0 left, 1 centre, 2 right; also applies to GS v 0.

    static let justify: [UInt8] = [escape, 0x61]

    // MARK: GS v 0 m xL xH yL yH d1...dk (print raster bit image)

    static let rasterImage: [UInt8] = [groupSeparator, 0x76, 0x30]
    /// m = 0 (or 48): normal density in both directions, one data bit per printer dot.
    static let rasterNormalDensity: UInt8 = 0
    /// The ASCII-digit alias of normal density that some senders use (m = 48).
    static let rasterNormalDensityDigit: UInt8 = 0x30
    /// xL + xH × 256 counts bytes per row; Epson allows xH up to 255.
    static let rasterMaxBytesPerRow = 0xFFFF
    /// Rows in one GS v 0 command that every printer met so far accepts: yH = 0.
    ///
    /// The limit is model-dependent: Epson's TM-T88III takes yH ≤ 8 (2303 rows), other printers
    /// yH ≤ 15 (4095 rows), a TM-T88V owner found images cut at about 1654 rows (its buffer),
    /// python-escpos splits at 960 rows, and users of cheap printers report garbage as soon as
    /// yH > 0 (DantSu's Android ESC/POS library caps images at 256 rows for that reason). Bands
    /// of 255 rows cost 8 header bytes each and follow one another without a gap (after GS v 0
    /// the paper has advanced by the image height only), so the cheap limit is the default; a
    /// profile may raise it.
    static let safeRasterBandRows = 255

    // MARK: GS V (select cut mode and cut paper)

    static let cut: [UInt8] = [groupSeparator, 0x56]
    /// GS V m with m = 0: full cut at the current position.
    static let cutFull: UInt8 = 0
    /// GS V m with m = 1: partial cut (one point left uncut).
    static let cutPartial: UInt8 = 1
    /// The ASCII-digit aliases of the two (m = 48, 49), which other senders use.
    static let cutFullDigit: UInt8 = 0x30
    static let cutPartialDigit: UInt8 = 0x31
    /// GS V m n with m = 65: feed to the cutting position plus n vertical motion units, full cut.
    static let cutFullAfterFeed: UInt8 = 65
    /// GS V m n with m = 66: the same with a partial cut. Printers without a cutter only feed.
    static let cutPartialAfterFeed: UInt8 = 66

    // MARK: DLE EOT n (real-time status transmission): one status byte comes back at once.

    static let statusRequest: [UInt8] = [dataLinkEscape, endOfTransmission]
    /// Bits 1 and 4 are fixed to 1, bits 0 and 7 to 0 in every reply; this mask and value check
    /// that a byte is a status reply and not something else left in the input buffer.
    static let statusFixedBitsMask: UInt8 = 0b1001_0011
    static let statusFixedBitsValue: UInt8 = 0b0001_0010
    /// n = 1 (printer status), bit 3: off-line.
    static let printerOfflineBit: UInt8 = 0x08
    /// n = 2 (off-line cause), bit 2: cover open.
    static let offlineCoverOpenBit: UInt8 = 0x04
    /// n = 2, bit 5: printing stopped at a paper end.
    static let offlinePaperEndStopBit: UInt8 = 0x20
    /// n = 2, bit 6: an error occurred (the cause is in n = 3).
    static let offlineErrorBit: UInt8 = 0x40
    /// n = 3 (error cause), bit 3: autocutter error (a paper jam; recoverable with DLE ENQ).
    static let errorAutocutterBit: UInt8 = 0x08
    /// n = 3, bit 5: unrecoverable error (a circuit failure).
    static let errorUnrecoverableBit: UInt8 = 0x20
    /// n = 3, bit 6: automatically recoverable error (print head too hot, cover opened mid-print).
    static let errorAutoRecoverableBit: UInt8 = 0x40
    /// n = 4 (roll paper sensor), bits 2 and 3: the near-end sensor sees little paper left.
    static let paperNearEndBits: UInt8 = 0x0C
    /// n = 4, bits 5 and 6: the paper end sensor sees no paper.
    static let paperEndBits: UInt8 = 0x60

    // MARK: GS ( k pL pH cn fn ... (2D symbols), cn = 49 selects QR Code.

    static let twoDimensionalSymbol: [UInt8] = [groupSeparator, 0x28, 0x6B]
    static let qrSymbolType: UInt8 = 0x31
    /// fn 65 (select model), n1 = 50: model 2; n2 = 0.
    static let qrSelectModel: UInt8 = 0x41
    static let qrModel2: UInt8 = 0x32
    /// fn 67 (module size in dots), 1 ≤ n ≤ 16.
    static let qrModuleSize: UInt8 = 0x43
    static let qrModuleSizeRange = 1...16
    /// fn 69 (error correction level), n = 48 + level (L 48, M 49, Q 50, H 51).
    static let qrErrorCorrection: UInt8 = 0x45
    static let qrErrorCorrectionLow: UInt8 = 0x30
    /// fn 80 (store data), m = 48; pL pH count the data plus cn, fn and m.
    static let qrStoreData: UInt8 = 0x50
    /// fn 81 (print the stored symbol), m = 48.
    static let qrPrint: UInt8 = 0x51
    static let qrFunctionArgument: UInt8 = 0x30
    /// fn 80 accepts at most 7089 data bytes (4 ≤ pL + pH × 256 ≤ 7092).
    static let qrMaxDataBytes = 7089
}
