import ConfluentAPI
import EventSchema
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// Answers every HTTP request with ``ConfluentAPI``: the body is read up to a limit, the
/// registry call runs on NIO's thread pool (the stores block), and every answer, errors included,
/// is a Confluent JSON body. Nothing a client sends makes it answer without one.
public struct RegistryResponder: HTTPResponder {
    /// The request context: Hummingbird's basic one.
    public typealias Context = BasicRequestContext

    /// The dialect it serves.
    public let api: ConfluentAPI
    /// The largest request body accepted, in bytes; a larger one gets 413.
    public let maximumBodySize: Int
    /// The metrics `GET /metrics` shows.
    public let metrics: ServerMetrics

    /// Creates a responder for `api`.
    public init(api: ConfluentAPI, maximumBodySize: Int, metrics: ServerMetrics = ServerMetrics()) {
        self.api = api
        self.maximumBodySize = maximumBodySize
        self.metrics = metrics
    }

    /// Answers `request`: `GET /health` and `GET /metrics` here, everything else through the
    /// Confluent dialect.
    public func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let exchange: ConfluentResponse
        switch try await Self.exchange(for: request, maximumBodySize: maximumBodySize) {
        case .failure(let error):
            exchange = ConfluentResponse(status: error.status, body: .json(error.body), route: nil)
        case .success(let confluentRequest) where confluentRequest.method == "GET" && confluentRequest.segments == ["metrics"]:
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        case .success(let confluentRequest) where confluentRequest.method == "GET" && confluentRequest.segments == ["health"]:
            let api = self.api
            exchange = try await NIOThreadPool.singleton.runIfActive { api.health() }
        case .success(let confluentRequest):
            if let kept = api.keptAnswer(to: confluentRequest) {
                exchange = kept
            } else {
                let api = self.api
                exchange = try await NIOThreadPool.singleton.runIfActive { api.respond(to: confluentRequest) }
            }
        }
        metrics.record(method: request.method.rawValue, route: exchange.route, status: exchange.status, duration: ContinuousClock.now - started)
        if exchange.status >= 500 {
            context.logger.error("\(request.method) \(request.uri.path) -> \(exchange.status)", metadata: ["route": "\(exchange.route ?? "-")"])
        } else {
            context.logger.debug("\(request.method) \(request.uri.path) -> \(exchange.status)", metadata: ["route": "\(exchange.route ?? "-")"])
        }
        return Self.response(exchange)
    }

    /// The Confluent request `request` carries, or the error that stops it before the registry.
    static func exchange(for request: Request, maximumBodySize: Int) async throws -> Result<ConfluentRequest, ConfluentError> {
        let tooLarge = ConfluentError.http(413, "The request body is larger than \(maximumBodySize) bytes")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBodySize {
            return .failure(tooLarge)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumBodySize)
        } catch is NIOTooManyBytesError {
            return .failure(tooLarge)
        }
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        guard let confluentRequest = ConfluentRequest(method: request.method.rawValue, path: request.uri.path, query: query,
                                                      body: Array(buffer: body)) else {
            return .failure(.routeNotFound)
        }
        return .success(confluentRequest)
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
