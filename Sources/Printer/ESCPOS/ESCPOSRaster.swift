import Render

/// Reads the printed image back out of ESC/POS bytes: the `GS v 0` bands stacked top to bottom,
/// as the paper would show them. Tests and the rig use it to check what reached the printer.
public enum ESCPOSRaster {
    /// The raster bands of `bytes` stacked into one bitmap as wide as the widest band; other
    /// commands (initialise, feeds, cuts, status requests, text) are read and left out.
    /// Nil when the stream holds no raster image.
    public static func decode(_ bytes: [UInt8]) throws(ESCPOSError) -> Bitmap? {
        let bands = try ESCPOSCommand.parse(bytes).compactMap { command -> Bitmap? in
            if case .raster(let band) = command { return band }
            return nil
        }
        guard let width = bands.map(\.width).max() else { return nil }
        var image = Bitmap(width: width, height: bands.reduce(0) { $0 + $1.height })
        var top = 0
        for band in bands {
            image.draw(band, atX: 0, y: top)
            top += band.height
        }
        return image
    }
}
