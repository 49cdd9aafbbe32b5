import EventSchema
import EventUpcasting

/// The settings of `strata lint`, read from `.strata/lint.yaml`: which rules run, at which
/// severity, with which options, and which types are shared schemas rather than events.
///
/// ```yaml
/// shared-schemas: [Money]
/// rules:
///   property-description:
///     severity: error
///   identifier-format:
///     names: [id, "*Id"]
///     ignore: ["OrderPlaced#/properties/customerId"]
///   envelope-fields:
///     enabled: true
///     fields: [eventId, occurredAt]
/// ```
///
/// A rule the file does not mention keeps its defaults; an option given replaces its default.
public struct LintConfiguration: Sendable, Hashable {
    /// Every rule's settings, by rule id.
    public var rules: [String: LintRuleSettings]
    /// Types named as shared schemas (exempt from event-name and envelope rules) besides those other types reference.
    public var sharedSchemas: [String]

    /// The default path of the configuration file, relative to the working directory, like the default registry.
    public static let defaultPath = ".strata/lint.yaml"

    /// The defaults: every rule enabled by default at its default severity, no shared schemas named.
    public init() {
        rules = Dictionary(uniqueKeysWithValues: Linter.rules.map { ($0.id, LintRuleSettings(defaultsOf: $0)) })
        sharedSchemas = []
    }

    /// Reads the configuration file at `path` (YAML; JSON when it ends in `.json`).
    ///
    /// - Throws: ``RegistryError/schema(_:)`` when it cannot be read or parsed;
    ///   ``RegistryError/invalidLintConfiguration(file:pointer:reason:)`` for an unknown key, rule or
    ///   option, or a value of the wrong kind.
    public init(file path: String, reader: DocumentReader = DocumentReader(maximumBytes: 1 << 20)) throws(RegistryError) {
        let bytes: [UInt8]
        do { bytes = try reader.readBytes(file: path) } catch { throw .schema(error) }
        try self.init(bytes: bytes, file: path, reader: reader)
    }

    /// Reads a configuration from the bytes of a file named `file`; a file of only comments and blank lines is the defaults.
    ///
    /// - Throws: as ``init(file:reader:)``.
    public init(bytes: [UInt8], file: String, reader: DocumentReader = DocumentReader()) throws(RegistryError) {
        self.init()
        let text = String(decoding: bytes, as: UTF8.self)
        let isEmpty = text.split(whereSeparator: \.isNewline).allSatisfy { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            return trimmed.isEmpty || trimmed.hasPrefix("#")
        }
        guard !isEmpty else { return }
        let document: JSONValue
        do { document = try reader.parse(bytes, name: file, isYAML: !file.hasSuffix(".json")) } catch {
            throw .schema(error)
        }
        try apply(document, file: file)
    }

    private mutating func apply(_ document: JSONValue, file: String) throws(RegistryError) {
        func invalid(_ pointer: JSONPointer, _ reason: String) -> RegistryError {
            .invalidLintConfiguration(file: file, pointer: pointer, reason: reason)
        }
        guard case .object(let root) = document else { throw invalid(.root, "the configuration is a mapping with rules and shared-schemas") }
        for (key, value) in root {
            let pointer = JSONPointer(tokens: [key])
            switch key {
            case "shared-schemas": sharedSchemas = try Self.names(value, at: pointer, file: file)
            case "rules":
                guard case .object(let entries) = value else { throw invalid(pointer, "rules is a mapping from rule id to its settings") }
                for (id, settings) in entries {
                    guard let rule = Linter.rules.first(where: { $0.id == id }) else {
                        throw invalid(pointer.appending(id), "unknown rule \"\(id)\"; the rules are \(Linter.rules.map(\.id).joined(separator: ", "))")
                    }
                    rules[id] = try Self.settings(settings, of: rule, at: pointer.appending(id), file: file)
                }
            default: throw invalid(pointer, "unknown key \"\(key)\"; the keys are rules and shared-schemas")
            }
        }
    }

    /// One rule's settings from its mapping.
    private static func settings(_ value: JSONValue, of rule: any LintRule, at base: JSONPointer, file: String) throws(RegistryError) -> LintRuleSettings {
        func invalid(_ pointer: JSONPointer, _ reason: String) -> RegistryError {
            .invalidLintConfiguration(file: file, pointer: pointer, reason: reason)
        }
        var settings = LintRuleSettings(defaultsOf: rule)
        if case .null = value { return settings }
        guard case .object(let object) = value else { throw invalid(base, "a rule's settings are a mapping (enabled, severity, ignore, options)") }
        for (key, member) in object {
            let pointer = base.appending(key)
            switch key {
            case "enabled":
                guard case .bool(let enabled) = member else { throw invalid(pointer, "enabled is true or false") }
                settings.isEnabled = enabled
            case "severity":
                guard let severity = member.string.flatMap(LintSeverity.init(rawValue:)) else {
                    throw invalid(pointer, "severity is error or warning (enabled: false turns a rule off)")
                }
                settings.severity = severity
            case "ignore":
                settings.ignore = try names(member, at: pointer, file: file)
                for (index, entry) in settings.ignore.enumerated() {
                    let parts = entry.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                    guard EventTypeName.isValid(String(parts[0])), parts.count == 1 || JSONPointer(String(parts[1])) != nil else {
                        throw invalid(pointer.appending(index), "an ignore entry is EventType or EventType#/json/pointer")
                    }
                }
            default:
                guard let option = rule.defaultOptions[key] else {
                    let known = ["enabled", "severity", "ignore"] + rule.defaultOptions.keys.sorted()
                    throw invalid(pointer, "unknown option \"\(key)\" of \(rule.id); its keys are \(known.joined(separator: ", "))")
                }
                switch option {
                case .names: settings.options[key] = .names(try names(member, at: pointer, file: file))
                case .flag:
                    guard case .bool(let flag) = member else { throw invalid(pointer, "\(key) is \(option.kind)") }
                    settings.options[key] = .flag(flag)
                }
            }
        }
        return settings
    }

    /// A list of strings.
    private static func names(_ value: JSONValue, at pointer: JSONPointer, file: String) throws(RegistryError) -> [String] {
        guard case .array(let elements) = value else {
            throw .invalidLintConfiguration(file: file, pointer: pointer, reason: "expected a list of strings")
        }
        var names: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let name) = element, !name.isEmpty else {
                throw .invalidLintConfiguration(file: file, pointer: pointer.appending(index), reason: "expected a non-empty string")
            }
            names.append(name)
        }
        return names
    }
}
