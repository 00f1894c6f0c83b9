/// What the board needs to know about a receipt printer model: how many dots a line has, what it
/// can do besides raster images, and how to finish a job.
///
/// Widths are the printable area at 203 dpi (8 dots per mm), as escpos-printer-db lists them:
/// 58 mm paper has 48 mm printable (384 dots, e.g. ZJ-5870), 80 mm paper 72 mm (576 dots, e.g.
/// Epson TM-T20II).
public struct PrinterProfile: Hashable, Sendable, CustomStringConvertible {
    /// The name used in configuration files and on the command line ("58mm", "80mm").
    public var name: String
    /// Paper roll width in millimetres.
    public var paperWidthMillimetres: Int
    /// Dots in one printed line: the width every layout renders to.
    public var printableDots: Int
    public var dotsPerMillimetre: Int
    /// Whether the printer draws QR codes itself (`GS ( k`). Off by default: cheap printers lack
    /// it or draw a different version than asked, so the code goes out as part of the raster
    /// image, as python-escpos does unless told otherwise.
    public var supportsNativeQR: Bool
    /// Whether a cutter is fitted; without one the job ends with a feed to the tear bar.
    public var hasCutter: Bool
    /// Rows per `GS v 0` command; see `ESCPOS.safeRasterBandRows`.
    public var maxRasterBandRows: Int
    /// Lines fed after a card on printers without a cutter, so the whole card clears the tear
    /// bar: 4 lines are 15 to 17 mm at the default line spacing (30 dots, or 1/6 inch).
    public var tearOffFeedLines: Int

    public init(
        name: String, paperWidthMillimetres: Int, printableDots: Int, dotsPerMillimetre: Int = 8,
        supportsNativeQR: Bool = false, hasCutter: Bool = false,
        maxRasterBandRows: Int = ESCPOS.safeRasterBandRows, tearOffFeedLines: Int = 4
    ) {
        precondition(printableDots > 0 && dotsPerMillimetre > 0, "A printer profile needs a positive width")
        self.name = name
        self.paperWidthMillimetres = paperWidthMillimetres
        self.printableDots = printableDots
        self.dotsPerMillimetre = dotsPerMillimetre
        self.supportsNativeQR = supportsNativeQR
        self.hasCutter = hasCutter
        self.maxRasterBandRows = maxRasterBandRows
        self.tearOffFeedLines = tearOffFeedLines
    }

    /// 58 mm paper, 384 dots: the cheap USB printers (POS-58, ZJ-5870 and their many names).
    public static let paper58mm = PrinterProfile(name: "58mm", paperWidthMillimetres: 58, printableDots: 384)

    /// 80 mm paper, 576 dots: the common counter printers (Epson TM-T20/T88 class), with a cutter.
    public static let paper80mm = PrinterProfile(
        name: "80mm", paperWidthMillimetres: 80, printableDots: 576, hasCutter: true)

    /// The profiles selectable by name.
    public static let all: [PrinterProfile] = [paper58mm, paper80mm]

    /// The profile called `name` ("58mm", "80mm"), or nil.
    public static func named(_ name: String) -> PrinterProfile? {
        all.first { $0.name == name.lowercased() }
    }

    /// Dots for a length in millimetres, rounded up so a minimum size stays a minimum.
    public func dots(millimetres: Double) -> Int {
        Int((millimetres * Double(dotsPerMillimetre)).rounded(.up))
    }

    public var description: String { "\(name) (\(printableDots) dots at \(dotsPerMillimetre * 254 / 10) dpi)" }
}
