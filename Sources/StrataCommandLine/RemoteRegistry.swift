import EventSchema
import EventUpcasting
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SchemaRegistry

/// A `strata-server` the command line talks to (`--registry http://host:port`): reads come from
/// its snapshot, writes go to its Strata routes, which run the same registration workflow.
///
/// Transport failures and refused credentials are ``RegistryError/cannotOpen(path:reason:)`` (exit
/// 66, as a registry file that cannot be opened); the server's own failures (5xx) are
/// ``RegistryError/database(path:reason:)`` (exit 70); a refused registration is a ``RemoteRefusal``.
struct RemoteRegistry {
    /// The server's base URL, without a trailing slash.
    let base: String
    /// The `Authorization` header, when credentials were given.
    let authorization: String?

    /// How long one request may take: a registration verifies bridges, which may take seconds.
    static let timeout: TimeInterval = 120

    init(base: String, user: String?, token: String?) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        if let user, !user.isEmpty {
            authorization = "Basic " + Data(user.utf8).base64EncodedString()
        } else if let token, !token.isEmpty {
            authorization = "Bearer " + token
        } else {
            authorization = nil
        }
    }

    /// The registry's whole content.
    func snapshot() throws(RegistryError) -> RegistrySnapshot {
        try RegistrySnapshot(json: try expectOK(send("GET", "/strata/v1/snapshot")), origin: base)
    }

    /// The bundle `strata bundle` writes.
    func bundle() throws(RegistryError) -> CatalogBundleDocument {
        let body = try expectOK(send("GET", "/strata/v1/bundle"))
        do {
            return try CatalogBundleDocument(parsing: Array(body.serialized().utf8))
        } catch {
            throw .database(path: base, reason: "the server sent a bundle that is not one: \(error)")
        }
    }

    /// Sends `body` to a Strata write route; a refusal is a ``RemoteRefusal``.
    func write(_ path: String, _ body: JSONValue) throws -> JSONValue {
        let (status, answer) = try send("POST", path, body: body)
        if status == 200 { return answer }
        throw RemoteRefusal(answer, base: base)
    }

    /// Sets the compatibility configuration of `eventType` (the default when `nil`) with Confluent's
    /// `PUT /config`, which keeps what is not given; returns the configuration now in force.
    func setConfiguration(mode: CompatibilityMode?, policy: CompatibilityPolicy?, for eventType: String?) throws(RegistryError) -> CompatibilityConfiguration {
        var body = JSONObject()
        if let mode { body["compatibility"] = .string(mode.rawValue) }
        if let policy { body["compatibilityPolicy"] = .string(policy.rawValue) }
        let path = "/config" + (eventType.map { "/" + Self.segment($0) } ?? "")
        let (status, answer) = try send("PUT", path, body: .object(body))
        if status == 422, answer["error_code"] == 42208, let eventType { throw .invalidEventType(eventType) }
        let accepted = try expectOK((status, answer))
        guard let modeName = accepted["compatibility"]?.string, let newMode = CompatibilityMode(rawValue: modeName),
              let newPolicy = CompatibilityPolicy(rawValue: accepted["compatibilityPolicy"]?.string ?? "STRICT") else {
            throw .database(path: base, reason: "the server answered PUT \(path) with \(accepted.serialized())")
        }
        return CompatibilityConfiguration(mode: newMode, policy: newPolicy)
    }

    /// A path segment, percent-encoded.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }

    func expectOK(_ answer: (status: Int, body: JSONValue)) throws(RegistryError) -> JSONValue {
        guard answer.status == 200 else {
            throw .database(path: base, reason: "the server answered \(answer.status): \(answer.body["message"]?.string ?? answer.body.serialized())")
        }
        return answer.body
    }

    /// Sends one request and waits for its answer.
    ///
    /// - Throws: ``RegistryError/cannotOpen(path:reason:)`` when the server cannot be reached or
    ///   refuses the credentials; ``RegistryError/database(path:reason:)`` for a 5xx or a body that
    ///   is not JSON.
    func send(_ method: String, _ path: String, body: JSONValue? = nil) throws(RegistryError) -> (status: Int, body: JSONValue) {
        guard let url = URL(string: base + path), url.scheme == "http" || url.scheme == "https" else {
            throw .cannotOpen(path: base, reason: "not an http:// or https:// URL")
        }
        var request = URLRequest(url: url, timeoutInterval: Self.timeout)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.serialized().utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let exchange = Exchange()
        let semaphore = DispatchSemaphore(value: 0)
        let task = Self.session.dataTask(with: request) { data, response, error in
            exchange.finish(data, response, error)
            semaphore.signal()
        }
        task.resume()
        semaphore.wait()
        let (data, response, error) = exchange.result
        let refused = Self.challenges.refused(task)
        guard let http = response as? HTTPURLResponse, error == nil else {
            if refused { throw Self.refusedAccess(base, status: 401) }
            throw .cannotOpen(path: base, reason: "cannot reach the server: \(error?.localizedDescription ?? "no answer")")
        }
        let answer = (try? JSONValue(parsing: Array(data ?? Data()))) ?? .null
        switch http.statusCode {
        case 401, 403:
            throw Self.refusedAccess(base, status: http.statusCode)
        case 500...:
            throw .database(path: base, reason: "server error \(http.statusCode): \(answer["message"]?.string ?? "no message")")
        case 404 where answer["error_code"] == 404:
            throw .database(path: base, reason: "the server has no \(method) \(path); is it strata-server?")
        default:
            guard answer != .null else { throw .database(path: base, reason: "the server answered \(http.statusCode) without a JSON body") }
            return (http.statusCode, answer)
        }
    }

    /// The error of a 401 or 403: the credentials are missing, wrong, or of a role too small.
    static func refusedAccess(_ base: String, status: Int) -> RegistryError {
        .cannotOpen(path: base, reason: "the server refused access (\(status)); give --registry-user name:password, "
            + "STRATA_REGISTRY_USER or STRATA_REGISTRY_TOKEN with a role that may do this")
    }

    /// The session every request goes through, with ``ChallengeRefusal`` as its delegate.
    static let challenges = ChallengeRefusal()
    static let session = URLSession(configuration: .ephemeral, delegate: challenges, delegateQueue: nil)

    /// Answers a server's authentication challenge (a 401 with `WWW-Authenticate`) by cancelling
    /// the request and remembering it, so that the command reports the refusal. The credentials
    /// were already sent in the request's `Authorization` header; there are no others to try.
    /// Without a delegate, URLSession on Linux (swift-corelibs-foundation before 6.3.2) waits for
    /// an answer to the challenge forever.
    final class ChallengeRefusal: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        private let lock = NSLock()
        private var challenged: Set<Int> = []

        func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
            lock.withLock { _ = challenged.insert(task.taskIdentifier) }
            completionHandler(.cancelAuthenticationChallenge, nil)
        }

        /// Whether `task` was challenged (and so cancelled); forgets it.
        func refused(_ task: URLSessionTask) -> Bool {
            lock.withLock { challenged.remove(task.taskIdentifier) != nil }
        }
    }

    /// The outcome of one request, handed from URLSession's queue to the waiting command.
    final class Exchange: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (Data?, URLResponse?, (any Error)?) = (nil, nil, nil)

        func finish(_ data: Data?, _ response: URLResponse?, _ error: (any Error)?) {
            lock.withLock { stored = (data, response, error) }
        }

        var result: (Data?, URLResponse?, (any Error)?) { lock.withLock { stored } }
    }
}

/// A registration the server refused: the `strata` member of its error body
/// (`ConfluentError.strata(_:subject:)`), ended as the same refusal of a local file ends.
struct RemoteRefusal: Error {
    /// `incompatible`, `invalidEventType`, `malformedInput`, `unreadableInput`, `readOnly`,
    /// `locked`, `database` or `failure`.
    var kind: String
    /// The line `strata` prints.
    var message: String
    /// A refusal's report, as `--format json` prints it.
    var report: JSONValue?
    /// A refusal's report, as text.
    var summary: String?

    init(_ body: JSONValue, base: String) {
        let detail = body["strata"]
        kind = detail?["kind"]?.string ?? "failure"
        message = detail?["message"]?.string ?? "\(base): \(body["message"]?.string ?? body.serialized())"
        report = detail?["report"]
        summary = detail?["summary"]?.string
    }
}
