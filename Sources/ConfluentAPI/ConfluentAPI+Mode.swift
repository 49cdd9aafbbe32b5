import EventSchema
import EventUpcasting
import SchemaRegistry

extension ConfluentAPI {
    /// `GET /mode[/{subject}][?defaultToGlobal=true]`: `{"mode": "READWRITE"}`. A subject with no
    /// mode of its own is 40409 unless `defaultToGlobal`.
    func mode(_ request: ConfluentRequest, subject: String?) throws(ConfluentError) -> ConfluentResponse.Body {
        let mode: RegistryMode? = try attempt(subject: subject ?? "") { () throws(RegistryError) in
            guard let subject else { return try registry.mode(for: nil) }
            let type = eventType(subject)
            guard SchemaFolder.isValidEventType(type) else { return nil }
            if let own = try registry.ownMode(for: type) { return own }
            return request.flag("defaultToGlobal") ? try registry.mode(for: nil) : nil
        }
        guard let mode else { throw .subjectModeNotFound(subject ?? "") }
        return .json(["mode": .string(mode.rawValue)])
    }

    /// `PUT /mode[/{subject}][?force=true]` with `{"mode": "READONLY"}`: echoes it. IMPORT is
    /// refused while the registry (or the subject) has live versions, unless `force`.
    func setMode(_ request: ConfluentRequest, subject: String?) throws(ConfluentError) -> ConfluentResponse.Body {
        let type = subject.map(eventType)
        if let subject, let type, !SchemaFolder.isValidEventType(type) { throw .invalidSubject(subject) }
        let mode = try ConfluentMessages.mode(from: request.body)
        if mode == .import, !request.flag("force") {
            let types = try attempt(subject: subject ?? "") { () throws(RegistryError) -> [String] in
                if let type { return [type] }
                return try registry.eventTypes()
            }
            for type in types where !(try storedVersions(ofType: type, subject: subject ?? type, includingDeleted: false)).isEmpty {
                throw ConfluentError(status: 422, code: 42205, message: "Cannot import since found existing subjects")
            }
        }
        try attempt(subject: subject ?? "") { () throws(RegistryError) in _ = try registry.setMode(mode, for: type) }
        return .json(["mode": .string(mode.rawValue)])
    }

    /// `DELETE /mode/{subject}`: removes the subject's own mode and returns it; 40401 when it had none.
    func removeMode(_ request: ConfluentRequest, subject: String) throws(ConfluentError) -> ConfluentResponse.Body {
        let type = eventType(subject)
        guard SchemaFolder.isValidEventType(type) else { throw .subjectNotFound(subject) }
        let previous = try attempt(subject: subject) { () throws(RegistryError) in try registry.setMode(nil, for: type) }
        guard let previous else { throw .subjectNotFound(subject) }
        return .json(["mode": .string(previous.rawValue)])
    }
}
