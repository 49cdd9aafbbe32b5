import EventSchema
import Foundation

extension Upcaster {
    /// Reads an upcaster file `Upcasters/<EventType>/<from>-to-<to>.yaml` (or `.json`).
    ///
    /// The file is an object with an optional `description` and a `steps` list; each step is an
    /// object whose first key names the step and points at the value it changes:
    ///
    /// | step | example |
    /// |---|---|
    /// | rename | `{rename: /customer, to: customerId}` |
    /// | move | `{move: /amount, to: /total/minorUnits}` |
    /// | copy | `{copy: /currency, to: /lines/*/unitPrice/currency}` |
    /// | set | `{set: /marketingConsent, value: false}` (only if absent; `always: true` to overwrite) |
    /// | remove | `{remove: /note}` |
    /// | convert | `{convert: /placedAt, with: unix-seconds-to-rfc3339}` |
    /// | swift | `{swift: splitName}` |
    /// | rename-type | `{rename-type: CustomerRegistered}` (last step) |
    /// | split | `{split: [{type: OrderSubmitted, steps: […]}, {type: PaymentTaken, version: 1}]}` (last step) |
    ///
    /// - Throws: ``UpcastingError/invalidUpcaster(file:pointer:reason:)`` naming the file and the step's pointer.
    public init(file path: String, reader: DocumentReader = DocumentReader()) throws(UpcastingError) {
        self = try Self.load(file: path, reader: reader).upcaster
    }

    /// Reads an upcaster file, returning the upcaster and the document it was read from.
    public static func load(file path: String, reader: DocumentReader = DocumentReader()) throws(UpcastingError) -> (upcaster: Upcaster, document: JSONValue) {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let eventType = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
        let parts = name.components(separatedBy: "-to-")
        // `to` is the version of the event type the upcaster writes, which is a different type
        // after a rename-type step; the chain checks that a same-type upcaster goes forwards.
        guard parts.count == 2, let from = Int(parts[0]), let to = Int(parts[1]), from >= 1, to >= 1 else {
            throw .invalidUpcaster(file: path, pointer: .root, reason: "upcaster files are named <from>-to-<to>, such as 1-to-2.yaml")
        }
        let document: JSONValue
        do { document = try reader.read(file: path) } catch { throw .schema(error) }
        return (try Upcaster(document, eventType: eventType, from: from, to: to, file: path), document)
    }

    /// The upcaster files under `folder` (`<EventType>/<from>-to-<to>.yaml|yml|json`), by event
    /// type then name; only those of `eventTypes` when given. A missing folder has none.
    ///
    /// - Throws: ``UpcastingError/invalidFolderLayout(path:reason:)`` for a file or folder that links outside `folder`.
    public static func files(in folder: String, eventTypes: Set<String>? = nil) throws(UpcastingError) -> [String] {
        guard let tree = try? FolderTree(root: folder) else { return [] }
        var found: [String] = []
        for type in tree.entries(of: folder) where eventTypes?.contains(type) != false {
            let typeFolder = (folder as NSString).appendingPathComponent(type)
            guard tree.isFolder(typeFolder) else { continue }
            try tree.requireInside(typeFolder)
            for entry in tree.entries(of: typeFolder) where ["yaml", "yml", "json"].contains((entry as NSString).pathExtension) {
                let path = (typeFolder as NSString).appendingPathComponent(entry)
                try tree.requireInside(path)
                found.append(path)
            }
        }
        return found
    }

    /// Reads an upcaster from its document.
    public init(_ document: JSONValue, eventType: String, from: Int, to: Int, file: String) throws(UpcastingError) {
        func invalid(_ pointer: JSONPointer, _ reason: String) -> UpcastingError {
            .invalidUpcaster(file: file, pointer: pointer, reason: reason)
        }
        guard case .object(let object) = document else { throw invalid(.root, "an upcaster is an object with a steps list") }
        for key in object.keys where !["description", "steps"].contains(key) {
            throw invalid(JSONPointer(tokens: [key]), "unknown key \"\(key)\"; an upcaster has description and steps")
        }
        guard case .array(let list)? = object["steps"] else { throw invalid(JSONPointer(tokens: ["steps"]), "steps must be a list") }
        let steps = try Self.steps(list, at: JSONPointer(tokens: ["steps"]), inPart: false, file: file)
        self.init(eventType: eventType, fromVersion: from, toVersion: to,
                  summary: object["description"]?.string, steps: steps, file: file)
    }

    /// Reads a list of steps at `base` in an upcaster file; rename-type and split only as the last
    /// step, and not inside a split's part.
    private static func steps(_ list: [JSONValue], at base: JSONPointer, inPart: Bool, file: String) throws(UpcastingError) -> [UpcastStep] {
        func invalid(_ pointer: JSONPointer, _ reason: String) -> UpcastingError {
            .invalidUpcaster(file: file, pointer: pointer, reason: reason)
        }
        var steps: [UpcastStep] = []
        for (index, item) in list.enumerated() {
            let here = base.appending(index)
            guard case .object(let step) = item, let (kind, target) = step.members.first else {
                throw invalid(here, "a step is an object such as {rename: /customer, to: customerId}")
            }
            func pointer(_ value: JSONValue?, _ key: String) throws(UpcastingError) -> UpcastPointer {
                guard case .string(let text)? = value, let parsed = UpcastPointer(text) else {
                    throw invalid(here.appending(key), "\(key) must be a JSON pointer such as /customer or /lines/*/unitPrice")
                }
                return parsed
            }
            func string(_ key: String) throws(UpcastingError) -> String {
                guard case .string(let text)? = step[key] else { throw invalid(here.appending(key), "\(kind) needs \(key)") }
                return text
            }
            func allow(_ keys: Set<String>) throws(UpcastingError) {
                for key in step.keys where key != kind && !keys.contains(key) {
                    throw invalid(here.appending(key), "\(kind) does not take \"\(key)\"")
                }
            }
            switch kind {
            case "rename":
                try allow(["to"])
                let name = try string("to")
                guard !name.isEmpty, !name.contains("/") else { throw invalid(here.appending("to"), "rename takes a new member name, not a pointer") }
                steps.append(.rename(pointer: try pointer(target, kind), newName: name))
            case "move", "copy":
                try allow(["to"])
                let source = try pointer(target, kind), destination = try pointer(step["to"], "to")
                steps.append(kind == "move" ? .move(from: source, to: destination) : .copy(from: source, to: destination))
            case "set":
                try allow(["value", "always"])
                guard let value = step["value"] else { throw invalid(here.appending("value"), "set needs value") }
                let always = step["always"]?.bool ?? false
                steps.append(.set(pointer: try pointer(target, kind), value: value, onlyIfAbsent: !always))
            case "remove":
                try allow([])
                steps.append(.remove(pointer: try pointer(target, kind)))
            case "convert":
                let converterName = try string("with")
                let converter: ValueConverter
                switch converterName {
                case "unix-seconds-to-rfc3339": try allow(["with"]); converter = .unixSecondsToRFC3339
                case "rfc3339-to-unix-seconds": try allow(["with"]); converter = .rfc3339ToUnixSeconds
                case "rfc3339-to-whole-unix-seconds": try allow(["with"]); converter = .rfc3339ToWholeUnixSeconds
                case "number-to-string": try allow(["with"]); converter = .numberToString
                case "string-to-number": try allow(["with"]); converter = .stringToNumber
                case "widen-integer": try allow(["with"]); converter = .widenInteger
                case "wrap-in-array": try allow(["with"]); converter = .wrapInArray
                case "wrap-in-object": try allow(["with", "key"]); converter = .wrapInObject(key: try string("key"))
                case "decimal-to-minor-units", "minor-units-to-decimal":
                    try allow(["with", "scale"])
                    guard case .number(let number)? = step["scale"], let scale = try? number.int64(), (0...18).contains(scale) else {
                        throw invalid(here.appending("scale"), "\(converterName) needs scale, an integer from 0 to 18")
                    }
                    converter = converterName == "decimal-to-minor-units" ? .decimalToMinorUnits(scale: Int(scale)) : .minorUnitsToDecimal(scale: Int(scale))
                case "map-values":
                    try allow(["with", "values", "otherwise"])
                    guard case .array(let pairs)? = step["values"] else {
                        throw invalid(here.appending("values"), "map-values needs values: a list of {from: old, to: new}")
                    }
                    var mapping: [ValueConverter.ValueMapping] = []
                    for (position, pair) in pairs.enumerated() {
                        guard let old = pair["from"], let new = pair["to"] else {
                            throw invalid(here.appending("values").appending(position), "each entry is {from: old, to: new}")
                        }
                        mapping.append(.init(from: old, to: new))
                    }
                    converter = .mapValues(mapping: mapping, otherwise: step["otherwise"])
                default:
                    throw invalid(here.appending("with"), "unknown converter \"\(converterName)\"; known: \(ValueConverter.names.joined(separator: ", "))")
                }
                steps.append(.convert(pointer: try pointer(target, kind), converter: converter))
            case "swift":
                try allow([])
                guard case .string(let name) = target, !name.isEmpty else { throw invalid(here.appending(kind), "swift names a Swift upcaster") }
                steps.append(.swift(name: name))
            case "rename-type", "split":
                guard !inPart else { throw invalid(here.appending(kind), "\(kind) cannot be inside a split's part") }
                guard index == list.count - 1 else {
                    throw invalid(here.appending(kind), "\(kind) decides which events the upcaster makes, so it is the last step")
                }
                if kind == "rename-type" {
                    try allow([])
                    guard case .string(let name) = target, SchemaFolder.isValidEventType(name) else {
                        throw invalid(here.appending(kind), "rename-type names the new event type, such as CustomerRegistered")
                    }
                    steps.append(.renameType(to: name))
                } else {
                    try allow([])
                    steps.append(.split(parts: try splitParts(target, at: here.appending(kind), file: file)))
                }
            default:
                throw invalid(here.appending(kind), "unknown step \"\(kind)\"; steps are rename, move, copy, set, remove, convert, swift, rename-type, split")
            }
        }
        return steps
    }

    /// Reads a split step's parts: a list of `{type, version, steps}`, at least two.
    private static func splitParts(_ value: JSONValue, at here: JSONPointer, file: String) throws(UpcastingError) -> [SplitPart] {
        func invalid(_ pointer: JSONPointer, _ reason: String) -> UpcastingError {
            .invalidUpcaster(file: file, pointer: pointer, reason: reason)
        }
        guard case .array(let list) = value, list.count >= 2 else {
            throw invalid(here, "split takes a list of at least two parts, each {type, version, steps}")
        }
        var parts: [SplitPart] = []
        for (index, item) in list.enumerated() {
            let at = here.appending(index)
            guard case .object(let part) = item else { throw invalid(at, "a part is {type, version, steps}") }
            for key in part.keys where !["type", "version", "steps"].contains(key) {
                throw invalid(at.appending(key), "a part takes type, version and steps, not \"\(key)\"")
            }
            var eventType: String?
            if let type = part["type"] {
                guard case .string(let name) = type, SchemaFolder.isValidEventType(name) else {
                    throw invalid(at.appending("type"), "type names an event type, such as PaymentTaken")
                }
                eventType = name
            }
            var version: Int?
            if let number = part["version"] {
                guard let parsed = EventEnvelope.positiveInteger(number), case .number = number else {
                    throw invalid(at.appending("version"), "version is a whole number from 1")
                }
                version = parsed
            }
            var steps: [UpcastStep] = []
            if let list = part["steps"] {
                guard case .array(let items) = list else { throw invalid(at.appending("steps"), "steps must be a list") }
                steps = try Self.steps(items, at: at.appending("steps"), inPart: true, file: file)
            }
            parts.append(SplitPart(eventType: eventType, version: version, steps: steps))
        }
        return parts
    }
}
