import EventSchema

/// A Swift upcaster on the JSON value, for a step an upcaster file cannot express.
public typealias SwiftUpcaster = @Sendable (inout JSONValue) throws -> Void

/// An event type at one version: a node of the upcaster graph.
public struct EventVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The event type.
    public var eventType: String
    /// The version.
    public var version: Int

    /// Creates a node.
    public init(_ eventType: String, _ version: Int) {
        self.eventType = eventType
        self.version = version
    }

    /// `OrderPlaced v2`.
    public var description: String { "\(eventType) v\(version)" }

    /// By event type, then version.
    public static func < (lhs: EventVersion, rhs: EventVersion) -> Bool {
        (lhs.eventType, lhs.version) < (rhs.eventType, rhs.version)
    }
}

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
    /// Whether this is no file's upcaster but an edge Strata adds because the next version is
    /// BACKWARD compatible with this one (``CompatibleVersions``): it has no steps, and payloads
    /// pass through it unchanged.
    public var passesThrough: Bool

    /// Creates an upcaster.
    public init(eventType: String, fromVersion: Int, toVersion: Int, summary: String? = nil, steps: [UpcastStep],
                file: String? = nil, passesThrough: Bool = false) {
        self.eventType = eventType
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.summary = summary
        self.steps = steps
        self.file = file
        self.passesThrough = passesThrough
    }

    /// The event type and version each event this upcaster makes is at, in order: one for most
    /// upcasters, one per part for a split.
    public var targets: [EventVersion] {
        switch steps.last {
        case .renameType(let newType)?: [EventVersion(newType, toVersion)]
        case .split(let parts)?: parts.map { EventVersion($0.eventType ?? eventType, $0.version ?? toVersion) }
        default: [EventVersion(eventType, toVersion)]
        }
    }

    /// The event type and version of the (first) event this upcaster makes.
    public var firstTarget: EventVersion {
        switch steps.last {
        case .renameType(let newType)?: EventVersion(newType, toVersion)
        case .split(let parts)?: EventVersion(parts[0].eventType ?? eventType, parts[0].version ?? toVersion)
        default: EventVersion(eventType, toVersion)
        }
    }

    /// Whether the upcaster's last step splits the event into several.
    public var splits: Bool {
        if case .split? = steps.last { true } else { false }
    }

    /// What the upcaster does to the event's identity, in words: "splits the event into 2" or
    /// "renames the type to B"; empty when it keeps one event of its type.
    public var shapeChange: String {
        switch steps.last {
        case .renameType(let newType)?: "renames the type to \(newType)"
        case .split(let parts)?: "splits the event into \(parts.count)"
        default: ""
        }
    }

    /// The Swift upcasters the steps name, split parts included.
    public var swiftNames: [String] {
        func names(_ steps: [UpcastStep]) -> [String] {
            steps.flatMap { step -> [String] in
                switch step {
                case .swift(let name): [name]
                case .split(let parts): parts.flatMap { names($0.steps) }
                default: []
                }
            }
        }
        return names(steps)
    }

    /// Whether this is a downcaster: a file `<n>-to-<m>.yaml` with `m` below `n` that keeps one event
    /// of its own type (no split, no type rename), taking a newer payload to an older version so a
    /// consumer rolled back to that version reads newer events. A chain accepts only `n`-to-`n-1`
    /// (see ``UpcasterChain``).
    public var isDowncaster: Bool { keepsOneEvent && toVersion < fromVersion }

    /// Whether the upcaster makes exactly one event of its own type (no split, no type rename).
    public var keepsOneEvent: Bool {
        switch steps.last {
        case .renameType?, .split?: false
        default: true
        }
    }

    /// Applies every step to `payload`, in order, for an upcaster that keeps one event of its
    /// type (see ``keepsOneEvent``); a type rename changes nothing in the payload.
    ///
    /// - Throws: ``UpcastingError/stepFailed(eventType:fromVersion:step:pointer:reason:)`` naming the step
    ///   and pointer, or ``UpcastingError/missingSwiftUpcaster(name:eventType:fromVersion:)``.
    public func apply(to payload: inout JSONValue, swiftUpcasters: [String: SwiftUpcaster] = [:]) throws(UpcastingError) {
        for (index, step) in steps.enumerated() {
            try apply(step, index: index, to: &payload, swiftUpcasters: swiftUpcasters)
        }
    }

    /// The events this upcaster makes from `payload`, each with its type and version, in order.
    public func outputs(from payload: JSONValue, swiftUpcasters: [String: SwiftUpcaster] = [:]) throws(UpcastingError) -> [(target: EventVersion, payload: JSONValue)] {
        var payload = payload
        guard case .split(let parts)? = steps.last else {
            try apply(to: &payload, swiftUpcasters: swiftUpcasters)
            return [(targets[0], payload)]
        }
        let splitIndex = steps.count - 1
        for (index, step) in steps.dropLast().enumerated() {
            try apply(step, index: index, to: &payload, swiftUpcasters: swiftUpcasters)
        }
        var outputs: [(target: EventVersion, payload: JSONValue)] = []
        for (number, (part, target)) in zip(parts, targets).enumerated() {
            var copy = payload
            for step in part.steps {
                do {
                    try apply(step, index: splitIndex, to: &copy, swiftUpcasters: swiftUpcasters)
                } catch {
                    guard case .stepFailed(let type, let from, let step, let pointer, let reason) = error else { throw error }
                    throw .stepFailed(eventType: type, fromVersion: from, step: step, pointer: pointer, reason: "part \(number + 1) (\(target)): \(reason)")
                }
            }
            outputs.append((target, copy))
        }
        return outputs
    }

    private func failure(_ index: Int, _ pointer: String, _ reason: String) -> UpcastingError {
        .stepFailed(eventType: eventType, fromVersion: fromVersion, step: index, pointer: pointer, reason: reason)
    }

    private func apply(_ step: UpcastStep, index: Int, to payload: inout JSONValue, swiftUpcasters: [String: SwiftUpcaster]) throws(UpcastingError) {
        switch step {
        case .rename(let pointer, let newName):
            let parent = pointer.path.dropLast()
            let last = pointer.path.last!
            let rename: (inout JSONValue?) throws(UpcastingError) -> Void = { (value: inout JSONValue?) throws(UpcastingError) in
                guard case .object(var object)? = value else { return }
                // One member, or with `*` every member in turn (so a second one meets the first's new name).
                let positions: Range<Int>
                if last.isWildcard {
                    positions = object.members.indices
                } else if let position = object.position(of: last.key) {
                    positions = position..<position + 1
                } else {
                    return
                }
                value = nil  // the object is now uniquely referenced, so renaming copies nothing
                defer { value = .object(object) }
                for position in positions {
                    guard object.position(of: newName).map({ $0 == position }) ?? true else {
                        throw failure(index, pointer.description, "cannot rename to \"\(newName)\": that member exists")
                    }
                    object.renameMember(at: position, to: newName)
                }
            }
            if parent.isEmpty {
                var root: JSONValue? = payload
                payload = .null  // moved out, so the object is uniquely referenced and renaming copies nothing
                defer { payload = root ?? .null }
                try rename(&root)
            } else {
                try payload.visit(parent, creating: false) { (value: inout JSONValue?) throws(UpcastingError) in
                    try rename(&value)
                }
            }
        case .move(let from, let to), .copy(let from, let to):
            let isMove: Bool
            if case .move = step { isMove = true } else { isMove = false }
            if !from.hasWildcard {
                // One source: take it (out, for a move) in one walk, then place it (in every
                // element, when the target has wildcards).
                var taken: JSONValue?
                try payload.visit(from.path[...], creating: false) { (slot: inout JSONValue?) throws(UpcastingError) in
                    taken = slot
                    if isMove { slot = nil }
                }
                guard let value = taken else { return }
                try payload.visit(to.path[...], creating: true) { (slot: inout JSONValue?) throws(UpcastingError) in slot = value }
                return
            }
            let sources = payload.values(at: from.tokens)
            if isMove {
                // Every source goes before any is placed, the last first: removing an element
                // shifts only those after it, which are gone by then.
                for (concrete, _) in sources.reversed() {
                    try payload.visit(ArraySlice(concrete.map(PathToken.init)), creating: false) { (slot: inout JSONValue?) throws(UpcastingError) in slot = nil }
                }
            }
            for (concrete, value) in sources {
                // The k-th wildcard of the target takes the k-th wildcard's value in the source.
                var wildcardValues = zip(from.tokens, concrete).filter { $0.0 == "*" }.map(\.1).makeIterator()
                let target = to.tokens.map { $0 == "*" ? (wildcardValues.next() ?? "*") : $0 }
                try payload.visit(ArraySlice(target.map(PathToken.init)), creating: true) { (slot: inout JSONValue?) throws(UpcastingError) in slot = value }
            }
        case .set(let pointer, let value, let onlyIfAbsent):
            try payload.visit(pointer.path[...], creating: true) { (slot: inout JSONValue?) throws(UpcastingError) in
                if slot == nil || !onlyIfAbsent { slot = value }
            }
        case .remove(let pointer):
            try payload.visit(pointer.path[...], creating: false) { (slot: inout JSONValue?) throws(UpcastingError) in slot = nil }
        case .convert(let pointer, let converter):
            try payload.visit(pointer.path[...], creating: false) { (slot: inout JSONValue?) throws(UpcastingError) in
                guard let value = slot else { return }
                switch converter.apply(value) {
                case .success(let converted): slot = converted
                case .failure(let problem): throw failure(index, pointer.description, problem.reason)
                }
            }
        case .renameType:
            return  // the type is the upcaster's target, not part of the payload
        case .split:
            throw failure(index, "#", "a split step is applied through outputs(from:)")
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
