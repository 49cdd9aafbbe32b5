import EventSchema
import SchemaRegistry

/// An error as Confluent Schema Registry returns it: an HTTP status and a body
/// `{"error_code": 40401, "message": "Subject 'orders-value' not found."}`.
///
/// The codes and texts are Confluent's (`Errors.java` of its registry), so a client that tells
/// errors apart by `error_code` works unchanged. Errors Confluent leaves to its HTTP framework (an
/// unknown route, a malformed body) carry the HTTP status as their code, as Confluent's do.
public struct ConfluentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// Confluent's error code, such as 40401; the HTTP status for framework errors.
    public var code: Int
    /// The message, in Confluent's words where Confluent has a text for it.
    public var message: String

    /// What Strata's own routes (`/strata/v1/…`) add to the body under `"strata"`: the registry
    /// error's kind and its text as `strata` prints it, and a refusal's report
    /// (``ConfluentError/strata(_:subject:)``). `nil` on Confluent's routes, whose bodies stay Confluent's.
    public var detail: JSONValue?

    /// Creates an error.
    public init(status: Int, code: Int, message: String, detail: JSONValue? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail
    }

    /// The response body: `{"error_code": …, "message": …}`, and `"strata": …` with a ``detail``.
    public var body: JSONValue {
        var members: [JSONObject.Member] = [("error_code", .number(JSONNumber(code))), ("message", .string(message))]
        if let detail { members.append(("strata", detail)) }
        return .object(JSONObject(uniqueMembers: members))
    }

    /// `error_code message`, for logs.
    public var description: String { "\(code) \(message)" }

    /// 40401: no such subject (or every version of it is soft-deleted and deleted ones were not asked for).
    public static func subjectNotFound(_ subject: String) -> ConfluentError {
        ConfluentError(status: 404, code: 40401, message: "Subject '\(subject)' not found.")
    }

    /// 40402: no such version of an existing subject.
    public static func versionNotFound(_ version: Int) -> ConfluentError {
        ConfluentError(status: 404, code: 40402, message: "Version \(version) not found.")
    }

    /// 40403: no schema with that id, or the looked-up schema is not registered under the subject.
    public static func schemaNotFound(id: Int? = nil) -> ConfluentError {
        ConfluentError(status: 404, code: 40403, message: id.map { "Schema \($0) not found" } ?? "Schema not found")
    }

    /// 40404: a soft delete of a subject whose versions are all soft-deleted already.
    public static func subjectSoftDeleted(_ subject: String) -> ConfluentError {
        ConfluentError(status: 404, code: 40404,
                       message: "Subject '\(subject)' was soft deleted.Set permanent=true to delete permanently")
    }

    /// 40405: a permanent delete of a subject that still has live versions.
    public static func subjectNotSoftDeleted(_ subject: String) -> ConfluentError {
        ConfluentError(status: 404, code: 40405,
                       message: "Subject '\(subject)' was not deleted first before being permanently deleted")
    }

    /// 40406: a soft delete of a version that is soft-deleted already.
    public static func versionSoftDeleted(_ subject: String, _ version: Int) -> ConfluentError {
        ConfluentError(status: 404, code: 40406,
                       message: "Subject '\(subject)' Version \(version) was soft deleted.Set permanent=true to delete permanently")
    }

    /// 40407: a permanent delete of a live version.
    public static func versionNotSoftDeleted(_ subject: String, _ version: Int) -> ConfluentError {
        ConfluentError(status: 404, code: 40407,
                       message: "Subject '\(subject)' Version \(version) was not deleted first before being permanently deleted")
    }

    /// 40408: the subject has no configuration of its own.
    public static func subjectConfigNotFound(_ subject: String) -> ConfluentError {
        ConfluentError(status: 404, code: 40408,
                       message: "Subject '\(subject)' does not have subject-level compatibility configured")
    }

    /// 40901: the schema breaks the subject's compatibility; `details` are Confluent-style lines.
    public static func incompatible(_ subject: String, details: [String]) -> ConfluentError {
        ConfluentError(status: 409, code: 40901,
                       message: "Schema being registered is incompatible with an earlier schema for subject \"\(subject)\", details: [\(details.joined(separator: ", "))]")
    }

    /// 42201: the schema is not a valid JSON Schema, or of a type this registry does not hold.
    public static func invalidSchema(_ details: String) -> ConfluentError {
        ConfluentError(status: 422, code: 42201, message: "Invalid schema of type JSON, details: \(details)")
    }

    /// 42202: a version segment that is neither a number from 1 to 2^31-1 nor `latest`.
    public static func invalidVersion(_ text: String) -> ConfluentError {
        ConfluentError(status: 422, code: 42202,
                       message: "The specified version '\(text)' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"")
    }

    /// 42203: an unknown compatibility level (or policy).
    public static let invalidCompatibilityLevel = ConfluentError(
        status: 422, code: 42203,
        message: "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive")

    /// 42204: an unknown mode.
    public static let invalidMode = ConfluentError(
        status: 422, code: 42204, message: "Invalid mode. Valid values are READWRITE, READONLY and IMPORT.")

    /// 42205: the subject's mode does not allow the operation.
    public static func operationNotPermitted(_ subject: String, mode: RegistryMode) -> ConfluentError {
        let message = switch mode {
        case .readOnly: "Subject \(subject) is in read-only mode"
        case .import: "Subject \(subject) is not in read-write mode"
        case .readWrite: "Subject \(subject) is not in import mode"
        }
        return ConfluentError(status: 422, code: 42205, message: message)
    }

    /// 40409: the subject has no mode of its own.
    public static func subjectModeNotFound(_ subject: String) -> ConfluentError {
        ConfluentError(status: 404, code: 40409, message: "Subject '\(subject)' does not have subject-level mode configured")
    }

    /// 42206: a delete of a version that other schemas reference.
    public static func referenced(_ subject: String, _ version: Int, by referrers: [String]) -> ConfluentError {
        ConfluentError(status: 422, code: 42206,
                       message: "One or more references exist to the schema {subject=\(subject),version=\(version)}: \(referrers.joined(separator: ", ")).")
    }

    /// 42208: a subject name that cannot name an event type.
    public static func invalidSubject(_ subject: String) -> ConfluentError {
        ConfluentError(status: 422, code: 42208, message: "The specified subject '\(subject)' is not a valid.")
    }

    /// 50001: the store failed.
    public static func storeError(_ reason: String) -> ConfluentError {
        ConfluentError(status: 500, code: 50001, message: "Error in the backend data store - \(reason)")
    }

    /// An error Confluent leaves to its HTTP framework: the status is the code.
    public static func http(_ status: Int, _ message: String) -> ConfluentError {
        ConfluentError(status: status, code: status, message: message)
    }

    /// 404 for a path no endpoint serves.
    public static let routeNotFound = http(404, "HTTP 404 Not Found")

    /// 405 for a path served with another method. Confluent's framework answers these too; a
    /// client that probes an endpoint gets a JSON body it can read.
    public static let methodNotAllowed = http(405, "HTTP 405 Method Not Allowed")

    /// The Confluent error a registry error of `subject` becomes.
    static func from(_ error: RegistryError, subject: String) -> ConfluentError {
        switch error {
        case .invalidEventType: .invalidSubject(subject)
        case .unknownEventType: .subjectNotFound(subject)
        case .unknownVersion(_, let version): .versionNotFound(version)
        case .schema(let schemaError): .invalidSchema(schemaError.description)
        case .unregisteredReference, .folder, .conflictsWithRegistry, .invalidLintConfiguration: .invalidSchema(error.description)
        case .unknownReference(_, let reference): .invalidSchema(reference.unknownTargetMessage)
        case .referenced(_, let version, let by): .referenced(subject, version, by: by)
        case .notDeletedFirst(_, let version): .versionNotSoftDeleted(subject, version)
        case .modeForbids(_, let mode, _): .operationNotPermitted(subject, mode: mode)
        case .schemaIDTaken(let id, _): ConfluentError(status: 422, code: 42205, message: "Overwrite new schema with id \(id) is not permitted.")
        case .incompatible(let report): .incompatible(subject, details: ConfluentMessages.details(of: report))
        case .cannotOpen, .notARegistry, .readOnly, .locked, .newerFormat, .cannotWrite, .database, .notEmpty: .storeError(error.description)
        }
    }
}
