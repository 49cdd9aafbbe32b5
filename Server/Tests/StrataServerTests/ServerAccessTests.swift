import ConfluentAPI
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import StrataServerKit
import Testing

/// Users, tokens and roles over real HTTP: who gets 401, who gets 403 (40301), what each role and
/// each anonymous level may do, and that a verified password is not checked with bcrypt again.
/// (Sent with ``PlainHTTPClient``: URLSession on Linux hangs on a 401 with a challenge.)
struct ServerAccessTests {
    /// bcrypt at its lowest cost, so that tests stay fast; the server reads any cost.
    static let users = [
        UserAccount(name: "reader", role: .read, passwordHash: UserAccount.hash(password: "r-secret", cost: 4)),
        UserAccount(name: "writer", role: .write, passwordHash: UserAccount.hash(password: "w-secret", cost: 4)),
        UserAccount(name: "admin", role: .admin, passwordHash: UserAccount.hash(password: "a-secret", cost: 4)),
    ]
    static let token = "strata_test-token"
    static let tokens = [TokenAccount(name: "ci", role: .write, digest: TokenAccount.digest(of: token))]

    static func basic(_ user: String, _ password: String) -> [String: String] {
        ["Authorization": "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    // Computed, not stored: a stored `Data` global keeps its storage behind an enum's tag bits,
    // where LeakSanitizer does not see it, and is reported as a leak at exit.
    static var schema: Data {
        try! JSONSerialization.data(withJSONObject: [
            "schema": #"{"type":"object","properties":{"orderId":{"type":"string"}}}"#, "schemaType": "JSON",
        ])
    }

    func withServer(_ access: AccessControl, _ body: @Sendable (URL) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-access-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TestServers.run([.sqlite(path: folder.path + "/registry.sqlite")], access: access) { bases in try await body(bases[0]) }
    }

    func send(_ method: String, _ base: URL, _ path: String, body: Data? = nil, headers: [String: String] = [:])
        async throws -> (status: Int, json: [String: Any]?) {
        let reply = try await PlainHTTPClient.send(method, URL(string: base.absoluteString + path)!, body: body, headers: headers)
        return (reply.status, try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
    }

    @Test func withoutCredentialsEverythingButHealthIs401WithAChallenge() async throws {
        try await withServer(AccessControl(users: Self.users)) { base in
            let reply = try await PlainHTTPClient.send("GET", base.appendingPathComponent("subjects"))
            #expect(reply.status == 401)
            #expect(reply.headers["www-authenticate"] == #"Basic realm="strata""#)
            #expect(reply.headers["content-type"] == "application/vnd.schemaregistry.v1+json")
            let body = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
            #expect(body?["error_code"] as? Int == 401 && body?["message"] as? String == "Unauthorized")
            #expect((try await send("GET", base, "/health")).status == 200)
            #expect((try await send("GET", base, "/metrics")).status == 401)
            #expect((try await send("GET", base, "/associations/resources/-/orders")).status == 401)
            // python-schema-registry-client's "no credentials": an empty user and password.
            #expect((try await send("GET", base, "/subjects", headers: ["Authorization": "Basic Og=="])).status == 401)
        }
    }

    @Test func wrongOrMalformedCredentialsAre401() async throws {
        try await withServer(AccessControl(users: Self.users, tokens: Self.tokens, anonymous: .admin)) { base in
            for headers in [Self.basic("reader", "wrong"), Self.basic("nobody", "r-secret"), ["Authorization": "Bearer strata_wrong"],
                            ["Authorization": "Basic not-base64!"], ["Authorization": "Digest abc"]] {
                let status = try await send("GET", base, "/subjects", headers: headers).status
                #expect(status == 401, "\(headers)")
            }
        }
    }

    @Test func eachRoleMayDoWhatItsRouteNeedsAndIsRefusedTheRestWith40301() async throws {
        try await withServer(AccessControl(users: Self.users)) { base in
            let reader = Self.basic("reader", "r-secret"), writer = Self.basic("writer", "w-secret"), admin = Self.basic("admin", "a-secret")
            let refused = try await send("POST", base, "/subjects/orders-value/versions", body: Self.schema, headers: reader)
            #expect(refused.status == 403)
            #expect(refused.json?["error_code"] as? Int == 40301)
            #expect(refused.json?["message"] as? String == "User is denied operation Write on Subject: orders-value")
            #expect((try await send("POST", base, "/subjects/orders-value/versions", body: Self.schema, headers: writer)).status == 200)
            #expect((try await send("GET", base, "/subjects/orders-value/versions/1", headers: reader)).status == 200)
            #expect((try await send("POST", base, "/subjects/orders-value", body: Self.schema, headers: reader)).status == 200)
            #expect((try await send("POST", base, "/compatibility/subjects/orders-value/versions/latest", body: Self.schema,
                                   headers: reader)).status == 200)
            #expect((try await send("GET", base, "/metrics", headers: reader)).status == 200)
            let config = try JSONSerialization.data(withJSONObject: ["compatibility": "FULL"])
            let alter = try await send("PUT", base, "/config", body: config, headers: writer)
            #expect(alter.status == 403 && alter.json?["message"] as? String == "User is denied operation Alter on /config")
            #expect((try await send("DELETE", base, "/subjects/orders-value", headers: writer)).status == 403)
            #expect((try await send("PUT", base, "/config", body: config, headers: admin)).status == 200)
            #expect((try await send("DELETE", base, "/subjects/orders-value", headers: admin)).status == 200)
        }
    }

    @Test func aBearerTokenActsWithItsRole() async throws {
        try await withServer(AccessControl(tokens: Self.tokens)) { base in
            let bearer = ["Authorization": "Bearer \(Self.token)"]
            let registered = try await send("POST", base, "/subjects/orders-value/versions", body: Self.schema, headers: bearer)
            #expect(registered.status == 200)
            #expect((try await send("GET", base, "/subjects", headers: bearer)).status == 200)
            #expect((try await send("DELETE", base, "/subjects/orders-value", headers: bearer)).status == 403)
        }
    }

    @Test(arguments: [AccessRole.read, .write, .admin])
    func anonymousCallersMayDoWhatTheOperatorOpened(_ level: AccessRole) async throws {
        try await withServer(AccessControl(users: Self.users, anonymous: level)) { base in
            for headers in [[:], ["Authorization": "Basic Og=="]] {
                #expect((try await send("GET", base, "/subjects", headers: headers)).status == 200)
                let registered = try await send("POST", base, "/subjects/orders-value/versions", body: Self.schema, headers: headers)
                #expect(registered.status == (level >= .write ? 200 : 401))
                #expect((try await send("PUT", base, "/mode", body: try JSONSerialization.data(withJSONObject: ["mode": "READWRITE"]),
                                       headers: headers)).status == (level == .admin ? 200 : 401))
            }
            // Metrics need read, which every anonymous level here has.
            #expect((try await send("GET", base, "/metrics")).status == 200)
        }
    }

    @Test func metricsCanBeOpenedAlone() async throws {
        try await withServer(AccessControl(users: Self.users, openMetrics: true)) { base in
            let metrics = try await send("GET", base, "/metrics")
            #expect(metrics.status == 200)
            #expect((try await send("GET", base, "/subjects")).status == 401)
        }
    }

    @Test func aVerifiedPasswordIsKeptForTheCacheLifetime() async throws {
        let access = AccessControl(users: Self.users)
        try await withServer(access) { base in
            let first = try await send("GET", base, "/subjects", headers: Self.basic("reader", "r-secret"))
            #expect(first.status == 200)
            #expect((try await send("GET", base, "/subjects", headers: Self.basic("reader", "r-secret"))).status == 200)
            #expect((try await send("GET", base, "/subjects", headers: Self.basic("reader", "wrong"))).status == 401)
            #expect(access.verified.count == 1)
        }
        let uncached = AccessControl(users: Self.users, cacheLifetime: .zero)
        #expect(await uncached.caller(authorization: Self.basic("admin", "a-secret")["Authorization"]) == .known(name: "admin", role: .admin))
        #expect(uncached.verified.count == 0)
    }

    @Test func concurrentRequestsWithOneHeaderShareOneCheck() async {
        let cache = CredentialCache(lifetime: .seconds(60), capacity: 16)
        let checks = Checks()
        await withTaskGroup(of: Caller?.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    await cache.caller(for: CredentialCache.key("Basic x")) {
                        checks.count()
                        try? await Task.sleep(for: .milliseconds(50))
                        return .known(name: "reader", role: .read)
                    }
                }
            }
            for await caller in group { #expect(caller == .known(name: "reader", role: .read)) }
        }
        #expect(checks.value == 1)
    }

    final class Checks: @unchecked Sendable {
        private let lock = NSLock()
        private var made = 0
        func count() { lock.withLock { made += 1 } }
        var value: Int { lock.withLock { made } }
    }

    @Test func theCacheIsBounded() {
        let cache = CredentialCache(lifetime: .seconds(60), capacity: 2)
        for name in ["a", "b", "c"] { cache.keep(.known(name: name, role: .read), for: CredentialCache.key(name)) }
        #expect(cache.count <= 2)
        #expect(cache.caller(for: CredentialCache.key("c")) == .known(name: "c", role: .read))
    }
}
