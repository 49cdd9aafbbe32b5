import EventSchema

/// `envelope-fields`: every event carries the fields the organisation's envelope requires. Off by default.
public struct EnvelopeFieldsRule: LintRule {
    /// Creates the rule.
    public init() {}
    public var id: String { "envelope-fields" }
    public var reason: String { "consumers rely on the same identity and time fields in every event (for deduplication and ordering)" }
    public var fix: String { "add each field listed under `fields` to the schema's top-level properties and required" }
    public var defaultSeverity: LintSeverity { .error }
    public var enabledByDefault: Bool { false }
    public var defaultOptions: [String: LintOption] { ["fields": .names([])] }

    public func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue] {
        catalog.latestEvents.flatMap { file -> [LintIssue] in
            let root = catalog.documents[file]?.object ?? JSONObject()
            let properties = root["properties"]?.object ?? JSONObject()
            let required = Set((root["required"]?.array ?? []).compactMap(\.string))
            return settings.names("fields").compactMap { field in
                if properties[field] == nil {
                    return LintIssue(eventType: file.eventType, version: file.version, file: file.path,
                                     pointer: JSONPointer(tokens: ["properties"]), message: "envelope field \"\(field)\" is not a property")
                }
                guard !required.contains(field) else { return nil }
                return LintIssue(eventType: file.eventType, version: file.version, file: file.path,
                                 pointer: JSONPointer(tokens: ["required"]), message: "envelope field \"\(field)\" is not required")
            }
        }
    }
}
