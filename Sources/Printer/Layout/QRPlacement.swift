import Render

/// Where a QR code sits on a printout and how it is drawn: whole dots per module and a quiet
/// zone of white modules around it, both needed for reliable scanning.
public struct QRPlacement: Equatable, Sendable {
    /// The encoded text, exactly what a scanner should read.
    public var text: String
    /// The code including its quiet zone.
    public var rect: Rect
    /// Dots (pixels) per module.
    public var moduleSize: Int
    /// Modules per side, without the quiet zone.
    public var modules: Int
    /// White modules on each side (the QR standard, ISO/IEC 18004, asks for 4).
    public var quietZoneModules: Int

    public init(text: String, rect: Rect, moduleSize: Int, modules: Int, quietZoneModules: Int) {
        self.text = text
        self.rect = rect
        self.moduleSize = moduleSize
        self.modules = modules
        self.quietZoneModules = quietZoneModules
    }

    /// The symbol itself, without the quiet zone.
    public var symbolRect: Rect { rect.inset(by: quietZoneModules * moduleSize) }

    /// The standard quiet zone: 4 modules on each side.
    public static let standardQuietZone = 4

    /// The smallest module size (whole dots) that makes `code` at least `minimumSide` dots
    /// across without its quiet zone.
    static func moduleSize(for code: QRCode, minimumSide: Int) -> Int {
        max(1, (minimumSide + code.size - 1) / code.size)
    }

    /// Draws `code` into `bitmap` with its quiet zone, the top-left corner at (`x`, `y`).
    static func draw(
        _ code: QRCode, text: String, moduleSize: Int, into bitmap: inout Bitmap, x: Int, y: Int
    ) -> QRPlacement {
        let image = code.bitmap(moduleSize: moduleSize, quietZone: standardQuietZone)
        bitmap.draw(image, atX: x, y: y)
        return QRPlacement(
            text: text, rect: Rect(x: x, y: y, width: image.width, height: image.height), moduleSize: moduleSize,
            modules: code.size, quietZoneModules: standardQuietZone)
    }
}
