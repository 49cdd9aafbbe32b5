import EventSchema
import EventUpcasting
import SchemaRegistry

extension ConfluentAPI {
    /// The versions that hold schema `id`: live ones, or every one with `?deleted=true`.
    ///
    /// - Throws: 404 for an id that is not a number (as Confluent's framework answers); 40403
    ///   when no version has it.
    func versions(withID segment: String, _ request: ConfluentRequest, includingDeleted: Bool? = nil) throws(ConfluentError) -> [StoredVersion] {
        guard let id = Int32(segment), id >= 0 else { throw .routeNotFound }
        let all = try attempt(subject: "") { () throws(RegistryError) in try registry.versions(withSchemaID: Int(id)) }
        let versions = (includingDeleted ?? request.flag("deleted")) ? all : all.filter { !$0.isDeleted }
        guard !versions.isEmpty else { throw .schemaNotFound() }
        return versions
    }

    /// `GET /schemas/ids/{id}[?subject=]`: the schema with that id, soft-deleted versions
    /// included (old events still name them). With `subject`, also the subject and version that
    /// hold it, that subject's first when it has one.
    func schema(_ request: ConfluentRequest, id segment: String) throws(ConfluentError) -> ConfluentResponse.Body {
        let versions: [StoredVersion]
        do throws(ConfluentError) {
            versions = try self.versions(withID: segment, request, includingDeleted: true)
        } catch where error.code == 40403 {
            throw .schemaNotFound(id: Int(segment))
        }
        var members: [JSONObject.Member] = []
        if let subject = request.query["subject"] {
            let holder = versions.first { $0.eventType == subject && !$0.isDeleted } ?? versions.first { !$0.isDeleted } ?? versions[0]
            members += [("subject", .string(holder.eventType)), ("version", ConfluentMessages.number(holder.version))]
        }
        members += [("schemaType", "JSON"), ("schema", .string(versions[0].document.serialized()))]
        return .json(ConfluentMessages.object(members))
    }

    /// `POST /compatibility/subjects/{subject}/versions[/{version}][?verbose=true]`:
    /// `{"is_compatible": …}`, with the reasons as `messages` when verbose. Against one version,
    /// the check runs in the direction of the subject's mode; without one, as a registration
    /// would. `latest` of a subject with no versions is compatible, as in Confluent.
    func compatibility(_ request: ConfluentRequest, subject: String, version segment: String?) throws(ConfluentError) -> ConfluentResponse.Body {
        // A name no event type can have holds no versions to be compatible with: refused as registration refuses it.
        guard SchemaFolder.isValidEventType(subject) else { throw .invalidSubject(subject) }
        let verbose = request.flag("verbose")
        let schema: ConfluentMessages.SchemaRequest
        do throws(ConfluentError) {
            schema = try ConfluentMessages.schemaRequest(from: request.body)
            try refuseNamedReferences(schema)
        } catch where verbose && error.code == 42201 {
            return verdict(false, messages: [error.message], verbose: true)
        }
        let report: CompatibilityReport
        do throws(ConfluentError) {
            if let segment {
                let selector = try VersionSelector(segment)
                let live = try storedVersions(of: subject, includingDeleted: false)
                let target: Int
                switch selector {
                case .latest:
                    guard let latest = live.last else { return verdict(true, messages: [], verbose: verbose) }
                    target = latest.version
                case .number(let number):
                    guard live.contains(where: { $0.version == number }) else { throw ConfluentError.versionNotFound(number) }
                    target = number
                }
                report = try attempt(subject: subject) { () throws(RegistryError) in
                    try registry.check(schema.document, as: subject, againstVersion: target)
                }
            } else {
                report = try attempt(subject: subject) { () throws(RegistryError) in try registry.check(schema.document, as: subject).report }
            }
        } catch where verbose && error.code == 42201 {
            return verdict(false, messages: [error.message], verbose: true)
        }
        return verdict(report.isAccepted, messages: report.isAccepted ? [] : ConfluentMessages.details(of: report), verbose: verbose)
    }

    private func verdict(_ compatible: Bool, messages: [String], verbose: Bool) -> ConfluentResponse.Body {
        var members: [JSONObject.Member] = [("is_compatible", .bool(compatible))]
        if verbose { members.append(("messages", .array(messages.map { .string($0) }))) }
        return .json(ConfluentMessages.object(members))
    }

    /// `GET /config[/{subject}][?defaultToGlobal=true]`: `{"compatibilityLevel": …}`. A subject
    /// with no configuration of its own is 40408 unless `defaultToGlobal`.
    func configuration(_ request: ConfluentRequest, subject: String?) throws(ConfluentError) -> ConfluentResponse.Body {
        let configuration = try attempt(subject: subject ?? "") { () throws(RegistryError) in
            try registry.store.read { reader throws(RegistryError) -> CompatibilityConfiguration? in
                if let subject, SchemaFolder.isValidEventType(subject), let own = try reader.configuration(for: subject) { return own }
                if subject != nil, !request.flag("defaultToGlobal") { return nil }
                return try reader.configuration(for: nil) ?? .default
            }
        }
        guard let configuration else { throw .subjectConfigNotFound(subject ?? "") }
        return .json(ConfluentMessages.configuration(configuration))
    }

    /// `PUT /config[/{subject}]` with `{"compatibility": "FULL"}`: echoes what was set, as
    /// `{"compatibility": …}`.
    func setConfiguration(_ request: ConfluentRequest, subject: String?) throws(ConfluentError) -> ConfluentResponse.Body {
        if let subject, !SchemaFolder.isValidEventType(subject) { throw .invalidSubject(subject) }
        let current = try attempt(subject: subject ?? "") { () throws(RegistryError) in
            try registry.store.read { reader throws(RegistryError) in
                if let own = try reader.configuration(for: subject) { return own }
                return try reader.configuration(for: nil) ?? .default
            }
        }
        let configuration = try ConfluentMessages.configuration(from: request.body, current: current)
        try attempt(subject: subject ?? "") { () throws(RegistryError) in try registry.setConfiguration(configuration, for: subject) }
        return .json(ConfluentMessages.configuration(configuration, key: "compatibility"))
    }

    /// `DELETE /config[/{subject}]`: removes the configuration and returns the one it had (the
    /// registry's default when the global one was never set). A subject without one is 40401.
    func removeConfiguration(_ request: ConfluentRequest, subject: String?) throws(ConfluentError) -> ConfluentResponse.Body {
        if let subject, !SchemaFolder.isValidEventType(subject) { throw .subjectNotFound(subject) }
        let previous = try attempt(subject: subject ?? "") { () throws(RegistryError) in try registry.removeConfiguration(for: subject) }
        if let subject, previous == nil { throw .subjectNotFound(subject) }
        return .json(ConfluentMessages.configuration(previous ?? .default))
    }
}
