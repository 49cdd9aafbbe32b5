import EventSchema
import SchemaRegistry

extension ConfluentAPI {
    /// `GET /subjects?subjectPrefix=&deleted=&deletedOnly=`: the subjects with a live version
    /// (with `deleted`, also those whose versions are all soft-deleted; with `deletedOnly`, only those):
    /// each event type's own name and the subjects mapped to it.
    func subjects(_ request: ConfluentRequest) throws(ConfluentError) -> ConfluentResponse.Body {
        let prefix = request.query["subjectPrefix"] ?? ""
        let deletedOnly = request.flag("deletedOnly")
        let deleted = request.flag("deleted")
        let types = try attempt(subject: "") { () throws(RegistryError) in try registry.eventTypes() }
        var names: [String] = []
        for type in types {
            let hasLive = !(try storedVersions(ofType: type, subject: type, includingDeleted: false)).isEmpty
            guard deletedOnly ? !hasLive : (hasLive || deleted) else { continue }
            names += self.subjects.subjects(of: type).filter { $0.hasPrefix(prefix) }
        }
        return .json(.array(Set(names).sorted().map { .string($0) }))
    }

    /// `GET /subjects/{subject}/versions`: the version numbers, live ones unless `deleted`.
    func versions(_ request: ConfluentRequest, subject: String) throws(ConfluentError) -> ConfluentResponse.Body {
        let deletedOnly = request.flag("deletedOnly")
        var versions = try storedVersions(of: subject, includingDeleted: request.flag("deleted") || deletedOnly)
        if deletedOnly { versions = versions.filter(\.isDeleted) }
        guard !versions.isEmpty else { throw .subjectNotFound(subject) }
        return .json(.array(versions.map { ConfluentMessages.number($0.version) }))
    }

    /// The version a `{version}` segment names: `latest` is the newest live one; a soft-deleted
    /// version only with `?deleted=true`.
    func version(_ request: ConfluentRequest, subject: String, _ segment: String) throws(ConfluentError) -> StoredVersion {
        let selector = try VersionSelector(segment)
        let versions = try storedVersions(of: subject, includingDeleted: request.flag("deleted"))
        guard !versions.isEmpty else { throw .subjectNotFound(subject) }
        switch selector {
        case .latest:
            guard let latest = versions.last(where: { !$0.isDeleted }) else { throw .versionNotFound(-1) }
            return latest
        case .number(let number):
            guard let found = versions.first(where: { $0.version == number }) else { throw .versionNotFound(number) }
            return found
        }
    }

    /// `POST /subjects/{subject}/versions`: registers, or returns the id of the identical live
    /// version; `{"id": …}`.
    func register(_ request: ConfluentRequest, subject: String) throws(ConfluentError) -> ConfluentResponse.Body {
        let schema = try ConfluentMessages.schemaRequest(from: request.body)
        let references = self.references(of: schema)
        if let id = schema.id {
            let imported = try attempt(subject: subject) { () throws(RegistryError) in
                try registry.importSchema(schema.document, as: eventType(subject), references: references, schemaID: id, version: schema.version)
            }
            return .json(ConfluentMessages.object([("id", ConfluentMessages.number(imported.schemaID))]))
        }
        let registration = try attempt(subject: subject) { () throws(RegistryError) in
            try registry.register(schema.document, as: eventType(subject), references: references)
        }
        return .json(ConfluentMessages.object([("id", ConfluentMessages.number(registration.version.schemaID))]))
    }

    /// `POST /subjects/{subject}`: the version of `subject` whose schema is the one sent, with the
    /// same references.
    func lookup(_ request: ConfluentRequest, subject: String) throws(ConfluentError) -> ConfluentResponse.Body {
        let schema = try ConfluentMessages.schemaRequest(from: request.body)
        let versions = try storedVersions(of: subject, includingDeleted: request.flag("deleted"))
        guard !versions.isEmpty else { throw .subjectNotFound(subject) }
        let references = try attempt(subject: subject) { () throws(RegistryError) in
            try registry.resolvedReferences(self.references(of: schema), of: eventType(subject))
        }
        guard let found = versions.last(where: { $0.hasSameSchema(as: schema.document, references: references) }) else { throw .schemaNotFound() }
        return .json(ConfluentMessages.schema(found, subject: subject))
    }

    /// `GET /subjects/{subject}/versions/{version}/referencedby`: the ids of the schemas that
    /// reference this version.
    func referencedBy(_ request: ConfluentRequest, subject: String, _ segment: String) throws(ConfluentError) -> ConfluentResponse.Body {
        let target = try version(request, subject: subject, segment)
        var ids: [Int] = []
        for referrer in try attempt(subject: subject, { () throws(RegistryError) in
            try registry.store.read { reader throws(RegistryError) in try reader.referrers(of: target.version, of: eventType(subject)) }
        }) {
            let parts = referrer.split(separator: "/")
            guard parts.count == 2, let number = Int(parts[1]) else { continue }
            let stored = try attempt(subject: subject) { () throws(RegistryError) in try registry.version(number, of: String(parts[0])) }
            ids.append(stored.schemaID)
        }
        return .json(.array(ids.map(ConfluentMessages.number)))
    }

    /// `DELETE /subjects/{subject}/versions/{version}[?permanent=true]`: the version number.
    /// A permanent delete needs a soft delete first, as in Confluent.
    func deleteVersion(_ request: ConfluentRequest, subject: String, _ segment: String) throws(ConfluentError) -> ConfluentResponse.Body {
        let selector = try VersionSelector(segment)
        let permanent = request.flag("permanent")
        let all = try storedVersions(of: subject, includingDeleted: true)
        guard !all.isEmpty else { throw .subjectNotFound(subject) }
        let target: StoredVersion
        switch selector {
        case .latest:
            guard let latest = all.last(where: { !$0.isDeleted }) else { throw .versionNotFound(-1) }
            target = latest
        case .number(let number):
            guard let found = all.first(where: { $0.version == number }) else { throw .versionNotFound(number) }
            target = found
        }
        if !permanent, target.isDeleted { throw .versionSoftDeleted(subject, target.version) }
        if permanent, !target.isDeleted { throw .versionNotSoftDeleted(subject, target.version) }
        try attempt(subject: subject) { () throws(RegistryError) in
            if permanent {
                try registry.deletePermanently(version: target.version, of: eventType(subject))
            } else {
                try registry.delete(version: target.version, of: eventType(subject))
            }
        }
        return .json(ConfluentMessages.number(target.version))
    }

    /// `DELETE /subjects/{subject}[?permanent=true]`: the versions deleted. A soft delete takes
    /// the live versions; a permanent one needs them all soft-deleted first.
    func deleteSubject(_ request: ConfluentRequest, subject: String) throws(ConfluentError) -> ConfluentResponse.Body {
        let permanent = request.flag("permanent")
        let all = try storedVersions(of: subject, includingDeleted: true)
        guard !all.isEmpty else { throw .subjectNotFound(subject) }
        let live = all.filter { !$0.isDeleted }
        if permanent, !live.isEmpty { throw .subjectNotSoftDeleted(subject) }
        if !permanent, live.isEmpty { throw .subjectSoftDeleted(subject) }
        let deleted = try attempt(subject: subject) { () throws(RegistryError) in
            try registry.deleteAll(of: eventType(subject), permanently: permanent)
        }
        return .json(.array(deleted.map(ConfluentMessages.number)))
    }

    /// The references by name a request declares, each subject read as the event type it names.
    func references(of schema: ConfluentMessages.SchemaRequest) -> [SchemaReference] {
        schema.references.map { SchemaReference(name: $0.name, eventType: eventType($0.subject), version: $0.version) }
    }
}
