import BoardModel
import Logging
import Scanner
import ServiceLifecycle
import Settings

/// Reads scans into the board and prints each answer: from the barcode scanner, from lines of
/// text (standard input, a file or a FIFO), or from nowhere for a board that only shows the grid.
///
/// When its lines end (standard input closed), the board stops; a scanner is read until the
/// service stops, and found again after a replug.
struct ScanReader: Service {
    /// Where scans come from: `BoardRuntime.ScanInput` with the scanner opened.
    enum Input {
        case scanner(any ScannerSource)
        case lines(path: String?)
        case none
    }

    let input: Input
    let board: Board
    let say: @Sendable (String) -> Void
    let logger: Logger

    func run() async throws {
        switch input {
        case .scanner(let source):
            try await readScanner(source)
        case .lines(let path):
            for await line in ScanLines.stream(path: path).cancelOnGracefulShutdown() {
                say(try await board.scan(line).description)
            }
        case .none:
            // No scanner and nothing to read (a service with `scanner.device: none`): a board that
            // only shows the grid, kept in step by sync, until it is stopped.
            say("no scanner: this board shows the grid only")
            try? await gracefulShutdown()
        }
    }

    private func readScanner(_ source: any ScannerSource) async throws {
        defer { source.stop() }
        var missing = false
        for await event in source.events().cancelOnGracefulShutdown() {
            switch event {
            case .scan(let text):
                say(try await board.scan(text).description)
            case .dropped(let reason):
                say("scanner dropped: \(reason)")
                await board.announce(StatusNotes.scanNotRead)
            case .connected(let device):
                say("scanner connected: \(device)")
                if missing { await board.announce(StatusNotes.scannerReady) }
                missing = false
            case .disconnected(let reason):
                say("scanner disconnected: \(reason)")
                await board.announce(StatusNotes.scannerMissing)
                missing = true
            }
        }
    }
}
