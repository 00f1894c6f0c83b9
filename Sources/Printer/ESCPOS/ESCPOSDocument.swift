import Render

/// Turns a laid-out printout into one job's bytes for a receipt printer: initialise, the image
/// in raster bands (with the QR code drawn by the printer where the profile allows it), then a
/// cut, or a feed to the tear bar on printers without a cutter.
public enum ESCPOSDocument {
    /// The job for `layout` on a printer described by `profile`. The bitmap must be exactly the
    /// profile's width, so nothing is cropped or shifted by the printer.
    public static func printout(_ layout: PrintLayout, profile: PrinterProfile) throws(ESCPOSError) -> [UInt8] {
        precondition(
            layout.bitmap.width == profile.printableDots,
            "A \(layout.bitmap.width)-dot printout does not match the \(profile) printer")
        var bytes = ESCPOS.initialize
        var top = 0
        if profile.supportsNativeQR {
            for code in layout.qrCodes.sorted(by: { $0.rect.y < $1.rect.y }) where standsAlone(code, in: layout.bitmap)
            {
                let symbol = code.symbolRect
                bytes += band(of: layout.bitmap, from: top, to: symbol.y, profile: profile)
                bytes += ESCPOS.justify(.center)
                bytes += try ESCPOS.nativeQRCode(
                    code.text, moduleSize: min(code.moduleSize, 16), level: .medium)
                bytes += ESCPOS.justify(.left)
                top = symbol.maxY
            }
        }
        bytes += band(of: layout.bitmap, from: top, to: layout.bitmap.height, profile: profile)
        bytes += profile.hasCutter ? ESCPOS.cut(.partial) : ESCPOS.feed(lines: profile.tearOffFeedLines)
        return bytes
    }

    /// Whether the rows of `code` hold nothing but the code, centred, so the printer can draw it
    /// in their place; a code with text beside it stays in the raster.
    private static func standsAlone(_ code: QRPlacement, in bitmap: Bitmap) -> Bool {
        let rows = Rect(x: 0, y: code.rect.y, width: bitmap.width, height: code.rect.height)
        return bitmap.inkCount(in: rows) == bitmap.inkCount(in: code.rect)
            && abs(code.rect.x + code.rect.width / 2 - bitmap.width / 2) <= 1
    }

    private static func band(of bitmap: Bitmap, from top: Int, to bottom: Int, profile: PrinterProfile) -> [UInt8] {
        guard bottom > top else { return [] }
        let rows = bitmap.cropped(to: Rect(x: 0, y: top, width: bitmap.width, height: bottom - top))
        return ESCPOS.raster(rows, maxBandRows: profile.maxRasterBandRows)
    }
}
