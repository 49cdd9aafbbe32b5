import ConfluentAPI
import EventSchema
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// Answers every HTTP request with ``ConfluentAPI``: the caller is identified and its role checked
/// against the route's before the body is read, the body is read up to a limit, the registry call
/// runs on NIO's thread pool (the stores block) within a time limit, and every answer, errors
/// included, is a Confluent JSON body. Nothing a client sends makes it answer without one.
public struct RegistryResponder: HTTPResponder {
    /// The request context: Hummingbird's basic one.
    public typealias Context = BasicRequestContext

    /// The dialect it serves.
    public let api: ConfluentAPI
    /// The largest request body accepted, in bytes; a larger one gets 413.
    public let maximumBodySize: Int
    /// The metrics `GET /metrics` shows.
    public let metrics: ServerMetrics
    /// Who may do what.
    public let access: AccessControl
    /// How long a request may take before its caller gets 50002; the work goes on in the background.
    public let timeLimit: Duration

    /// Creates a responder for `api`.
    public init(api: ConfluentAPI, maximumBodySize: Int, metrics: ServerMetrics = ServerMetrics(), access: AccessControl = .open,
                timeLimit: Duration = .seconds(30)) {
        self.api = api
        self.maximumBodySize = maximumBodySize
        self.metrics = metrics
        self.access = access
        self.timeLimit = timeLimit
    }

    /// Answers `request`: `GET /health` and `GET /metrics` here, everything else through the
    /// Confluent dialect.
    public func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        guard var confluentRequest = Self.head(of: request) else {
            return finish(ConfluentResponse(error: .routeNotFound, route: nil), request, context, caller: nil, started: started)
        }
        let endpoint = Endpoint(confluentRequest, openMetrics: access.openMetrics)
        let caller = await access.caller(authorization: request.headers[.authorization])
        guard let caller else {
            context.logger.info("\(request.method) \(request.uri.path): credentials refused")
            return finish(ConfluentResponse(error: .unauthorized, route: endpoint.route), request, context, caller: nil, started: started)
        }
        if let refusal = access.refusal(of: caller, needing: endpoint.role, for: endpoint.requirement) {
            return finish(ConfluentResponse(error: refusal, route: endpoint.route), request, context, caller: caller, started: started)
        }
        if case .metrics = endpoint {
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        switch try await Self.body(of: request, maximumBodySize: maximumBodySize) {
        case .failure(let error):
            return finish(ConfluentResponse(error: error, route: endpoint.route), request, context, caller: caller, started: started)
        case .success(let body):
            confluentRequest.body = body
        }
        return finish(await answer(confluentRequest, endpoint), request, context, caller: caller, started: started)
    }

    /// The answer of the store or of the kept lookups, within ``timeLimit``.
    func answer(_ confluentRequest: ConfluentRequest, _ endpoint: Endpoint) async -> ConfluentResponse {
        if case .api = endpoint, let kept = api.keptAnswer(to: confluentRequest) { return kept }
        let api = self.api
        let outcome = await TimeLimit.run(within: timeLimit) {
            if case .health = endpoint { return api.health() }
            return api.respond(to: confluentRequest)
        }
        switch outcome {
        case .finished(let response): return response
        case .timedOut: return ConfluentResponse(error: .operationTimedOut(endpoint.requirement), route: endpoint.route)
        case .notRun: return ConfluentResponse(error: .http(503, "The server is shutting down"), route: endpoint.route)
        }
    }

    /// Records, logs and writes out an exchange.
    func finish(_ exchange: ConfluentResponse, _ request: Request, _ context: Context, caller: Caller?, started: ContinuousClock.Instant) -> Response {
        metrics.record(method: request.method.rawValue, route: exchange.route, status: exchange.status, duration: ContinuousClock.now - started)
        let metadata: Logger.Metadata = ["route": "\(exchange.route ?? "-")", "caller": "\(caller?.description ?? "-")"]
        if exchange.status >= 500 {
            context.logger.error("\(request.method) \(request.uri.path) -> \(exchange.status)", metadata: metadata)
        } else {
            context.logger.debug("\(request.method) \(request.uri.path) -> \(exchange.status)", metadata: metadata)
        }
        var response = Self.response(exchange)
        if exchange.status == 401 { response.headers[.wwwAuthenticate] = #"Basic realm="strata""# }
        return response
    }

    /// The Confluent request `request` carries, without its body; `nil` when its path's
    /// percent-encoding is broken.
    static func head(of request: Request) -> ConfluentRequest? {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        return ConfluentRequest(method: request.method.rawValue, path: request.uri.path, query: query)
    }

    /// The body's bytes, or 413 when it is larger than `maximumBodySize`.
    static func body(of request: Request, maximumBodySize: Int) async throws -> Result<[UInt8], ConfluentError> {
        let tooLarge = ConfluentError.http(413, "The request body is larger than \(maximumBodySize) bytes")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBodySize {
            return .failure(tooLarge)
        }
        do {
            return .success(Array(buffer: try await request.body.collect(upTo: maximumBodySize)))
        } catch is NIOTooManyBytesError {
            return .failure(tooLarge)
        }
    }

    /// The HTTP response of an exchange.
    static func response(_ exchange: ConfluentResponse) -> Response {
        let bytes = exchange.bytes
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        var headers: HTTPFields = [.contentType: exchange.contentType, .contentLength: String(bytes.count)]
        if !exchange.allowedMethods.isEmpty { headers[.allow] = exchange.allowedMethods.joined(separator: ", ") }
        return Response(status: .init(code: exchange.status), headers: headers, body: ResponseBody(byteBuffer: buffer))
    }
}

/// What a request asks for, before its body is read: the server's own `/health` and `/metrics`, or
/// a route of the Confluent dialect (or none).
enum Endpoint: Sendable {
    /// `GET /health`: open to anyone, for load balancers.
    case health
    /// `GET /metrics`: `read`, unless the operator opened it.
    case metrics(open: Bool)
    /// The dialect's route, `nil` when none serves the request (it needs `read` to learn that).
    case api(RouteRequirement?)

    init(_ request: ConfluentRequest, openMetrics: Bool) {
        switch (request.method, request.segments) {
        case ("GET", ["health"]): self = .health
        case ("GET", ["metrics"]): self = .metrics(open: openMetrics)
        default: self = .api(ConfluentAPI.requirement(for: request))
        }
    }

    /// The role it needs; `nil` for none.
    var role: AccessRole? {
        switch self {
        case .health: nil
        case .metrics(let open): open ? nil : .read
        case .api(let requirement): requirement?.access ?? .read
        }
    }

    /// The dialect's route, if one serves it.
    var requirement: RouteRequirement? {
        if case .api(let requirement) = self { return requirement }
        return nil
    }

    /// The route template for metrics and logs.
    var route: String? {
        switch self {
        case .health: "/health"
        case .metrics: "/metrics"
        case .api(let requirement): requirement?.template
        }
    }
}

extension ConfluentResponse {
    /// The response carrying `error`'s body.
    init(error: ConfluentError, route: String?) {
        self.init(status: error.status, body: .json(error.body), route: route)
    }
}
