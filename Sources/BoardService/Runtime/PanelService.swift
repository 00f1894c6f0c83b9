import Logging
import ServiceLifecycle

/// The panel's part in the board's shutdown: it waits for the stop, then lets the refresh in
/// progress finish (each refresh ends with the panel in deep sleep) and starts no other. It is
/// the first service started and so the last one stopped, after the scans have stopped coming.
struct PanelService: Service {
    let presenter: PanelPresenter
    /// How long the refresh in progress may take to finish.
    let limit: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        if !(await presenter.stop(within: limit)) {
            logger.warning("the panel's refresh did not finish in time; the panel is left as it is")
        }
    }
}
