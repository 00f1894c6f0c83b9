import Logging
import ServiceLifecycle

/// The board's main loop: each second the board's clock and timeouts move on, and systemd's
/// watchdog is pinged, but only when the board actor answered and no device thread (the panel's,
/// the scanner's, the printer's) is stuck in one call past every bound of its own. A device
/// that fails (errors, timeouts, unplugged) keeps returning, so it is no reason for a restart;
/// a call that never returns is.
struct BoardTicker: Service {
    /// A device's thread as the watchdog sees it.
    struct DeviceThread: Sendable {
        let name: String
        /// False while the thread is stuck in one call.
        let isResponsive: @Sendable () -> Bool
    }

    let board: Board
    let threads: [DeviceThread]
    /// Pings systemd's watchdog.
    let ping: @Sendable () -> Void
    let logger: Logger
    let say: @Sendable (String) -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var stuck: [String] = []
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                for note in await board.tick() { say(note.description) }
                let now = threads.filter { !$0.isResponsive() }.map(\.name)
                if now != stuck {
                    if now.isEmpty {
                        logger.notice("every device thread answers again; the watchdog is pinged")
                    } else {
                        logger.error(
                            "stuck in a device call, so the watchdog is not pinged and systemd restarts the board",
                            metadata: ["threads": "\(now.joined(separator: ", "))"])
                    }
                    stuck = now
                }
                if now.isEmpty { ping() }
            }
        }
    }
}
