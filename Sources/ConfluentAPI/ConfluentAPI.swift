import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry

/// Confluent Schema Registry's REST dialect over a ``SchemaRegistry``, without a server: a
/// request in, a response out. `strata-server` puts it behind HTTP; tests and fuzzing call it
/// directly.
///
/// A subject is an event type of the same name, unless ``ConfluentAPI/subjects`` maps it to
/// another (``SubjectMapping``: topic-name subjects such as `orders-value`). Every registration
/// goes through the registry's one workflow (validation, references, compatibility, bridging
/// upcasters, fingerprints), so a schema refused by `strata register` is refused here with the
/// same reasons.
///
/// Its calls block on the store: a server runs them off its event loops.
public struct ConfluentAPI: Sendable {
    /// The registry it serves.
    public let registry: SchemaRegistry
    /// Which event type each subject names.
    public let subjects: SubjectMapping
    private let lookups: LookupCache

    /// Creates the API over `registry`, reading subjects through `subjects`. Answers of
    /// `GET /schemas/ids/{id}` are kept for `lookupLifetime` (one second by default; `.zero` keeps
    /// none): this API's own writes drop them at once, another server's are seen within that time.
    public init(registry: SchemaRegistry, subjects: SubjectMapping = SubjectMapping(), lookupLifetime: Duration = .seconds(1)) {
        self.registry = registry
        self.subjects = subjects
        self.lookups = LookupCache(lifetime: lookupLifetime)
    }

    /// Answers `request`. Every failure is a Confluent error body; nothing throws.
    public func respond(to request: ConfluentRequest) -> ConfluentResponse {
        if let kept = lookups.answer(for: request) { return kept }
        guard let (route, handler) = Self.route(request) else {
            let allowed = Self.allowedMethods(for: request.segments)
            let error: ConfluentError = allowed.isEmpty ? .routeNotFound : .methodNotAllowed
            return ConfluentResponse(status: error.status, body: .json(error.body), route: nil, allowedMethods: allowed)
        }
        let response: ConfluentResponse
        do {
            response = ConfluentResponse(body: try handler(self, request, route.matches(request.segments) ?? []), route: route.template)
        } catch {
            response = ConfluentResponse(status: error.status, body: .json(error.body), route: route.template)
        }
        if route.method == "GET" {
            lookups.keep(response, for: request)
        } else {
            // A write may change which subjects hold an id.
            lookups.removeAll()
        }
        return response
    }

    /// The kept answer to `request`, if there is one: what ``respond(to:)`` would answer, without
    /// touching the store, so a server can answer it without leaving its event loop.
    public func keptAnswer(to request: ConfluentRequest) -> ConfluentResponse? {
        lookups.answer(for: request)
    }

    // MARK: Routing

    typealias Handler = @Sendable (ConfluentAPI, ConfluentRequest, [String]) throws(ConfluentError) -> ConfluentResponse.Body

    /// A route: a method, a path template whose `{…}` segments are captured, the role a caller
    /// needs (every route declares one; ``requirements`` lists them) and the handler.
    struct Route: Sendable {
        var method: String
        var template: String
        var access: AccessRole
        var handler: Handler

        /// The segments `{…}` stand for, when `segments` fit the template.
        func matches(_ segments: [String]) -> [String]? {
            let parts = template.split(separator: "/")
            guard parts.count == segments.count else { return nil }
            var captured: [String] = []
            for (part, segment) in zip(parts, segments) {
                if part.hasPrefix("{") { captured.append(segment) } else if part != segment { return nil }
            }
            return captured
        }
    }

    /// The methods some route serves at `segments` (the server's own `GET /health` and `GET
    /// /metrics` included), in the order of `Allow` headers; empty for a path no route serves.
    static func allowedMethods(for segments: [String]) -> [String] {
        if segments == ["health"] || segments == ["metrics"] { return ["GET"] }
        let methods = Set(routes.filter { $0.matches(segments) != nil }.map(\.method))
        return ["GET", "POST", "PUT", "DELETE"].filter(methods.contains)
    }

    static func route(_ request: ConfluentRequest) -> (Route, Handler)? {
        for route in routes where route.method == request.method.uppercased() && route.matches(request.segments) != nil {
            return (route, route.handler)
        }
        return nil
    }

    static let routes: [Route] = [
        Route(method: "GET", template: "", access: .read, handler: { _, _, _ in .json([:]) }),
        Route(method: "GET", template: "/subjects", access: .read, handler: { api, request, _ throws(ConfluentError) in try api.subjects(request) }),
        Route(method: "GET", template: "/subjects/{subject}/versions", access: .read, handler: { api, request, p throws(ConfluentError) in try api.versions(request, subject: p[0]) }),
        Route(method: "POST", template: "/subjects/{subject}/versions", access: .write, handler: { api, request, p throws(ConfluentError) in try api.register(request, subject: p[0]) }),
        Route(method: "POST", template: "/subjects/{subject}", access: .read, handler: { api, request, p throws(ConfluentError) in try api.lookup(request, subject: p[0]) }),
        Route(method: "DELETE", template: "/subjects/{subject}", access: .admin, handler: { api, request, p throws(ConfluentError) in try api.deleteSubject(request, subject: p[0]) }),
        Route(method: "GET", template: "/subjects/{subject}/versions/{version}", access: .read, handler: { api, request, p throws(ConfluentError) in
                  .json(ConfluentMessages.schema(try api.version(request, subject: p[0], p[1]), subject: p[0]))
              }),
        Route(method: "GET", template: "/subjects/{subject}/versions/{version}/schema", access: .read, handler: { api, request, p throws(ConfluentError) in .text(try api.version(request, subject: p[0], p[1]).document.serialized()) }),
        Route(method: "GET", template: "/subjects/{subject}/versions/{version}/referencedby", access: .read, handler: { api, request, p throws(ConfluentError) in try api.referencedBy(request, subject: p[0], p[1]) }),
        Route(method: "DELETE", template: "/subjects/{subject}/versions/{version}", access: .admin, handler: { api, request, p throws(ConfluentError) in try api.deleteVersion(request, subject: p[0], p[1]) }),
        Route(method: "GET", template: "/schemas/types", access: .read, handler: { _, _, _ in .json(["JSON"]) }),
        Route(method: "GET", template: "/schemas/ids/{id}", access: .read, handler: { api, request, p throws(ConfluentError) in try api.schema(request, id: p[0]) }),
        Route(method: "GET", template: "/schemas/ids/{id}/schema", access: .read, handler: { api, request, p throws(ConfluentError) in .text(try api.versions(withID: p[0], request)[0].document.serialized()) }),
        Route(method: "GET", template: "/schemas/ids/{id}/subjects", access: .read, handler: { api, request, p throws(ConfluentError) in
                  .json(.array(Array(Set(try api.versions(withID: p[0], request).flatMap { api.subjects.subjects(of: $0.eventType) }))
                      .sorted().map { .string($0) }))
              }),
        Route(method: "GET", template: "/schemas/ids/{id}/versions", access: .read, handler: { api, request, p throws(ConfluentError) in
                  .json(.array(try api.versions(withID: p[0], request).map {
                      ConfluentMessages.object([("subject", .string($0.eventType)), ("version", ConfluentMessages.number($0.version))])
                  }))
              }),
        Route(method: "POST", template: "/compatibility/subjects/{subject}/versions/{version}", access: .read, handler: { api, request, p throws(ConfluentError) in try api.compatibility(request, subject: p[0], version: p[1]) }),
        Route(method: "POST", template: "/compatibility/subjects/{subject}/versions", access: .read, handler: { api, request, p throws(ConfluentError) in try api.compatibility(request, subject: p[0], version: nil) }),
        Route(method: "GET", template: "/config", access: .read, handler: { api, request, _ throws(ConfluentError) in try api.configuration(request, subject: nil) }),
        Route(method: "PUT", template: "/config", access: .admin, handler: { api, request, _ throws(ConfluentError) in try api.setConfiguration(request, subject: nil) }),
        Route(method: "DELETE", template: "/config", access: .admin, handler: { api, request, _ throws(ConfluentError) in try api.removeConfiguration(request, subject: nil) }),
        Route(method: "GET", template: "/config/{subject}", access: .read, handler: { api, request, p throws(ConfluentError) in try api.configuration(request, subject: p[0]) }),
        Route(method: "PUT", template: "/config/{subject}", access: .admin, handler: { api, request, p throws(ConfluentError) in try api.setConfiguration(request, subject: p[0]) }),
        Route(method: "DELETE", template: "/config/{subject}", access: .admin, handler: { api, request, p throws(ConfluentError) in try api.removeConfiguration(request, subject: p[0]) }),
        Route(method: "GET", template: "/mode", access: .read, handler: { api, request, _ throws(ConfluentError) in try api.mode(request, subject: nil) }),
        Route(method: "PUT", template: "/mode", access: .admin, handler: { api, request, _ throws(ConfluentError) in try api.setMode(request, subject: nil) }),
        Route(method: "GET", template: "/mode/{subject}", access: .read, handler: { api, request, p throws(ConfluentError) in try api.mode(request, subject: p[0]) }),
        Route(method: "PUT", template: "/mode/{subject}", access: .admin, handler: { api, request, p throws(ConfluentError) in try api.setMode(request, subject: p[0]) }),
        Route(method: "DELETE", template: "/mode/{subject}", access: .admin, handler: { api, request, p throws(ConfluentError) in try api.removeMode(request, subject: p[0]) }),
        // MARK: Strata's own routes (ConfluentAPI+Strata.swift)
        Route(method: "GET", template: "/strata/v1/subjects/{subject}/upcasters", access: .read,
              handler: { api, _, p throws(ConfluentError) in try api.upcasterList(subject: p[0]) }),
        Route(method: "GET", template: "/strata/v1/subjects/{subject}/upcasters/{file}", access: .read,
              handler: { api, _, p throws(ConfluentError) in try api.upcaster(subject: p[0], file: p[1]) }),
        Route(method: "PUT", template: "/strata/v1/subjects/{subject}/upcasters/{file}", access: .write,
              handler: { api, request, p throws(ConfluentError) in try api.putUpcaster(request, subject: p[0], file: p[1]) }),
        Route(method: "POST", template: "/strata/v1/subjects/{subject}/register", access: .write,
              handler: { api, request, p throws(ConfluentError) in try api.strataRegister(request, subject: p[0]) }),
        Route(method: "POST", template: "/strata/v1/sync", access: .write, handler: { api, request, _ throws(ConfluentError) in try api.strataSync(request) }),
        Route(method: "GET", template: "/strata/v1/verify", access: .read, handler: { api, request, _ throws(ConfluentError) in try api.verify(request) }),
        Route(method: "GET", template: "/strata/v1/graph", access: .read, handler: { api, request, _ throws(ConfluentError) in try api.graph(request) }),
        Route(method: "GET", template: "/strata/v1/bundle", access: .read, handler: { api, _, _ throws(ConfluentError) in try api.bundle() }),
        Route(method: "GET", template: "/strata/v1/snapshot", access: .read, handler: { api, _, _ throws(ConfluentError) in try api.snapshot() }),
    ]

    // MARK: Helpers

    /// Runs a registry call, turning its errors into Confluent's for `subject`.
    func attempt<T>(subject: String, _ body: () throws(RegistryError) -> T) throws(ConfluentError) -> T {
        do { return try body() } catch { throw ConfluentError.from(error, subject: subject) }
    }

    /// A version segment: `latest` (any case) or `-1` for the newest live version, else 1 … 2^31-1.
    enum VersionSelector: Equatable {
        case latest
        case number(Int)

        init(_ text: String) throws(ConfluentError) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased() == "latest" || trimmed == "-1" { self = .latest; return }
            guard let number = Int32(trimmed), number >= 1 else { throw .invalidVersion(text) }
            self = .number(Int(number))
        }
    }

    /// The event type `subject` names (``SubjectMapping/eventType(of:)``).
    func eventType(_ subject: String) -> String {
        subjects.eventType(of: subject)
    }

    /// The versions of the event type `subject` names: live ones, or every one when `includingDeleted`.
    func storedVersions(of subject: String, includingDeleted: Bool) throws(ConfluentError) -> [StoredVersion] {
        try storedVersions(ofType: eventType(subject), subject: subject, includingDeleted: includingDeleted)
    }

    /// The versions of `eventType`; errors name `subject`.
    func storedVersions(ofType eventType: String, subject: String, includingDeleted: Bool) throws(ConfluentError) -> [StoredVersion] {
        guard SchemaFolder.isValidEventType(eventType) else { return [] }
        return try attempt(subject: subject) { () throws(RegistryError) in
            try registry.versions(of: eventType, includingDeleted: includingDeleted)
        }
    }
}

extension ConfluentAPI {
    /// `GET /health`: 200 `{"status": "UP"}` when the store answers a read, else 503 with the
    /// store's error, for a load balancer's or an orchestrator's probe.
    public func health() -> ConfluentResponse {
        do {
            _ = try registry.configuration(for: nil)
            return ConfluentResponse(body: .json(["status": "UP"]), route: "/health")
        } catch {
            let failure = ConfluentError(status: 503, code: 50001, message: "Error in the backend data store - \(error)")
            return ConfluentResponse(status: 503, body: .json(failure.body), route: "/health")
        }
    }
}
