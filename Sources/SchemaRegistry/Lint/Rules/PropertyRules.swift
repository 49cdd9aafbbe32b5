import EventSchema
import EventUpcasting
import Foundation

extension LintCatalog {
    /// Every subschema of the latest version of each type (shared schemas included), with its file.
    func latestNodes() -> [(file: SchemaFolder.SchemaFile, node: SchemaNode)] {
        latest.flatMap { file in SchemaWalk.nodes(of: documents[file] ?? .null).map { (file, $0) } }
    }
}

extension LintIssue {
    /// An issue at `node` of `file`.
    init(_ file: SchemaFolder.SchemaFile, _ node: SchemaNode, _ message: String) {
        self.init(eventType: file.eventType, version: file.version, file: file.path, pointer: node.pointer, message: message)
    }
}

/// `property-description`: every property says what it means.
public struct PropertyDescriptionRule: LintRule {
    /// Creates the rule.
    public init() {}
    public var id: String { "property-description" }
    public var reason: String { "consumers in other teams read the schema as the event's documentation" }
    public var fix: String { "add a \"description\" to the property: what it means, its unit, an example" }
    public var defaultSeverity: LintSeverity { .warning }

    public func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue] {
        catalog.latestNodes().compactMap { file, node in
            guard let name = node.propertyName else { return nil }
            if case .string(let text)? = node.object["description"], !text.isEmpty { return nil }
            return LintIssue(file, node, "property \"\(name)\" has no description")
        }
    }
}

/// `additional-properties-stated`: an object says whether it is closed or deliberately open.
public struct AdditionalPropertiesRule: LintRule {
    /// Creates the rule.
    public init() {}
    public var id: String { "additional-properties-stated" }
    public var reason: String { "an object that says nothing is open by accident, and what may be added to it later is unclear" }
    public var fix: String { "state \"additionalProperties\": false (closed) or true / a schema (deliberately open)" }
    public var defaultSeverity: LintSeverity { .warning }

    public func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue] {
        catalog.latestNodes().compactMap { file, node in
            guard node.isObjectSchema, node.object["additionalProperties"] == nil, node.object["unevaluatedProperties"] == nil else { return nil }
            return LintIssue(file, node, "the object does not state additionalProperties")
        }
    }
}

/// `money-not-number`: an amount of money is never a JSON number, which readers hold as a float.
public struct MoneyNotNumberRule: LintRule {
    /// Creates the rule.
    public init() {}
    public var id: String { "money-not-number" }
    public var reason: String { "a float amount loses cents (0.1 + 0.2 ≠ 0.3); money is integer minor units or a decimal string" }
    public var fix: String { "use a Money schema by $ref, \"type\": \"integer\" in minor units, or a string with a decimal pattern" }
    public var defaultSeverity: LintSeverity { .error }
    public var defaultOptions: [String: LintOption] {
        [
            "names": .names(["amount", "*Amount", "price", "*Price", "total", "*Total", "cost", "*Cost", "fee", "*Fee",
                             "balance", "*Balance", "tax", "*Tax"]),
            "schemas": .names(["Money"]),
        ]
    }

    public func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue] {
        let names = settings.names("names"), moneySchemas = Set(settings.names("schemas"))
        return catalog.latestNodes().compactMap { file, node in
            guard node.types.contains("number") else { return nil }
            if let name = node.propertyName, NamePattern.matches(name, anyOf: names) {
                return LintIssue(file, node, "money property \"\(name)\" is a JSON number")
            }
            guard moneySchemas.contains(file.eventType) else { return nil }
            return LintIssue(file, node, "\(file.eventType) is a money schema, and this value is a JSON number")
        }
    }
}
