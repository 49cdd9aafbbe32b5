/// What answering a request requires: the route's method and template, the role it needs, and the
/// subject it acts on, when its path names one.
public struct RouteRequirement: Sendable, Equatable {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    public var method: String
    /// The route's template, such as `/subjects/{subject}/versions`.
    public var template: String
    /// The role a caller needs.
    public var access: AccessRole
    /// The `{subject}` of the request's path; `nil` for a route without one, and in
    /// ``ConfluentAPI/requirements``.
    public var subject: String?

    /// Creates a requirement.
    public init(method: String, template: String, access: AccessRole, subject: String? = nil) {
        self.method = method
        self.template = template
        self.access = access
        self.subject = subject
    }
}

extension ConfluentAPI {
    /// Every route with the role it needs, in the order routes are matched.
    public static var requirements: [RouteRequirement] {
        routes.map { RouteRequirement(method: $0.method, template: $0.template, access: $0.access) }
    }

    /// What answering `request` requires, from its method and path alone (the body is not read);
    /// `nil` when no route serves it, which ``respond(to:)`` answers with 404 or 405.
    ///
    /// - Complexity: O(*r*) in the number of routes.
    public static func requirement(for request: ConfluentRequest) -> RouteRequirement? {
        guard let (route, _) = route(request) else { return nil }
        let subject = route.template.split(separator: "/").firstIndex(of: "{subject}").map { request.segments[$0] }
        return RouteRequirement(method: route.method, template: route.template, access: route.access, subject: subject)
    }
}
