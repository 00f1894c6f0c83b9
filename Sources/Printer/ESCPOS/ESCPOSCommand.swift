import Render

/// One command read back from an ESC/POS byte stream: what a printer (or the rig's USB printer
/// gadget) received, so tests can check what would come out on paper.
public enum ESCPOSCommand: Equatable, Sendable {
    case initialize
    /// A `GS v 0` band at normal density.
    case raster(Bitmap)
    case feed(lines: Int)
    case justify(UInt8)
    /// `GS V`: the mode byte and, for the feeding modes, the extra feed.
    case cut(mode: UInt8, extraFeed: UInt8?)
    /// `DLE EOT n`.
    case statusRequest(UInt8)
    /// One `GS ( k` function for QR codes: fn and its parameters.
    case qrFunction(function: UInt8, parameters: [UInt8])
    /// Printable text, line feeds and carriage returns, as sent.
    case text([UInt8])

    /// Splits `bytes` into commands. Only the commands the board's encoder writes are known
    /// (plus plain text); anything else is refused with its offset rather than skipped, since
    /// a skipped command would shift everything after it.
    public static func parse(_ bytes: [UInt8]) throws(ESCPOSError) -> [ESCPOSCommand] {
        var reader = Reader(bytes: bytes)
        var commands: [ESCPOSCommand] = []
        while !reader.isAtEnd {
            commands.append(try reader.next())
        }
        return commands
    }

    /// A cursor over the stream that reads one command at a time.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset >= bytes.count }

        mutating func next() throws(ESCPOSError) -> ESCPOSCommand {
            let start = offset
            let first = bytes[offset]
            switch first {
            case ESCPOSReference.escape:
                let command = try take(2, "ESC", start)
                switch command[1] {
                case ESCPOSReference.initialize[1]: return .initialize
                case ESCPOSReference.feedLines[1]: return .feed(lines: Int(try take(1, "ESC d", start)[0]))
                case ESCPOSReference.justify[1]: return .justify(try take(1, "ESC a", start)[0])
                default: throw unknown(at: start)
                }
            case ESCPOSReference.groupSeparator:
                let command = try take(2, "GS", start)
                switch command[1] {
                case ESCPOSReference.rasterImage[1]: return try raster(start)
                case ESCPOSReference.cut[1]: return try cut(start)
                case ESCPOSReference.twoDimensionalSymbol[1]: return try symbol(start)
                default: throw unknown(at: start)
                }
            case ESCPOSReference.dataLinkEscape:
                let command = try take(3, "DLE", start)
                guard command[1] == ESCPOSReference.endOfTransmission else { throw unknown(at: start) }
                return .statusRequest(command[2])
            default:
                guard Self.isText(first) else { throw unknown(at: start) }
                while offset < bytes.count, Self.isText(bytes[offset]) { offset += 1 }
                return .text(Array(bytes[start..<offset]))
            }
        }

        /// Printable ASCII (space to tilde) and the line controls a text line ends with.
        static func isText(_ byte: UInt8) -> Bool {
            (UInt8(ascii: " ")...UInt8(ascii: "~")).contains(byte) || byte == ESCPOSReference.lineFeed
                || byte == ESCPOSReference.carriageReturn
        }

        mutating func raster(_ start: Int) throws(ESCPOSError) -> ESCPOSCommand {
            let header = try take(6, "GS v 0", start)
            guard header[0] == ESCPOSReference.rasterImage[2] else { throw unknown(at: start) }
            let mode = header[1]
            guard mode == ESCPOSReference.rasterNormalDensity || mode == ESCPOSReference.rasterNormalDensityDigit
            else { throw .unsupportedRasterMode(mode, offset: start) }
            let bytesPerRow = Int(header[2]) | Int(header[3]) << 8
            let rows = Int(header[4]) | Int(header[5]) << 8
            let data = try take(bytesPerRow * rows, "GS v 0 image data", start)
            guard bytesPerRow > 0, rows > 0,
                let bitmap = Bitmap(width: bytesPerRow * 8, height: rows, packedRows: data)
            else { throw unknown(at: start) }
            return .raster(bitmap)
        }

        mutating func cut(_ start: Int) throws(ESCPOSError) -> ESCPOSCommand {
            let mode = try take(1, "GS V", start)[0]
            switch mode {
            case ESCPOSReference.cutFull, ESCPOSReference.cutPartial, ESCPOSReference.cutFullDigit,
                ESCPOSReference.cutPartialDigit:
                return .cut(mode: mode, extraFeed: nil)
            case ESCPOSReference.cutFullAfterFeed, ESCPOSReference.cutPartialAfterFeed:
                return .cut(mode: mode, extraFeed: try take(1, "GS V", start)[0])
            default:
                throw unknown(at: start)
            }
        }

        mutating func symbol(_ start: Int) throws(ESCPOSError) -> ESCPOSCommand {
            let header = try take(5, "GS ( k", start)
            guard header[0] == ESCPOSReference.twoDimensionalSymbol[2] else { throw unknown(at: start) }
            let length = Int(header[1]) | Int(header[2]) << 8
            guard length >= 2, header[3] == ESCPOSReference.qrSymbolType else { throw unknown(at: start) }
            let parameters = try take(length - 2, "GS ( k", start)
            return .qrFunction(function: header[4], parameters: parameters)
        }

        /// The next `count` bytes, indexed from 0.
        mutating func take(_ count: Int, _ command: String, _ start: Int) throws(ESCPOSError) -> [UInt8] {
            guard count <= bytes.count - offset else { throw .truncated(command: command, offset: start) }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }

        func unknown(at start: Int) -> ESCPOSError {
            let shown = bytes[start..<min(bytes.count, start + 4)]
            return .unknownCommand(
                offset: start, bytes: shown.map { String($0, radix: 16, uppercase: true) }.joined(separator: " "))
        }
    }
}
