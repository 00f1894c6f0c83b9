import BoardModel
import Foundation
import Render
import SharedTestSupport
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
    static func zbarDecode(_ bitmap: Bitmap) throws -> [String] {
        try ZBar.decode(bitmap)
    }

    /// A card with every field filled in.
    static func card(_ value: UInt32 = 0x1234_5678, title: String = "Packaging Python without tears") -> Card {
        Card(
            id: CardID(value: value), title: title, host: "Ana Souza", contact: "@ana@fosstodon.org",
            summary: "Wheels, lock files and the tools in between: bring your worst packaging story.")
    }
}
