import EventSchema
import Foundation

/// One HTTP request as the Confluent dialect reads it, free of any server framework.
public struct ConfluentRequest: Sendable {
    /// `GET`, `POST`, `PUT` or `DELETE` (any other method gets 405).
    public var method: String
    /// The path's segments, percent-decoded, empty segments left out: `/subjects/a%2Fb/versions`
    /// is `["subjects", "a/b", "versions"]`.
    public var segments: [String]
    /// The query's parameters, percent-decoded; the last value of a repeated name.
    public var query: [String: String]
    /// The body's bytes.
    public var body: [UInt8]

    /// Creates a request from its parts.
    public init(method: String, segments: [String], query: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.segments = segments
        self.query = query
        self.body = body
    }

    /// Creates a request from a path as sent (`/subjects/orders-value/versions`), percent-encoded;
    /// `nil` when a segment's percent-encoding is broken.
    public init?(method: String, path: String, query: [String: String] = [:], body: [UInt8] = []) {
        var segments: [String] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(segment).removingPercentEncoding else { return nil }
            segments.append(decoded)
        }
        self.init(method: method, segments: segments, query: query, body: body)
    }

    /// A boolean query parameter: `true` in any letter case is true, anything else (or nothing)
    /// false, as Confluent's server reads them (Python clients send `True`).
    public func flag(_ name: String) -> Bool {
        query[name]?.lowercased() == "true"
    }
}

/// The answer to a ``ConfluentRequest``: a status and a JSON body, or the raw text of a schema.
public struct ConfluentResponse: Sendable, Equatable {
    /// What the body holds.
    public enum Body: Sendable, Equatable {
        /// A JSON document, sent with Confluent's media type.
        case json(JSONValue)
        /// A schema's text as stored (`…/schema` endpoints).
        case text(String)
        /// A JSON document already written out, sent with Confluent's media type.
        case encoded([UInt8])
    }

    /// The HTTP status.
    public var status: Int
    /// The body.
    public var body: Body
    /// The route template that answered (`/subjects/{subject}/versions`), for metrics and logs;
    /// `nil` when no route matched.
    public var route: String?
    /// For a 405, the methods the path is served with: the `Allow` header RFC 9110 asks for.
    public var allowedMethods: [String]

    /// Creates a response.
    public init(status: Int = 200, body: Body, route: String?, allowedMethods: [String] = []) {
        self.status = status
        self.body = body
        self.route = route
        self.allowedMethods = allowedMethods
    }

    /// Confluent's media type, which every JSON response carries.
    public static let mediaType = "application/vnd.schemaregistry.v1+json"

    /// The body's bytes.
    public var bytes: [UInt8] {
        switch body {
        case .json(let value): value.serializedBytes()
        case .text(let text): Array(text.utf8)
        case .encoded(let bytes): bytes
        }
    }

    /// The `Content-Type` of the body.
    public var contentType: String {
        switch body {
        case .json, .encoded: Self.mediaType
        case .text: "application/json"
        }
    }
}
