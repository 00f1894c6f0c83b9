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
    /// Staff passwords checked against their bcrypt hash (each costs a few hundred ms of CPU).
    let passwordChecks: Metrics.Counter
    private let limitedSignIns: Metrics.Counter
    private let limitedEnrolments: Metrics.Counter

    /// What a refused guess was at.
    enum Attempt {
        case signIn, enrol
    }

    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
        pushes = Metrics.Counter(label: "openspace_hub_pushes_total", factory: factory)
        pushedMutations = Metrics.Counter(label: "openspace_hub_mutations_applied_total", factory: factory)
        pulls = Metrics.Counter(label: "openspace_hub_pulls_total", factory: factory)
        conflicts = Metrics.Counter(label: "openspace_hub_conflicts_total", factory: factory)
        refusedRequests = Metrics.Counter(label: "openspace_hub_refused_requests_total", factory: factory)
        listeners = Metrics.Gauge(label: "openspace_hub_sse_listeners", factory: factory)
        passwordChecks = Metrics.Counter(label: "openspace_hub_password_checks_total", factory: factory)
        limitedSignIns = Metrics.Counter(
            label: "openspace_hub_attempts_limited_total", dimensions: [("kind", "sign-in")], factory: factory)
        limitedEnrolments = Metrics.Counter(
            label: "openspace_hub_attempts_limited_total", dimensions: [("kind", "enrol")], factory: factory)
    }

    /// Counts an attempt refused for being over its limit.
    func limitedAttempts(_ attempt: Attempt) {
        switch attempt {
        case .signIn: limitedSignIns.increment()
        case .enrol: limitedEnrolments.increment()
        }
    }

    /// A board's outbox depth as it last reported it.
    func queueDepth(board: String, _ depth: Int) {
        Metrics.Gauge(label: "openspace_board_queue_depth", dimensions: [("board", board)], factory: factory).record(
            depth)
    }

    /// The registry in Prometheus' text format.
    public func exposition() -> String { registry.emitToString() }
}
