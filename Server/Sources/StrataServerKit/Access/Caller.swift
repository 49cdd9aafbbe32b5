import ConfluentAPI

/// Who sent a request, as its `Authorization` header says.
public enum Caller: Sendable, Equatable, CustomStringConvertible {
    /// No credentials: no `Authorization` header, or basic authentication with an empty user name
    /// (python-schema-registry-client sends `Basic Og==`, an empty user and password, when it has none).
    case anonymous
    /// A user of the users file or a token of the tokens file, by name, with its role.
    case known(name: String, role: AccessRole)

    /// The name, or `anonymous`: what logs show.
    public var description: String {
        switch self {
        case .anonymous: "anonymous"
        case .known(let name, _): name
        }
    }
}
