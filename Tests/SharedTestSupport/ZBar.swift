import Foundation
import Render

/// zbarimg, a QR decoder independent of libqrencode: what the tests read printed and shown codes with.
public enum ZBar {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The texts of every code zbarimg finds in the PNG at `path`, one per code; throws when
    /// zbarimg is missing or finds none.
    public static func decode(path: String) throws -> [String] {
        let zbarimg = "/usr/bin/zbarimg"
        guard FileManager.default.isExecutableFile(atPath: zbarimg) else {
            throw Failure(
                description: "zbarimg is not installed: run deploy/install-build-deps.sh (package zbar-tools)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg)
        process.arguments = ["--raw", "-q", path]
        let output = Pipe()
        // zbarimg's image loader chatters on stderr (no D-Bus in containers); kept for failures.
        let diagnostics = Pipe()
        process.standardOutput = output
        process.standardError = diagnostics
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: diagnostics.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "zbarimg found no code in \(path) (\(process.terminationStatus)): \(errors)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The texts of every code in `bitmap`, written to a temporary PNG for zbarimg.
    public static func decode(_ bitmap: Bitmap) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zbar-\(UUID().uuidString).png").path
        try PNG.write(bitmap, to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try decode(path: path)
    }
}
