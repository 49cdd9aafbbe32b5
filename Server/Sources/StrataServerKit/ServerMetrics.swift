import Prometheus

/// The server's metrics, in Prometheus's text format at `GET /metrics`: requests by method, route
/// template and status, request time by route, and registrations and compatibility checks by
/// outcome. The server owns its registry, so nothing is bootstrapped process-wide.
public final class ServerMetrics: Sendable {
    // Descriptors are made per use: `MetricNameDescriptor` is not `Sendable`.

    /// The collector registry `GET /metrics` emits.
    public let registry = PrometheusCollectorRegistry()

    private static var requests: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "strata", subsystem: "server", metricName: "requests", unitName: "total",
        helpText: "HTTP requests by method, route template and status.") }
    private static var duration: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "strata", subsystem: "server", metricName: "request_duration", unitName: "seconds",
        helpText: "Time to answer a request, by method and route template.") }
    private static var registrations: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "strata", subsystem: "server", metricName: "registrations", unitName: "total",
        helpText: "Registrations by outcome: registered (or already registered), incompatible, invalid, failed.") }
    private static var checks: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "strata", subsystem: "server", metricName: "compatibility_checks", unitName: "total",
        helpText: "Compatibility checks (POST /compatibility/...) by HTTP status.") }

    private static let buckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
    ]

    /// Creates an empty set of metrics.
    public init() {}

    /// Records one answered request; `route` is the template that answered, `nil` for no route.
    public func record(method: String, route: String?, status: Int, duration: Duration) {
        let route = route ?? "unmatched"
        registry.makeCounter(descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: Self.duration, labels: [("method", method), ("route", route)], buckets: Self.buckets)
            .record(duration)
        switch (method, route) {
        case ("POST", "/subjects/{subject}/versions"):
            let outcome = switch status {
            case 200: "registered"
            case 409: "incompatible"
            case 400, 413, 422: "invalid"
            default: "failed"
            }
            registry.makeCounter(descriptor: Self.registrations, labels: [("outcome", outcome)]).increment()
        case ("POST", let route) where route.hasPrefix("/compatibility/"):
            registry.makeCounter(descriptor: Self.checks, labels: [("status", String(status))]).increment()
        default:
            break
        }
    }

    /// The metrics in Prometheus's text exposition format.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
