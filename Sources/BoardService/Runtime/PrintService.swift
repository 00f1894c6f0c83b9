import Printer
import ServiceLifecycle

/// The print spooler as a service: prints the journal's queue on the spooler's own thread and
/// says on the status line when the queue waits for the printer and when it is back.
struct PrintService: Service {
    let spooler: PrintSpooler
    let board: Board
    let say: @Sendable (String) -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await spooler.run() }
                group.addTask { await watch() }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Announces the spooler's changes between waiting and working, once each.
    private func watch() async {
        var waiting = false
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            switch spooler.state {
            case .waiting(let reason) where !waiting:
                waiting = true
                say("printer waiting: \(reason)")
                await board.announce(StatusNotes.printerWaiting(reason))
            case .idle, .printing:
                if waiting {
                    say("printer ready")
                    await board.announce(StatusNotes.printerReady)
                }
                waiting = false
            case .waiting:
                break
            }
        }
    }
}
