import Daemon
import ServiceLifecycle

/// The board's main loop: each second the board's clock and timeouts move on, and systemd's
/// watchdog is pinged, but only when the board actor answered and the panel's thread is not stuck
/// in one device call past every bound of its own. A panel that fails (errors, timeouts) keeps
/// answering, so it is no reason for a restart; a call that never returns is.
struct BoardTicker: Service {
    let board: Board
    let presenter: PanelPresenter
    let notifier: ServiceNotifier
    /// Longest a single call into the panel may last before the watchdog goes unpinged.
    let panelBound: Duration
    let say: @Sendable (String) -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                for note in await board.tick() { say(note.description) }
                if presenter.isResponsive(longest: panelBound) { notifier.watchdog() }
            }
        }
    }
}
