import CPNG
import Glibc
import LinuxIO

/// Encodes bitmaps as 1-bit grayscale PNG (frames for the web page, the emulator and tests) and
/// reads any PNG back as a bitmap.
///
/// libpng reports errors by `longjmp`, which Swift can neither set up nor survive. So decoding,
/// which sees untrusted bytes, goes through libpng's simplified API (`png_image_*`): it catches
/// its own errors inside libpng and returns a message. Encoding uses the full API for 1-bit
/// output, with every input libpng would reject checked here first, so its error path (an
/// abort with no jump buffer set) is unreachable short of running out of memory.
public enum PNG {
    /// Largest bitmap accepted either way: far beyond any panel or print width, small enough
    /// that a hostile header cannot make a Pi allocate gigabytes.
    public static let maxPixelCount = 4096 * 4096

    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The bitmap as a 1-bit grayscale PNG: white background, ink black.
    public static func encode(_ bitmap: Bitmap) throws(PNGError) -> [UInt8] {
        guard bitmap.width > 0, bitmap.height > 0 else {
            throw .emptyImage(width: bitmap.width, height: bitmap.height)
        }
        guard bitmap.width <= PNG_USER_WIDTH_MAX, bitmap.height <= PNG_USER_HEIGHT_MAX,
            bitmap.width * bitmap.height <= maxPixelCount
        else {
            throw .tooLarge(width: bitmap.width, height: bitmap.height)
        }
        var png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nil, nil, nil)
        var info = png_create_info_struct(png)
        defer { png_destroy_write_struct(&png, &info) }
        guard png != nil, info != nil else { throw .libpngUnavailable }

        var output: [UInt8] = []
        withUnsafeMutablePointer(to: &output) { output in
            png_set_write_fn(png, output, appendToOutput, ignoreFlush)
            png_set_IHDR(
                png, info, png_uint_32(bitmap.width), png_uint_32(bitmap.height), 1,
                PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                PNG_FILTER_TYPE_DEFAULT)
            png_write_info(png, info)
            // In 1-bit grayscale PNG a 0 bit is black, the opposite of a Bitmap's ink bit.
            var row = [UInt8](repeating: 0, count: bitmap.bytesPerRow)
            for y in 0..<bitmap.height {
                let start = y * bitmap.bytesPerRow
                for index in 0..<bitmap.bytesPerRow { row[index] = ~bitmap.bytes[start + index] }
                png_write_row(png, row)
            }
            png_write_end(png, nil)
        }
        return output
    }

    /// Encodes the bitmap and writes it to `path` through a temporary file in the same folder,
    /// renamed into place, so a reader sees either the old frame or the new one, never half.
    public static func write(_ bitmap: Bitmap, to path: String) throws(PNGError) {
        let data = try encode(bitmap)
        do {
            try DurableFile.replace(path, data, mode: 0o644)
        } catch {
            throw .writeFailed(path: error.path, step: error.step, errno: error.errno)
        }
    }

    /// Reads any PNG (any colour type, bit depth, palette, alpha or interlacing) as a bitmap:
    /// transparent pixels are laid on white, then pixels darker than mid grey become ink.
    public static func decode(_ bytes: [UInt8]) throws(PNGError) -> Bitmap {
        guard bytes.starts(with: signature) else { throw .notPNG(byteCount: bytes.count) }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        // libpng reads from this memory until png_image_finish_read, so both calls stay inside.
        let gray = try bytes.withUnsafeBytes { input -> Result<[UInt8], PNGError> in
            guard png_image_begin_read_from_memory(&image, input.baseAddress, input.count) != 0 else {
                return .failure(.malformed(reason: message(of: image)))
            }
            let width = Int(image.width)
            let height = Int(image.height)
            guard width * height <= maxPixelCount else {
                return .failure(.tooLarge(width: width, height: height))
            }
            image.format = png_uint_32(PNG_FORMAT_GRAY)
            var gray = [UInt8](repeating: 255, count: width * height)
            var white = png_color(red: 255, green: 255, blue: 255)
            let finished = gray.withUnsafeMutableBytes { output in
                png_image_finish_read(&image, &white, output.baseAddress, png_int_32(width), nil)
            }
            guard finished != 0 else { return .failure(.malformed(reason: message(of: image))) }
            return .success(gray)
        }.get()
        let width = Int(image.width)
        var bitmap = Bitmap(width: width, height: Int(image.height))
        for (index, level) in gray.enumerated() where level < 128 {
            bitmap[index % width, index / width] = true
        }
        return bitmap
    }

    private static func message(of image: png_image) -> String {
        withUnsafeBytes(of: image.message) { buffer in
            String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

/// libpng's write callback: appends to the `[UInt8]` passed as the I/O pointer.
private func appendToOutput(_ png: png_structp?, _ data: png_bytep?, _ length: Int) {
    guard let png, let data, let output = png_get_io_ptr(png) else { return }
    output.assumingMemoryBound(to: [UInt8].self).pointee
        .append(contentsOf: UnsafeBufferPointer(start: data, count: length))
}

/// libpng's flush callback; given so libpng never falls back to `fflush` on our I/O pointer.
private func ignoreFlush(_ png: png_structp?) {}
