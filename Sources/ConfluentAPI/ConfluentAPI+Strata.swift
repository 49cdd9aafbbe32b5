import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry

/// Strata's own routes, under `/strata/v1/`: what Confluent's dialect has no words for —
/// upcasters, bridged registrations, chain verification, the version graph, bundles and the
/// snapshot `strata --registry http://…` reads. Errors keep Confluent's body, with a `strata`
/// member (``ConfluentError/strata(_:subject:)``).
extension ConfluentAPI {
    /// `GET /strata/v1/subjects/{subject}/upcasters`: the registered upcasters of the type,
    /// `[{"eventType", "from", "to", "file", "fingerprint", "registeredAt", "document"}]`.
    func upcasterList(subject: String) throws(ConfluentError) -> ConfluentResponse.Body {
        try requireSubject(subject)
        let stored = try strataAttempt(subject: subject) { () throws(RegistryError) in try registry.upcasters(of: subject) }
        return .json(.array(stored.map(Self.json)))
    }

    /// `GET /strata/v1/subjects/{subject}/upcasters/{file}`: one upcaster, by its file name
    /// (`1-to-2`, `1-to-2.json` or `1-to-2.yaml`); 40460 when there is none.
    func upcaster(subject: String, file: String) throws(ConfluentError) -> ConfluentResponse.Body {
        try requireSubject(subject)
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        let stored = try strataAttempt(subject: subject) { () throws(RegistryError) in try registry.upcasters(of: subject) }
        guard let found = stored.first(where: { "\($0.fromVersion)-to-\($0.toVersion)" == stem }) else {
            throw .upcasterNotFound(subject, file)
        }
        return .json(Self.json(found))
    }

    /// `PUT /strata/v1/subjects/{subject}/upcasters/{file}` with the upcaster file's document as
    /// JSON: registers it as `strata sync Schemas Upcasters` registers a file (read as the same
    /// file would be, its chain checked with the registered ones; an identical one is kept, a
    /// changed one is 409). `{"eventType", "from", "to", "fingerprint", "new"}`.
    func putUpcaster(_ request: ConfluentRequest, subject: String, file: String) throws(ConfluentError) -> ConfluentResponse.Body {
        try requireSubject(subject)
        let document: JSONValue
        do {
            document = try JSONValue(parsing: request.body, options: JSONParsingOptions(maximumDepth: ConfluentMessages.maximumDepth))
        } catch {
            throw .http(400, "Unexpected request body: \(error)")
        }
        let upcaster = try StrataMessages.upcaster(document, eventType: subject, name: file, file: "\(subject)/\(file)")
        let result = try strataAttempt(subject: subject) { () throws(RegistryError) in try registry.registerUpcasters([(upcaster, document)]) }
        guard let stored = (result.newUpcasters + result.unchangedUpcasters).first else { throw .storeError("the upcaster was not stored") }
        var answer = Self.json(stored).object!
        answer["document"] = nil
        answer["new"] = .bool(!result.newUpcasters.isEmpty)
        return .json(.object(answer))
    }

    /// `POST /strata/v1/subjects/{subject}/register`: `strata register` on the server — the schema
    /// with the upcaster files and golden examples of the client's folders (``StrataMessages/registerRequest(_:subject:)``),
    /// through the one registration workflow; `{"registration": {…}, "summary": "…"}`. A refusal
    /// is 409 with the report under `strata`.
    func strataRegister(_ request: ConfluentRequest, subject: String) throws(ConfluentError) -> ConfluentResponse.Body {
        let (document, file, bridging) = try StrataMessages.registerRequest(request.body, subject: subject)
        let registration = try strataAttempt(subject: subject) { () throws(RegistryError) in
            try registry.register(document, as: subject, file: file, bridging: bridging)
        }
        return .json(["registration": registration.json(), "summary": .string(registration.report.summary)])
    }

    /// `POST /strata/v1/sync`: `strata sync` on the server, all or nothing (``StrataMessages/syncRequest(_:)``).
    func strataSync(_ request: ConfluentRequest) throws(ConfluentError) -> ConfluentResponse.Body {
        let input = try StrataMessages.syncRequest(request.body)
        let result = try strataAttempt(subject: "") { () throws(RegistryError) in try registry.sync(input) }
        return .json(StrataMessages.json(result))
    }

    /// `GET /strata/v1/verify[?subject=]`: `strata verify --format json` over the registered
    /// schemas and upcasters (no golden examples: the registry holds none); `count` (1 … 10000)
    /// sets the generated payloads per version.
    func verify(_ request: ConfluentRequest) throws(ConfluentError) -> ConfluentResponse.Body {
        let subject = request.query["subject"]
        if let subject { try requireSubject(subject) }
        var settings = ChainVerification.Settings.standard
        if let text = request.query["count"] {
            guard let count = Int(text), (1...10_000).contains(count) else { throw .http(400, "count must be an integer from 1 to 10000") }
            settings.generatedCount = count
        }
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("strata-verify-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try strataAttempt(subject: subject ?? "") { () throws(RegistryError) in _ = try registry.writeBundle(to: folder) }
        do {
            let verification = try ChainVerification.run(schemas: folder + "/Schemas", upcasters: folder + "/Upcasters", eventType: subject,
                                                         settings: settings)
            return .json(verification.json { $0.hasPrefix(folder + "/") ? String($0.dropFirst(folder.count + 1)) : $0 })
        } catch {
            throw .strata(.folder(error), subject: subject ?? "")
        }
    }

    /// `GET /strata/v1/graph[?subject=]`: the version graph (``SchemaRegistry/versionGraph(of:)``).
    func graph(_ request: ConfluentRequest) throws(ConfluentError) -> ConfluentResponse.Body {
        let subject = request.query["subject"]
        if let subject { try requireSubject(subject) }
        return .json(try strataAttempt(subject: subject ?? "") { () throws(RegistryError) in try registry.versionGraph(of: subject) }.json)
    }

    /// `GET /strata/v1/bundle`: the bundle `strata bundle` writes, as one document
    /// (`CatalogBundleDocument`), which `Catalog.init(bundleDocument:swiftUpcasters:validatesSteps:)` loads.
    func bundle() throws(ConfluentError) -> ConfluentResponse.Body {
        .encoded(try strataAttempt(subject: "") { () throws(RegistryError) in try registry.bundleDocument() }.json.serializedBytes())
    }

    /// `GET /strata/v1/snapshot`: the whole registry (``RegistrySnapshot``), which `strata
    /// --registry http://…` reads for `list`, `show`, `check`, `config` and `bundle`.
    func snapshot() throws(ConfluentError) -> ConfluentResponse.Body {
        .encoded(try strataAttempt(subject: "") { () throws(RegistryError) in try registry.snapshot() }.json.serializedBytes())
    }

    // MARK: Helpers

    /// Runs a registry call, turning its errors into Strata's (``ConfluentError/strata(_:subject:)``).
    func strataAttempt<T>(subject: String, _ body: () throws(RegistryError) -> T) throws(ConfluentError) -> T {
        do { return try body() } catch { throw ConfluentError.strata(error, subject: subject) }
    }

    /// 40401 unless `subject` has a version (deleted ones count).
    func requireSubject(_ subject: String) throws(ConfluentError) {
        guard !(try storedVersions(of: subject, includingDeleted: true)).isEmpty else { throw .subjectNotFound(subject) }
    }

    static func json(_ upcaster: StoredUpcaster) -> JSONValue {
        ["eventType": .string(upcaster.eventType), "from": .number(JSONNumber(upcaster.fromVersion)),
         "to": .number(JSONNumber(upcaster.toVersion)), "file": .string(upcaster.fileName),
         "fingerprint": .string(upcaster.fingerprint), "registeredAt": .string(upcaster.registeredAt), "document": upcaster.document]
    }
}

extension ConfluentError {
    /// 40460 (Strata's): the event type has no upcaster file of that name.
    public static func upcasterNotFound(_ subject: String, _ file: String) -> ConfluentError {
        ConfluentError(status: 404, code: 40460, message: "Upcaster '\(file)' of subject '\(subject)' not found.")
    }
}
