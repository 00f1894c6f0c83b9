import BoardModel
import Foundation
import Printer
import Render
import Settings
import Sync
import SyncWire
import Synchronization

extension FuzzTargets {
    /// A printer's answers to `DLE EOT n`, through the status query: each reply is the input's
    /// next bytes (none: a timeout).
    static let escposStatus = FuzzTarget("escpos-status") { bytes in
        let printer = RepliesFromInput(bytes)
        guard let status = try? PrinterStatus.query(printer, timeout: .milliseconds(1)) else { return }
        // A printer that answered nothing well-formed is said to be unknown, and a ready one has
        // nothing that stops printing.
        if status.answered.isEmpty { precondition(status.description.hasPrefix("status unknown"), "\(status)") }
        precondition(!status.isReady || status.problems.allSatisfy { $0 == "paper near end" }, "\(status)")
        _ = status.description
    }

    /// The sync protocol's JSON, as the hub reads a board's and a board the hub's: the first byte
    /// picks the message. What decodes must encode and decode to the same.
    static let syncJSON = FuzzTarget("sync-json") { bytes in
        let data = Data(bytes.dropFirst())
        switch (bytes.first ?? 0) % 6 {
        case 0: roundTrip(PushRequest.self, data)
        case 1: roundTrip(PullResponse.self, data)
        case 2: roundTrip(EnrolRequest.self, data)
        case 3: roundTrip(PushResponse.self, data)
        case 4: roundTrip(EnrolResponse.self, data)
        default: roundTrip(ProblemResponse.self, data)
        }
    }

    static func roundTrip<Message: Codable & Equatable>(_ type: Message.Type, _ data: Data) {
        guard let message = try? SyncCoding.decoder().decode(Message.self, from: data) else { return }
        let encoded: Data
        do {
            encoded = try SyncCoding.encoder().encode(message)
        } catch {
            preconditionFailure("a decoded \(Message.self) does not encode: \(error)")
        }
        let again = try? SyncCoding.decoder().decode(Message.self, from: encoded)
        precondition(again == message, "a \(Message.self) changed through encoding")
    }

    /// The hub's event stream as a board reads it, in chunks of the sizes the input chooses: the
    /// same events whatever the chunks.
    static let syncEvents = FuzzTarget("sync-events") { bytes in
        var input = FuzzInput(bytes)
        let split = Int(input.byte() % 16) + 1
        let text = String(decoding: input.rest, as: UTF8.self)
        var whole = EventStreamParser()
        let all = whole.feed(text)
        var chunked = EventStreamParser()
        var pieces: [EventStreamParser.Event] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            pieces += chunked.feed(String(rest.prefix(split)))
            rest = rest.dropFirst(split)
        }
        precondition(pieces == all, "the event stream read in pieces of \(split) differs")
    }

    /// A conference layout file.
    static let layoutYAML = FuzzTarget("layout-yaml") { bytes in
        _ = try? ConferenceLayout.parse(yaml: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
    }

    /// board.yaml.
    static let boardSettings = FuzzTarget("board-settings") { bytes in
        _ = try? BoardConfig.parse(yaml: String(decoding: bytes, as: UTF8.self), fileName: "board.yaml")
    }

    /// hub.yaml.
    static let hubSettings = FuzzTarget("hub-settings") { bytes in
        _ = try? HubConfig.parse(yaml: String(decoding: bytes, as: UTF8.self), fileName: "hub.yaml")
    }

    /// A PNG file, as the board reads frames and images back: what decodes encodes and decodes
    /// to the same bitmap.
    static let png = FuzzTarget("png") { bytes in
        guard let bitmap = try? PNG.decode(bytes), bitmap.width * bitmap.height <= 1 << 22 else { return }
        let again = try? PNG.decode(try PNG.encode(bitmap))
        precondition(again == bitmap, "a decoded PNG changed through encoding")
    }
}

/// A printer whose status replies are the input's bytes, one per request while they last.
private final class RepliesFromInput: PrinterTransport {
    let name = "fuzz input"
    private let replies: Mutex<ArraySlice<UInt8>>

    init(_ bytes: [UInt8]) { replies = Mutex(bytes[...]) }

    func write(_ bytes: [UInt8]) throws {}

    func readStatus(_ request: [UInt8], replyLength: Int, timeout: Duration) throws -> [UInt8] {
        replies.withLock { replies in
            let count = Int(replies.popFirst() ?? 0) % 3
            let reply = replies.prefix(count)
            replies = replies.dropFirst(count)
            return Array(reply)
        }
    }
}
