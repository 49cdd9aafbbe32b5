extension ConfluentError {
    /// 401: no credentials where anonymous callers may not go, or credentials that are wrong. The
    /// text is the one Confluent's server sends; a server adds `WWW-Authenticate`.
    public static let unauthorized = http(401, "Unauthorized")

    /// 40301: the caller is known but its role does not allow the route, in the words of
    /// Confluent's authorizer: `User is denied operation Write on Subject: orders-value`.
    ///
    /// The operation is `Read`, `Write`, `Delete` (a `DELETE`) or `Alter` (a `PUT` of configuration
    /// or mode); the resource is the subject the path names, else the route's template.
    public static func forbidden(_ requirement: RouteRequirement) -> ConfluentError {
        let operation = switch (requirement.access, requirement.method) {
        case (.read, _): "Read"
        case (.write, _): "Write"
        case (.admin, "DELETE"): "Delete"
        case (.admin, _): "Alter"
        }
        let resource = requirement.subject.map { "Subject: \($0)" } ?? requirement.template
        return ConfluentError(status: 403, code: 40301, message: "User is denied operation \(operation) on \(resource)")
    }

    /// 50002: the request took longer than the server's time limit; Confluent's texts
    /// ("Register operation timed out") for the routes it names, `Operation timed out` otherwise.
    public static func operationTimedOut(_ requirement: RouteRequirement?) -> ConfluentError {
        let operation = switch (requirement?.method, requirement?.template) {
        case ("POST", "/subjects/{subject}/versions"): "Register operation"
        case ("DELETE", "/subjects/{subject}"): "Delete subject operation"
        case ("PUT", let template?) where template.hasPrefix("/mode"): "Update mode operation"
        default: "Operation"
        }
        return ConfluentError(status: 500, code: 50002, message: "\(operation) timed out")
    }
}
