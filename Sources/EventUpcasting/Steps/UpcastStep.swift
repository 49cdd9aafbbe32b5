import EventSchema

/// One declarative change to a payload, as written in an upcaster file.
///
/// Steps address values with JSON pointers in which `*` stands for every element of an array
/// (or every member of an object), so `/lines/*/unitPrice` reaches each line's price.
/// A step whose source is absent does nothing — optional fields stay optional — except where
/// noted; a value of the wrong kind for a conversion is an error.
public enum UpcastStep: Sendable, Equatable {
    /// Renames the member at `pointer` to `newName`, keeping its place among its siblings.
    case rename(pointer: UpcastPointer, newName: String)
    /// Moves the value at `from` to `to`, creating objects on the way.
    case move(from: UpcastPointer, to: UpcastPointer)
    /// Copies the value at `from` to `to`, creating objects on the way.
    case copy(from: UpcastPointer, to: UpcastPointer)
    /// Sets `value` at `pointer`: only when absent (a default), or always.
    case set(pointer: UpcastPointer, value: JSONValue, onlyIfAbsent: Bool)
    /// Removes the value at `pointer`.
    case remove(pointer: UpcastPointer)
    /// Converts the value at `pointer` with a named converter.
    case convert(pointer: UpcastPointer, converter: ValueConverter)
    /// Runs a Swift upcaster registered in code under `name`.
    case swift(name: String)
    /// Gives the event a new type name; the upcaster's output is `eventType` at the upcaster's
    /// target version. Only as an upcaster's last step.
    case renameType(to: String)
    /// Splits the event into several, one per part, in order; each part starts from a copy of the
    /// payload as the earlier steps left it. Only as an upcaster's last step.
    case split(parts: [SplitPart])
}

/// One of the events a ``UpcastStep/split(parts:)`` step makes from one stored event.
///
/// ```yaml
/// - split:
///     - steps: [{remove: /payment}]                  # OrderPlaced at the file's target version
///     - type: PaymentTaken
///       version: 1
///       steps: [{move: /payment/amount, to: /amount}, {remove: /lines}]
/// ```
public struct SplitPart: Sendable, Equatable {
    /// The event type of this part; `nil` keeps the upcaster's event type.
    public var eventType: String?
    /// The version this part is at; `nil` means the upcaster's target version.
    public var version: Int?
    /// The steps that make this part's payload from the payload being split.
    public var steps: [UpcastStep]

    /// Creates a part.
    public init(eventType: String? = nil, version: Int? = nil, steps: [UpcastStep]) {
        self.eventType = eventType
        self.version = version
        self.steps = steps
    }
}

/// A JSON pointer whose tokens may be `*`, meaning every element or member at that level.
public struct UpcastPointer: Sendable, Hashable, CustomStringConvertible {
    /// The tokens, read once, behind one reference: a step that copies its pointer counts one.
    private final class Parts: Sendable {
        let tokens: [String]
        let path: [PathToken]

        init(_ tokens: [String]) {
            self.tokens = tokens
            path = tokens.map(PathToken.init)
        }
    }

    private let parts: Parts

    /// The tokens; `*` is a wildcard.
    public var tokens: [String] { parts.tokens }
    /// The tokens, read once: the wildcard and array indexes recognised.
    var path: [PathToken] { parts.path }

    /// Parses pointer text such as `/lines/*/unitPrice`; `nil` when it is not a JSON pointer or is the root.
    public init?(_ text: String) {
        guard let pointer = JSONPointer(text), !pointer.tokens.isEmpty else { return nil }
        parts = Parts(pointer.tokens)
    }

    /// Equal when the tokens are.
    public static func == (lhs: UpcastPointer, rhs: UpcastPointer) -> Bool { lhs.tokens == rhs.tokens }

    /// Hashes the tokens.
    public func hash(into hasher: inout Hasher) { hasher.combine(tokens) }

    /// The pointer text, `*` tokens included.
    public var description: String { JSONPointer(tokens: tokens).description }

    /// Whether the pointer has a wildcard.
    public var hasWildcard: Bool { tokens.contains("*") }
}

/// One token of an ``UpcastPointer``, read once so that walking a payload compares no `*` and
/// parses no index.
struct PathToken: Sendable {
    /// The member name (or index text).
    let key: String
    /// The array index the token names, if it is one.
    let index: Int?
    /// Whether the token is `*`.
    let isWildcard: Bool

    init(_ key: String) {
        self.key = key
        index = Int(key)
        isWildcard = key == "*"
    }
}

extension JSONValue {
    /// Applies `body` to the value at each place `tokens` reaches (the value is `nil` when the
    /// last token names an absent member). Intermediate values that are missing are skipped
    /// unless `creating`, which makes empty objects on the way.
    mutating func visit(_ tokens: ArraySlice<PathToken>, creating: Bool, _ body: (inout JSONValue?) throws(UpcastingError) -> Void) throws(UpcastingError) {
        guard let token = tokens.first else { return }
        let rest = tokens.dropFirst()
        // Each container is moved out, leaving null, so it is uniquely referenced and changing it
        // copies nothing. (`if case` rather than `switch self`: a switch keeps a second reference
        // to the payload for its whole body, and every change then copied the members.)
        if case .object(var object) = self {
            self = .null
            defer { self = .object(object) }
            if token.isWildcard {
                // Every member is a place; one that `body` leaves `nil` is removed, as an element is.
                try object.updateOrRemoveValues { (member: inout JSONValue?) throws(UpcastingError) in
                    if rest.isEmpty {
                        try body(&member)
                    } else {
                        try member?.visit(rest, creating: creating, body)
                    }
                }
                return
            }
            try object.updateValue(forKey: token.key) { (member: inout JSONValue?) throws(UpcastingError) in
                if rest.isEmpty {
                    try body(&member)
                } else {
                    if member == nil && creating { member = .object(JSONObject()) }
                    try member?.visit(rest, creating: creating, body)
                }
            }
            return
        }
        if case .array(var elements) = self {
            self = .null
            defer { self = .array(elements) }
            let positions: Range<Int>
            if token.isWildcard {
                positions = elements.indices
            } else if let position = token.index, elements.indices.contains(position) {
                positions = position..<position + 1
            } else {
                return
            }
            var removed: [Int] = []
            for position in positions {
                var element: JSONValue? = elements[position]
                elements[position] = .null  // move it out, so changing it copies nothing
                do {
                    if rest.isEmpty { try body(&element) } else { try element?.visit(rest, creating: creating, body) }
                } catch {
                    elements[position] = element ?? .null
                    throw error
                }
                if let element { elements[position] = element } else { removed.append(position) }
            }
            for position in removed.reversed() { elements.remove(at: position) }
        }
    }

    /// The values `tokens` reaches, with their concrete pointers.
    func values(at tokens: [String], prefix: [String] = []) -> [(pointer: [String], value: JSONValue)] {
        guard let token = tokens.first else { return [(prefix, self)] }
        let rest = Array(tokens.dropFirst())
        switch self {
        case .object(let object):
            if token == "*" { return object.members.flatMap { $0.value.values(at: rest, prefix: prefix + [$0.key]) } }
            return object[token].map { $0.values(at: rest, prefix: prefix + [token]) } ?? []
        case .array(let elements):
            if token == "*" { return elements.indices.flatMap { elements[$0].values(at: rest, prefix: prefix + [String($0)]) } }
            guard let position = Int(token), elements.indices.contains(position) else { return [] }
            return elements[position].values(at: rest, prefix: prefix + [token])
        default:
            return []
        }
    }
}
