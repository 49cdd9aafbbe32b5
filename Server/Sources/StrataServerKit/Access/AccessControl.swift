import ConfluentAPI
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Who may do what on the server: users (HTTP basic, bcrypt hashes), bearer tokens (kept as
/// SHA-256 digests), and what an anonymous caller may do (nothing by default).
///
/// A caller is identified by ``caller(authorization:)``, then ``refusal(of:needing:for:)`` says
/// whether its role covers the route. Wrong or malformed credentials are refused even where an
/// anonymous caller would be let in.
public struct AccessControl: Sendable {
    /// The users of basic authentication, by name.
    public let users: [String: UserAccount]
    /// The bearer tokens.
    public let tokens: [TokenAccount]
    /// The role of a caller without credentials; `nil` (the default): none, every route but
    /// `/health` answers 401.
    public let anonymous: AccessRole?
    /// Whether `GET /metrics` is open to anyone; else it needs `read`.
    public let openMetrics: Bool
    let verified: CredentialCache

    /// Creates the rules. Verified basic credentials are trusted for `cacheLifetime` (60 s by
    /// default), at most `cacheCapacity` of them.
    public init(users: [UserAccount] = [], tokens: [TokenAccount] = [], anonymous: AccessRole? = nil, openMetrics: Bool = false,
                cacheLifetime: Duration = .seconds(60), cacheCapacity: Int = 4096) {
        self.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.tokens = tokens
        self.anonymous = anonymous
        self.openMetrics = openMetrics
        self.verified = CredentialCache(lifetime: cacheLifetime, capacity: cacheCapacity)
    }

    /// Anyone may do anything: no files, anonymous `admin`. For tests and trusted networks.
    public static var open: AccessControl { AccessControl(anonymous: .admin, openMetrics: true) }

    /// The rules of a users file and a tokens file (either may be absent).
    ///
    /// - Throws: ``AccessFileError`` naming the file and line of the first unusable line.
    public static func load(usersFile: String?, tokensFile: String?, anonymous: AccessRole?,
                            openMetrics: Bool = false) throws(AccessFileError) -> AccessControl {
        AccessControl(users: try usersFile.map { path throws(AccessFileError) in try UserAccount.load(path) } ?? [],
                      tokens: try tokensFile.map { path throws(AccessFileError) in try TokenAccount.load(path) } ?? [],
                      anonymous: anonymous, openMetrics: openMetrics)
    }

    /// Who sent a request with this `Authorization` header; `nil` for credentials that are wrong,
    /// unknown or malformed (answered with 401).
    ///
    /// Basic credentials are checked with bcrypt on NIO's thread pool, then kept (see
    /// ``CredentialCache``); a bearer token's SHA-256 is compared with every token's in constant time.
    public func caller(authorization: String?) async -> Caller? {
        guard let authorization, !authorization.isEmpty else { return .anonymous }
        let parts = authorization.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { return nil }
        switch parts[0].lowercased() {
        case "basic": return await basicCaller(credentials: parts[1], header: authorization)
        case "bearer": return tokenCaller(parts[1])
        default: return nil
        }
    }

    /// Why `caller` may not go on with a route that needs `role` (`nil`: no credentials needed),
    /// or `nil` when it may: 401 for an anonymous caller, 403 (40301) for a known one.
    public func refusal(of caller: Caller, needing role: AccessRole?, for requirement: RouteRequirement?) -> ConfluentError? {
        guard let role else { return nil }
        switch caller {
        case .anonymous:
            guard let anonymous, anonymous >= role else { return .unauthorized }
            return nil
        case .known(_, let granted):
            guard granted >= role else {
                return .forbidden(requirement ?? RouteRequirement(method: "GET", template: "/metrics", access: role))
            }
            return nil
        }
    }

    private func basicCaller(credentials: String, header: String) async -> Caller? {
        guard let decoded = Data(base64Encoded: credentials).flatMap({ String(data: $0, encoding: .utf8) }),
              let colon = decoded.firstIndex(of: ":") else { return nil }
        let name = String(decoded[..<colon])
        if name.isEmpty { return .anonymous }
        let password = String(decoded[decoded.index(after: colon)...])
        let user = users[name]
        return await verified.caller(for: CredentialCache.key(header)) {
            // An unknown name costs a bcrypt too, so that timing does not tell which names exist.
            let hash = user?.passwordHash ?? Self.unknownUserHash
            let matches = (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }) ?? false
            guard matches, let user else { return nil }
            return .known(name: user.name, role: user.role)
        }
    }

    private func tokenCaller(_ token: String) -> Caller? {
        let digest = TokenAccount.digest(of: token)
        var found: TokenAccount?
        for account in tokens where TokenAccount.constantTimeEqual(account.digest, digest) { found = account }
        return found.map { .known(name: $0.name, role: $0.role) }
    }

    /// A hash no password matches in practice, verified for unknown user names.
    private static let unknownUserHash = Bcrypt.hash(UUID().uuidString, cost: 12)
}
