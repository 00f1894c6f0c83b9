import Render

/// Encodes the few ESC/POS commands the board prints with: everything a card needs is one raster
/// image, so the encoder stays independent of the printer's fonts and code pages.
public enum ESCPOS {
    /// How the paper is cut after a job.
    public enum Cut: Sendable, Equatable {
        /// Cut through completely.
        case full
        /// Leave one point uncut, so the card stays on the roll until torn off.
        case partial
    }

    /// Horizontal placement of what follows (raster images and native QR codes alike).
    public enum Justification: UInt8, Sendable {
        case left = 0
        case center = 1
        case right = 2
    }

    /// Rows per `GS v 0` command that cheap printers accept (yH = 0); see `ESCPOSReference`.
    public static let safeRasterBandRows = ESCPOSReference.safeRasterBandRows

    /// `ESC @`: clears the printer's buffer and resets its modes, so a job never inherits a
    /// half-sent command from an interrupted one.
    public static let initialize: [UInt8] = ESCPOSReference.initialize

    /// `GS v 0` commands printing `bitmap` at normal density, one bitmap bit per dot, top to
    /// bottom in bands of at most `maxBandRows` rows. The bitmap's packing (MSB first, a set bit
    /// printed, rows padded to whole bytes) is the command's data format, so rows go out as is.
    public static func raster(_ bitmap: Bitmap, maxBandRows: Int = safeRasterBandRows) -> [UInt8] {
        precondition(maxBandRows > 0 && maxBandRows <= 0xFFFF, "Raster band height \(maxBandRows) is not 1...65535")
        precondition(
            bitmap.bytesPerRow <= ESCPOSReference.rasterMaxBytesPerRow,
            "A \(bitmap.width)-dot row is wider than GS v 0 can describe")
        guard bitmap.width > 0, bitmap.height > 0 else { return [] }
        var bytes: [UInt8] = []
        let bandCount = (bitmap.height + maxBandRows - 1) / maxBandRows
        bytes.reserveCapacity(bitmap.bytes.count + bandCount * 8)
        var top = 0
        while top < bitmap.height {
            let rows = min(maxBandRows, bitmap.height - top)
            bytes += ESCPOSReference.rasterImage
            bytes.append(ESCPOSReference.rasterNormalDensity)
            bytes += littleEndian(bitmap.bytesPerRow)
            bytes += littleEndian(rows)
            bytes += bitmap.bytes[(top * bitmap.bytesPerRow)..<((top + rows) * bitmap.bytesPerRow)]
            top += rows
        }
        return bytes
    }

    /// `ESC d n`: prints what is buffered and feeds `lines` lines (0...255) of the current spacing.
    public static func feed(lines: Int) -> [UInt8] {
        precondition((0...255).contains(lines), "ESC d feeds 0...255 lines, not \(lines)")
        return ESCPOSReference.feedLines + [UInt8(lines)]
    }

    /// `ESC a n`: justification of the images and codes that follow.
    public static func justify(_ justification: Justification) -> [UInt8] {
        ESCPOSReference.justify + [justification.rawValue]
    }

    /// `GS V`: with `feedToCutter` (`GS V 65/66 n`), feeds the last printed line past the cutter
    /// plus `extraFeed` vertical motion units, then cuts; a printer without a cutter only feeds,
    /// which brings the card to its tear bar. Without it (`GS V 0/1`), cuts where the paper is.
    public static func cut(_ cut: Cut, feedToCutter: Bool = true, extraFeed: UInt8 = 0) -> [UInt8] {
        if feedToCutter {
            let mode = cut == .full ? ESCPOSReference.cutFullAfterFeed : ESCPOSReference.cutPartialAfterFeed
            return ESCPOSReference.cut + [mode, extraFeed]
        }
        return ESCPOSReference.cut + [cut == .full ? ESCPOSReference.cutFull : ESCPOSReference.cutPartial]
    }

    /// `DLE EOT n`: asks for one status byte, answered at once even while the printer is busy
    /// or off-line.
    public static func statusRequest(_ request: StatusRequest) -> [UInt8] {
        ESCPOSReference.statusRequest + [request.rawValue]
    }

    /// The `GS ( k` sequence printing `text` as a QR code drawn by the printer itself: model 2,
    /// `moduleSize` dots per module (1...16), the error correction `level`, store, print. Only
    /// for printers whose profile says they support it; the others get the code as a raster.
    public static func nativeQRCode(_ text: String, moduleSize: Int, level: QRCode.Level)
        throws(ESCPOSError) -> [UInt8]
    {
        let data = Array(text.utf8)
        guard !data.isEmpty, data.count <= ESCPOSReference.qrMaxDataBytes else {
            throw .qrDataSize(byteCount: data.count, maximum: ESCPOSReference.qrMaxDataBytes)
        }
        guard ESCPOSReference.qrModuleSizeRange.contains(moduleSize) else {
            throw .qrModuleSize(moduleSize, allowed: ESCPOSReference.qrModuleSizeRange)
        }
        let levelOffset: UInt8 =
            switch level {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        return qrFunction(ESCPOSReference.qrSelectModel, [ESCPOSReference.qrModel2, 0])
            + qrFunction(ESCPOSReference.qrModuleSize, [UInt8(moduleSize)])
            + qrFunction(ESCPOSReference.qrErrorCorrection, [ESCPOSReference.qrErrorCorrectionLow + levelOffset])
            + qrFunction(ESCPOSReference.qrStoreData, [ESCPOSReference.qrFunctionArgument] + data)
            + qrFunction(ESCPOSReference.qrPrint, [ESCPOSReference.qrFunctionArgument])
    }

    /// `GS ( k pL pH cn fn parameters`: pL pH count cn, fn and the parameters.
    private static func qrFunction(_ function: UInt8, _ parameters: [UInt8]) -> [UInt8] {
        ESCPOSReference.twoDimensionalSymbol + littleEndian(parameters.count + 2)
            + [ESCPOSReference.qrSymbolType, function] + parameters
    }

    /// The low and high bytes of a 16-bit count, as every ESC/POS length is sent.
    static func littleEndian(_ value: Int) -> [UInt8] {
        precondition((0...0xFFFF).contains(value), "\(value) does not fit an ESC/POS 16-bit count")
        return [UInt8(value & 0xFF), UInt8(value >> 8)]
    }
}
