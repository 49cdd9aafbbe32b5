import EventSchema
import EventUpcasting
import SchemaRegistry

/// The bodies of Strata's own routes (`/strata/v1/…`): what `strata --registry http://…` sends so
/// that the server runs the registration it would run over a local file.
///
/// Documents travel as JSON values (a YAML file is sent as the JSON it reads as); file names
/// travel as the labels reports and errors show.
public enum StrataMessages {
    /// `POST /strata/v1/subjects/{subject}/register`: a schema and what may bridge its break.
    ///
    /// `{"schema": {…}, "file": "Schemas/OrderPlaced/3.json", "upcasters": [{"file", "document"}],
    /// "golden": [{"eventType", "version", "file", "payload"}], "pinnedFormVersions": {"OrderPlaced": 3}}`
    public static func registerRequest(_ body: [UInt8], subject: String) throws(ConfluentError) -> (document: JSONValue, file: String?, bridging: BridgeContext) {
        let object = try ConfluentMessages.jsonObject(body)
        guard let document = object["schema"] else { throw .invalidSchema("Empty schema") }
        var bridging = BridgeContext()
        for (upcaster, document) in try upcasters(object["upcasters"]) {
            bridging.upcasters.append(upcaster)
            if let file = upcaster.file { bridging.documents[file] = document }
        }
        bridging.golden = try golden(object["golden"])
        bridging.pinnedFormVersions = try pinnedFormVersions(object["pinnedFormVersions"])
        let file = object["file"] ?? .null
        guard file.isNull || file.string != nil else { throw .http(400, "file must be a string") }
        return (document, file.string, bridging)
    }

    /// `POST /strata/v1/sync`: `{"schemas": [{"eventType", "version", "file", "schema"}], "upcasters",
    /// "golden", "pinnedFormVersions"}` as in ``registerRequest(_:subject:)``.
    public static func syncRequest(_ body: [UInt8]) throws(ConfluentError) -> SyncInput {
        let object = try ConfluentMessages.jsonObject(body)
        guard let entries = object["schemas"]?.array else { throw .http(400, "schemas must be an array") }
        var schemas: [(file: SchemaFolder.SchemaFile, document: JSONValue)] = []
        for entry in entries {
            guard let type = entry["eventType"]?.string, let version = integer(entry["version"]), let file = entry["file"]?.string,
                  let document = entry["schema"] else {
                throw .http(400, "each schema needs eventType, an integer version, file and schema")
            }
            guard SchemaFolder.isValidEventType(type) else { throw .invalidSubject(type) }
            schemas.append((SchemaFolder.SchemaFile(eventType: type, version: version, path: file), document))
        }
        return SyncInput(schemas: schemas, upcasters: try upcasters(object["upcasters"]), golden: try golden(object["golden"]),
                         pinnedFormVersions: try pinnedFormVersions(object["pinnedFormVersions"]))
    }

    /// The upcaster files of a request, `[{"file": "Upcasters/OrderPlaced/1-to-2.yaml", "document": {…}}]`,
    /// read as `strata` reads the files: the event type from the folder, the versions from the name.
    ///
    /// - Throws: 422 (42201) with the file's error, as `strata` refuses it.
    static func upcasters(_ value: JSONValue?) throws(ConfluentError) -> [(upcaster: Upcaster, document: JSONValue)] {
        guard let value, !value.isNull else { return [] }
        guard let entries = value.array else { throw .http(400, "upcasters must be an array") }
        var read: [(upcaster: Upcaster, document: JSONValue)] = []
        for entry in entries {
            guard let file = entry["file"]?.string, let document = entry["document"] else {
                throw .http(400, "each upcaster needs a file and a document")
            }
            let parts = file.split(separator: "/")
            guard parts.count >= 2 else { throw .http(400, "an upcaster file is named <EventType>/<from>-to-<to>.yaml") }
            read.append((try upcaster(document, eventType: String(parts[parts.count - 2]), name: String(parts[parts.count - 1]), file: file), document))
        }
        return read
    }

    /// An upcaster file's document named `name` (`1-to-2`, `1-to-2.yaml`) of `eventType`.
    static func upcaster(_ document: JSONValue, eventType: String, name: String, file: String) throws(ConfluentError) -> Upcaster {
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        let bounds = stem.components(separatedBy: "-to-")
        guard bounds.count == 2, let from = Int(bounds[0]), let to = Int(bounds[1]), from >= 1, to >= 1 else {
            throw .strata(.folder(.invalidUpcaster(file: file, pointer: .root, reason: "upcaster files are named <from>-to-<to>, such as 1-to-2.yaml")), subject: eventType)
        }
        do {
            return try Upcaster(document, eventType: eventType, from: from, to: to, file: file)
        } catch {
            throw .strata(.folder(error), subject: eventType)
        }
    }

    static func golden(_ value: JSONValue?) throws(ConfluentError) -> [EventVersion: [(file: String, payload: JSONValue)]] {
        guard let value, !value.isNull else { return [:] }
        guard let entries = value.array else { throw .http(400, "golden must be an array") }
        var golden: [EventVersion: [(file: String, payload: JSONValue)]] = [:]
        for entry in entries {
            guard let type = entry["eventType"]?.string, let version = integer(entry["version"]), let file = entry["file"]?.string,
                  let payload = entry["payload"] else {
                throw .http(400, "each golden example needs eventType, an integer version, file and payload")
            }
            golden[EventVersion(type, version), default: []].append((file, payload))
        }
        return golden
    }

    static func pinnedFormVersions(_ value: JSONValue?) throws(ConfluentError) -> [String: Int] {
        guard let value, !value.isNull else { return [:] }
        guard let object = value.object else { throw .http(400, "pinnedFormVersions must be an object") }
        var versions: [String: Int] = [:]
        for (type, version) in object {
            guard let number = integer(version) else { throw .http(400, "pinnedFormVersions holds integers") }
            versions[type] = number
        }
        return versions
    }

    static func integer(_ value: JSONValue?) -> Int? {
        guard let number = value?.number?.int64Value, let integer = Int32(exactly: number), integer >= 1 else { return nil }
        return Int(integer)
    }

    /// The request body of `register`, as the command line sends it.
    public static func registerBody(document: JSONValue, file: String?, upcasters: [(file: String, document: JSONValue)],
                                    golden: [EventVersion: [(file: String, payload: JSONValue)]], pinnedFormVersions: [String: Int]) -> JSONValue {
        var object: JSONObject = ["schema": document]
        if let file { object["file"] = .string(file) }
        object["upcasters"] = upcastersJSON(upcasters)
        object["golden"] = goldenJSON(golden)
        object["pinnedFormVersions"] = .object(JSONObject(uniqueMembers: pinnedFormVersions.sorted { $0.key < $1.key }
            .map { (key: $0.key, value: .number(JSONNumber($0.value))) }))
        return .object(object)
    }

    /// The request body of `sync`, as the command line sends it; file paths shown by `displayingPaths`.
    public static func syncBody(_ input: SyncInput, displayingPaths: (String) -> String = { $0 }) -> JSONValue {
        var object = registerBody(document: .null, file: nil,
                                  upcasters: input.upcasters.map { (displayingPaths($0.upcaster.file ?? ""), $0.document) },
                                  golden: input.golden.mapValues { $0.map { (displayingPaths($0.file), $0.payload) } },
                                  pinnedFormVersions: input.pinnedFormVersions).object!
        object["schema"] = nil
        object["schemas"] = .array(input.schemas.map { file, document in
            ["eventType": .string(file.eventType), "version": .number(JSONNumber(file.version)),
             "file": .string(displayingPaths(file.path)), "schema": document]
        })
        return .object(object)
    }

    static func upcastersJSON(_ upcasters: [(file: String, document: JSONValue)]) -> JSONValue {
        .array(upcasters.map { ["file": .string($0.file), "document": $0.document] })
    }

    static func goldenJSON(_ golden: [EventVersion: [(file: String, payload: JSONValue)]]) -> JSONValue {
        .array(golden.sorted { $0.key < $1.key }.flatMap { version, examples in
            examples.map { example -> JSONValue in
                ["eventType": .string(version.eventType), "version": .number(JSONNumber(version.version)),
                 "file": .string(example.file), "payload": example.payload]
            }
        })
    }

    /// What a sync registered, as `POST /strata/v1/sync` answers: `{"registrations": [<the
    /// registration as strata register --format json prints it>], "newUpcasters": [{eventType,
    /// from, to}], "unchangedUpcasters": [...]}`.
    public static func json(_ result: SchemaRegistry.SyncResult) -> JSONValue {
        func upcasters(_ list: [StoredUpcaster]) -> JSONValue {
            .array(list.map { ["eventType": .string($0.eventType), "from": .number(JSONNumber($0.fromVersion)),
                               "to": .number(JSONNumber($0.toVersion)), "fingerprint": .string($0.fingerprint)] })
        }
        return ["registrations": .array(result.registrations.map { $0.json() }),
                "newUpcasters": upcasters(result.newUpcasters), "unchangedUpcasters": upcasters(result.unchangedUpcasters)]
    }
}
