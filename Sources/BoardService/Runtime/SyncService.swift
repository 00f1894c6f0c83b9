import ServiceLifecycle
import Sync

/// Sync with the hub as a service: runs until the board stops.
struct SyncService: Service {
    let client: SyncClient

    func run() async throws {
        await cancelWhenGracefulShutdown { await client.run() }
    }
}
