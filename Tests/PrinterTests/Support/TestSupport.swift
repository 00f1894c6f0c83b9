import BoardModel
import Foundation
import Render
import XCTest

/// Things several printer tests share: one text renderer (font loading takes a moment), the hub
/// the codes point at, and an independent QR decoder.
enum TestSupport {
    static let renderer: TextRenderer = {
        do {
            return try TextRenderer()
        } catch {
            fatalError("No usable font for the printer tests: \(error)")
        }
    }()

    static let codes = ScanCodeFormat(hub: "https://os.example.org")

    /// Decodes every QR code in `bitmap` with zbarimg (independent of libqrencode) and returns
    /// the texts it read, one per code.
    static func zbarDecode(_ bitmap: Bitmap, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let zbarimg = "/usr/bin/zbarimg"
        guard FileManager.default.isExecutableFile(atPath: zbarimg) else {
            throw Missing(
                description: "zbarimg is not installed: run deploy/install-build-deps.sh (package zbar-tools)")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("printer-\(UUID().uuidString).png")
            .path
        try PNG.write(bitmap, to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg)
        process.arguments = ["--raw", "-q", path]
        let output = Pipe()
        let diagnostics = Pipe()
        process.standardOutput = output
        process.standardError = diagnostics
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: diagnostics.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "zbarimg found no code: \(errors)", file: file, line: line)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// A card with every field filled in.
    static func card(_ value: UInt32 = 0x1234_5678, title: String = "Packaging Python without tears") -> Card {
        Card(
            id: CardID(value: value), title: title, host: "Ana Souza", contact: "@ana@fosstodon.org",
            summary: "Wheels, lock files and the tools in between: bring your worst packaging story.")
    }
}
