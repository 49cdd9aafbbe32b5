import ConfluentAPI
import Testing

/// The role each route needs: declared by every route, and following the rule the server's
/// documentation states (read: every GET and the read-only POSTs; write: registrations, syncs and
/// upcasters; admin: configuration, modes and every DELETE).
struct RouteAccessTests {
    /// The POSTs that only read.
    static let readOnlyPosts: Set<String> = [
        "/subjects/{subject}", "/compatibility/subjects/{subject}/versions/{version}", "/compatibility/subjects/{subject}/versions",
    ]
    /// The one PUT that is not a setting: an upcaster, registered as a schema is (write).
    static let writingPuts: Set<String> = ["/strata/v1/subjects/{subject}/upcasters/{file}"]

    @Test(arguments: ConfluentAPI.requirements.map { "\($0.method) \($0.template)" })
    func everyRouteDeclaresTheRoleTheRuleGivesIt(_ route: String) throws {
        let requirement = try #require(ConfluentAPI.requirements.first { "\($0.method) \($0.template)" == route })
        let expected: AccessRole = switch requirement.method {
        case "GET": .read
        case "PUT" where Self.writingPuts.contains(requirement.template): .write
        case "PUT", "DELETE": .admin
        default: Self.readOnlyPosts.contains(requirement.template) ? .read : .write
        }
        #expect(requirement.access == expected, "\(route)")
    }

    @Test func everyRouteIsListedWithItsRole() {
        #expect(ConfluentAPI.requirements.count == 37)
        #expect(ConfluentAPI.requirements.filter { $0.access == .write }.map(\.template) == [
            "/subjects/{subject}/versions", "/strata/v1/subjects/{subject}/upcasters/{file}", "/strata/v1/subjects/{subject}/register", "/strata/v1/sync",
        ])
    }

    @Test func aRequestsRequirementNamesItsSubject() throws {
        let register = try #require(ConfluentRequest(method: "POST", path: "/subjects/orders-value/versions"))
        #expect(ConfluentAPI.requirement(for: register)
            == RouteRequirement(method: "POST", template: "/subjects/{subject}/versions", access: .write, subject: "orders-value"))
        let config = try #require(ConfluentRequest(method: "PUT", path: "/config"))
        #expect(ConfluentAPI.requirement(for: config) == RouteRequirement(method: "PUT", template: "/config", access: .admin))
        #expect(ConfluentAPI.requirement(for: ConfluentRequest(method: "GET", segments: ["associations"])) == nil)
    }

    @Test func refusalsNameTheOperationAndTheSubject() {
        let delete = RouteRequirement(method: "DELETE", template: "/subjects/{subject}", access: .admin, subject: "orders-value")
        #expect(ConfluentError.forbidden(delete).body.serialized()
            == #"{"error_code":40301,"message":"User is denied operation Delete on Subject: orders-value"}"#)
        #expect(ConfluentError.forbidden(RouteRequirement(method: "PUT", template: "/config", access: .admin)).message
            == "User is denied operation Alter on /config")
        #expect(ConfluentError.unauthorized.body.serialized() == #"{"error_code":401,"message":"Unauthorized"}"#)
        let register = RouteRequirement(method: "POST", template: "/subjects/{subject}/versions", access: .write, subject: "s")
        #expect(ConfluentError.operationTimedOut(register) == ConfluentError(status: 500, code: 50002, message: "Register operation timed out"))
    }

    @Test func rolesAreOrderedAndNamed() {
        #expect(AccessRole.read < .write && AccessRole.write < .admin)
        #expect(AccessRole.allCases.map { AccessRole(name: $0.description) } == [.read, .write, .admin])
        #expect(AccessRole(name: "root") == nil)
    }
}
