import Metrics
import Prometheus

/// The hub's figures for `/metrics`, through swift-metrics into this hub's own Prometheus
/// registry (a process may run several hubs, in tests).
public final class HubMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    let pushes: Metrics.Counter
    let pushedMutations: Metrics.Counter
    let pulls: Metrics.Counter
    let conflicts: Metrics.Counter
    let refusedRequests: Metrics.Counter
    let listeners: Metrics.Gauge

    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
        pushes = Metrics.Counter(label: "openspace_hub_pushes_total", factory: factory)
        pushedMutations = Metrics.Counter(label: "openspace_hub_mutations_applied_total", factory: factory)
        pulls = Metrics.Counter(label: "openspace_hub_pulls_total", factory: factory)
        conflicts = Metrics.Counter(label: "openspace_hub_conflicts_total", factory: factory)
        refusedRequests = Metrics.Counter(label: "openspace_hub_refused_requests_total", factory: factory)
        listeners = Metrics.Gauge(label: "openspace_hub_sse_listeners", factory: factory)
    }

    /// A board's outbox depth as it last reported it.
    func queueDepth(board: String, _ depth: Int) {
        Metrics.Gauge(label: "openspace_board_queue_depth", dimensions: [("board", board)], factory: factory).record(
            depth)
    }

    /// The registry in Prometheus' text format.
    public func exposition() -> String { registry.emitToString() }
}
