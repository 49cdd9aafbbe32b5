import EventSchema

/// A Swift upcaster on the JSON value, for a step an upcaster file cannot express.
public typealias SwiftUpcaster = @Sendable (inout JSONValue) throws -> Void

/// The declarative steps that take an event type's payload from one version to the next.
///
/// ```yaml
/// # Upcasters/OrderPlaced/2-to-3.yaml
/// description: placedAt becomes an RFC 3339 string; note is dropped.
/// steps:
///   - convert: /placedAt
///     with: unix-seconds-to-rfc3339
///   - remove: /note
/// ```
public struct Upcaster: Sendable, Equatable {
    /// The event type.
    public var eventType: String
    /// The version it reads.
    public var fromVersion: Int
    /// The version it writes.
    public var toVersion: Int
    /// What it does, in words.
    public var summary: String?
    /// The steps, in order.
    public var steps: [UpcastStep]
    /// The file it came from, if any.
    public var file: String?

    /// Creates an upcaster.
    public init(eventType: String, fromVersion: Int, toVersion: Int, summary: String? = nil, steps: [UpcastStep], file: String? = nil) {
        self.eventType = eventType
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.summary = summary
        self.steps = steps
        self.file = file
    }

    /// Applies every step to `payload`, in order.
    ///
    /// - Throws: ``UpcastingError/stepFailed(eventType:fromVersion:step:pointer:reason:)`` naming the step
    ///   and pointer, or ``UpcastingError/missingSwiftUpcaster(name:eventType:fromVersion:)``.
    public func apply(to payload: inout JSONValue, swiftUpcasters: [String: SwiftUpcaster] = [:]) throws(UpcastingError) {
        for (index, step) in steps.enumerated() {
            try apply(step, index: index, to: &payload, swiftUpcasters: swiftUpcasters)
        }
    }

    private func failure(_ index: Int, _ pointer: String, _ reason: String) -> UpcastingError {
        .stepFailed(eventType: eventType, fromVersion: fromVersion, step: index, pointer: pointer, reason: reason)
    }

    private func apply(_ step: UpcastStep, index: Int, to payload: inout JSONValue, swiftUpcasters: [String: SwiftUpcaster]) throws(UpcastingError) {
        switch step {
        case .rename(let pointer, let newName):
            let parent = ArraySlice(pointer.tokens.dropLast())
            let name = pointer.tokens.last!
            let rename: (inout JSONValue?) throws(UpcastingError) -> Void = { (value: inout JSONValue?) throws(UpcastingError) in
                guard case .object(var object)? = value, let position = object.position(of: name) else { return }
                guard object.position(of: newName) == nil || newName == name else {
                    throw failure(index, pointer.description, "cannot rename to \"\(newName)\": that member exists")
                }
                var members = object.members
                members[position].key = newName
                object = JSONObject(uniqueMembers: members)
                value = .object(object)
            }
            if parent.isEmpty {
                var root: JSONValue? = payload
                try rename(&root)
                payload = root ?? payload
            } else {
                try payload.visit(parent, creating: false) { (value: inout JSONValue?) throws(UpcastingError) in
                    try rename(&value)
                }
            }
        case .move(let from, let to), .copy(let from, let to):
            let isMove: Bool
            if case .move = step { isMove = true } else { isMove = false }
            let sources = payload.values(at: from.tokens)
            for (concrete, value) in sources {
                // The k-th wildcard of the target takes the k-th wildcard's value in the source.
                var wildcardValues = zip(from.tokens, concrete).filter { $0.0 == "*" }.map(\.1).makeIterator()
                let target = to.tokens.map { $0 == "*" ? (wildcardValues.next() ?? "*") : $0 }
                if isMove {
                    try payload.visit(ArraySlice(concrete), creating: false) { (slot: inout JSONValue?) throws(UpcastingError) in slot = nil }
                }
                try payload.visit(ArraySlice(target), creating: true) { (slot: inout JSONValue?) throws(UpcastingError) in slot = value }
            }
        case .set(let pointer, let value, let onlyIfAbsent):
            try payload.visit(ArraySlice(pointer.tokens), creating: true) { (slot: inout JSONValue?) throws(UpcastingError) in
                if slot == nil || !onlyIfAbsent { slot = value }
            }
        case .remove(let pointer):
            try payload.visit(ArraySlice(pointer.tokens), creating: false) { (slot: inout JSONValue?) throws(UpcastingError) in slot = nil }
        case .convert(let pointer, let converter):
            try payload.visit(ArraySlice(pointer.tokens), creating: false) { (slot: inout JSONValue?) throws(UpcastingError) in
                guard let value = slot else { return }
                switch converter.apply(value) {
                case .success(let converted): slot = converted
                case .failure(let problem): throw failure(index, pointer.description, problem.reason)
                }
            }
        case .swift(let name):
            guard let upcaster = swiftUpcasters[name] else {
                throw .missingSwiftUpcaster(name: name, eventType: eventType, fromVersion: fromVersion)
            }
            do {
                try upcaster(&payload)
            } catch let error as UpcastingError {
                throw error
            } catch {
                throw failure(index, "#", "Swift upcaster \"\(name)\" failed: \(error)")
            }
        }
    }
}
