/// The role a caller needs for a route: `read` < `write` < `admin`, each allowing what the roles
/// below it allow.
///
/// Every route of ``ConfluentAPI`` declares one (see ``ConfluentAPI/requirements``): `read` for
/// every `GET` and the read-only `POST`s (a lookup, a compatibility check), `write` for a
/// registration, `admin` for configuration, modes and every `DELETE`. A server decides who holds
/// which role; this module only says what each route needs.
public enum AccessRole: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    /// Reads schemas, subjects, versions, configuration and modes; looks schemas up and checks compatibility.
    case read
    /// What `read` may, and registers schemas.
    case write
    /// What `write` may, and changes configuration and modes and deletes versions and subjects.
    case admin

    /// The role named `read`, `write` or `admin`; `nil` for anything else.
    public init?(name: String) {
        guard let role = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = role
    }

    /// `read`, `write` or `admin`.
    public var description: String {
        switch self {
        case .read: "read"
        case .write: "write"
        case .admin: "admin"
        }
    }

    /// Whether `lhs` allows less than `rhs`.
    public static func < (lhs: AccessRole, rhs: AccessRole) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
