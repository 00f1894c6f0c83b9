import ServiceLifecycle

/// Pings systemd's watchdog every `ServiceNotifier.watchdogInterval` while the service runs, for
/// services without a main loop of their own (the hub); tells systemd when the service stops.
///
/// Add it to the `ServiceGroup` beside the service it vouches for. Without a watchdog it only
/// waits for the shutdown, so it never ends the group early.
public struct WatchdogService: Service {
    private let notifier: ServiceNotifier

    public init(notifier: ServiceNotifier) {
        self.notifier = notifier
    }

    public func run() async throws {
        if let interval = notifier.watchdogInterval {
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    notifier.watchdog()
                    try? await Task.sleep(for: interval)
                }
            }
        } else {
            try? await gracefulShutdown()
        }
        notifier.stopping()
    }
}
