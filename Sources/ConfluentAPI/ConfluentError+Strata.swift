import EventSchema
import EventUpcasting
import SchemaRegistry

extension ConfluentError {
    /// The error a registry error of `subject` becomes on Strata's own routes: Confluent's status,
    /// code and message (``from(_:subject:)``), and a ``detail`` that lets `strata --registry http://…`
    /// end as it would over a local file:
    ///
    /// `{"kind": "incompatible", "message": "<the line strata prints>", "report": {…}, "summary": "…"}`
    ///
    /// `kind` is one of `incompatible`, `invalidEventType`, `malformedInput`, `unreadableInput`,
    /// `readOnly`, `locked`, `database` and `failure` (docs/server.md lists what each means);
    /// `report` and `summary` come with `incompatible` only.
    public static func strata(_ error: RegistryError, subject: String) -> ConfluentError {
        var failure = from(error, subject: subject)
        var detail: JSONObject = ["kind": .string(kind(of: error)), "message": .string(printedMessage(of: error))]
        if case .incompatible(let report) = error {
            detail["report"] = report.json()
            detail["summary"] = .string(report.summary)
        }
        failure.detail = .object(detail)
        return failure
    }

    /// What `strata` prints for `error`: the innermost error's description.
    static func printedMessage(of error: RegistryError) -> String {
        switch error {
        case .schema(let schemaError): schemaError.description
        case .folder(.schema(let schemaError)): schemaError.description
        case .folder(let folderError): folderError.description
        default: error.description
        }
    }

    /// The kind of failure `error` is, as the command line tells them apart.
    static func kind(of error: RegistryError) -> String {
        switch error {
        case .incompatible: "incompatible"
        case .schema(.unreadableDocument), .folder(.schema(.unreadableDocument)), .cannotOpen: "unreadableInput"
        case .schema, .folder(.schema), .folder(.invalidFolderLayout), .folder(.invalidUpcaster), .folder(.invalidChain),
             .folder(.missingSwiftUpcaster), .folder(.bundleMismatch), .notARegistry, .newerFormat, .unregisteredReference,
             .invalidLintConfiguration:
            "malformedInput"
        case .invalidEventType: "invalidEventType"
        case .readOnly, .cannotWrite: "readOnly"
        case .locked: "locked"
        case .database: "database"
        default: "failure"
        }
    }
}
