import EventSchema

extension Upcaster {
    /// Whether a ``TreeProgram`` can run this upcaster's steps: every step is declarative, no move
    /// or copy reads from a wildcard, and nothing splits the event. (Whether it keeps one event of its
    /// type, with no type rename at the end, ``TreeProgram/init(_:)`` checks too.) Other upcasters
    /// run on ``JSONValue``.
    var runsOnPayloadTree: Bool {
        steps.allSatisfy { step in
            switch step {
            case .rename, .set, .remove, .convert, .renameType: true
            case .move(let from, _), .copy(let from, _): !from.hasWildcard
            case .swift, .split: false
            }
        }
    }
}

/// The upcasters of a path that runs on a ``PayloadTree``, compiled once when the chain is built:
/// every step as a plain instruction over one buffer of path tokens and one of key bytes, so that
/// running the path on an event copies and retains nothing per step.
final class TreeProgram: Sendable {
    /// One step.
    struct Instruction: Sendable {
        enum Operation: UInt8, Sendable { case rename, move, copy, set, remove, convert }

        var operation: Operation
        /// The step's pointer (a move's or copy's source), as a range of ``TreeProgram/tokens``.
        var path: Range<Int>
        /// A move's or copy's target, as a range of ``TreeProgram/tokens``.
        var target: Range<Int> = 0..<0
        /// A rename's new name, as a range of ``TreeProgram/keyBytes``.
        var name = PayloadTree.ByteRange()
        /// A set's value or a convert's converter: an index into ``TreeProgram/values`` or
        /// ``TreeProgram/converters``.
        var operand = 0
        /// Whether a set leaves a present value alone.
        var onlyIfAbsent = false
        /// Where the step comes from, for its errors: an index into ``TreeProgram/origins``.
        var origin: Int
    }

    /// One token of a pointer, its key as a range of ``TreeProgram/keyBytes``.
    struct Token: Sendable {
        var key: PayloadTree.ByteRange
        /// The token as an array index, or -1 when it is not one.
        var index: Int
        var isWildcard: Bool
    }

    /// Which upcaster and step an instruction comes from, as ``UpcastingError/stepFailed(eventType:fromVersion:step:pointer:reason:)`` names them.
    struct Origin: Sendable {
        var eventType: String
        var fromVersion: Int
        var step: Int
        var pointer: String
    }

    let instructions: [Instruction]
    let tokens: [TreeProgram.Token]
    let keyBytes: [UInt8]
    let values: [JSONValue]
    let converters: [ValueConverter]
    let origins: [Origin]

    /// Compiles `upcasters`, or returns `nil` when one of them does not run on a tree (see
    /// ``Upcaster/runsOnPayloadTree``) or does not keep one event of its type.
    init?(_ upcasters: [Upcaster]) {
        var instructions: [Instruction] = []
        var tokens: [TreeProgram.Token] = []
        var keyBytes: [UInt8] = []
        var values: [JSONValue] = []
        var converters: [ValueConverter] = []
        var origins: [Origin] = []
        func add(_ pointer: UpcastPointer) -> Range<Int> {
            let start = tokens.count
            for token in pointer.path {
                let key = PayloadTree.ByteRange(start: keyBytes.count, count: token.key.utf8.count)
                keyBytes.append(contentsOf: token.key.utf8)
                tokens.append(Token(key: key, index: token.index.flatMap { $0 >= 0 ? $0 : nil } ?? -1, isWildcard: token.isWildcard))
            }
            return start..<tokens.count
        }
        for upcaster in upcasters {
            guard upcaster.runsOnPayloadTree, upcaster.keepsOneEvent else { return nil }
            for (index, step) in upcaster.steps.enumerated() {
                let origin = origins.count
                // The instruction, and the pointer its errors name (a move's or copy's source).
                let instruction: Instruction
                let pointer: UpcastPointer
                switch step {
                case .rename(let path, let newName):
                    let name = PayloadTree.ByteRange(start: keyBytes.count, count: newName.utf8.count)
                    keyBytes.append(contentsOf: newName.utf8)
                    (instruction, pointer) = (Instruction(operation: .rename, path: add(path), name: name, origin: origin), path)
                case .move(let from, let to), .copy(let from, let to):
                    let operation: Instruction.Operation = if case .move = step { .move } else { .copy }
                    (instruction, pointer) = (Instruction(operation: operation, path: add(from), target: add(to), origin: origin), from)
                case .set(let path, let value, let onlyIfAbsent):
                    (instruction, pointer) = (Instruction(operation: .set, path: add(path), operand: values.count, onlyIfAbsent: onlyIfAbsent, origin: origin), path)
                    values.append(value)
                case .remove(let path):
                    (instruction, pointer) = (Instruction(operation: .remove, path: add(path), origin: origin), path)
                case .convert(let path, let converter):
                    (instruction, pointer) = (Instruction(operation: .convert, path: add(path), operand: converters.count, origin: origin), path)
                    converters.append(converter)
                case .renameType:
                    continue  // changes nothing in the payload (a final one was excluded above)
                case .swift, .split:
                    return nil  // excluded above; listed so that a new kind of step is not missed
                }
                instructions.append(instruction)
                origins.append(Origin(eventType: upcaster.eventType, fromVersion: upcaster.fromVersion, step: index, pointer: pointer.description))
            }
        }
        self.instructions = instructions
        self.tokens = tokens
        self.keyBytes = keyBytes
        self.values = values
        self.converters = converters
        self.origins = origins
    }
}

extension PayloadTree {
    /// What a step does to the place a pointer reaches.
    enum SlotChange {
        /// Leave it as it is.
        case keep
        /// Remove it (a member of an object reached through `*` becomes `null`, as on ``JSONValue``).
        case remove
        /// Put this unlinked node's value there.
        case put(Int)
    }

    /// Why a step failed, before the upcaster, step number and pointer are added.
    struct StepProblem: Error {
        var reason: String
    }

    /// Runs `program`'s steps in place, with exactly the effect ``Upcaster/apply(to:swiftUpcasters:)``
    /// has on the same payload as a ``JSONValue``, failures included.
    mutating func run(_ program: TreeProgram) throws(UpcastingError) {
        try program.tokens.withUnsafeBufferPointer { (tokens: UnsafeBufferPointer<TreeProgram.Token>) throws(UpcastingError) in
            try program.keyBytes.withUnsafeBufferPointer { (keys: UnsafeBufferPointer<UInt8>) throws(UpcastingError) in
                for instruction in program.instructions {
                    do throws(StepProblem) {
                        try run(instruction, of: program, tokens: tokens, keys: keys)
                    } catch {
                        let origin = program.origins[instruction.origin]
                        throw .stepFailed(eventType: origin.eventType, fromVersion: origin.fromVersion, step: origin.step,
                                          pointer: origin.pointer, reason: error.reason)
                    }
                }
            }
        }
    }

    /// Runs one step; `tokens` and `keys` are `program`'s, as plain memory.
    private mutating func run(_ instruction: TreeProgram.Instruction, of program: TreeProgram,
                              tokens: UnsafeBufferPointer<TreeProgram.Token>, keys: UnsafeBufferPointer<UInt8>) throws(StepProblem) {
        let path = UnsafeBufferPointer(rebasing: tokens[instruction.path])
        switch instruction.operation {
        case .rename:
            let oldName = keys.slice(path.last!.key)
            let newName = keys.slice(instruction.name)
            let rename = { (tree: inout PayloadTree, node: Int?) throws(StepProblem) -> SlotChange in
                guard let node, tree.nodes[node].kind == .object else { return .keep }
                let member = tree.member(of: node, keyBytes: oldName).member
                guard member != Self.none else { return .keep }
                guard newName.elementsEqual(oldName) || tree.member(of: node, keyBytes: newName).member == Self.none else {
                    throw StepProblem(reason: "cannot rename to \"\(String(decoding: newName, as: UTF8.self))\": that member exists")
                }
                tree.nodes[member].key = tree.appendBytes(newName)
                return .keep
            }
            if path.count == 1 {
                _ = try rename(&self, Self.root)
            } else {
                try visit(UnsafeBufferPointer(rebasing: path.dropLast()), keys: keys, at: Self.root, creating: false, rename)
            }
        case .move, .copy:
            var taken = Self.none
            let isMove = instruction.operation == .move
            try visit(path, keys: keys, at: Self.root, creating: false) { (tree: inout PayloadTree, node: Int?) throws(StepProblem) -> SlotChange in
                guard let node else { return .keep }
                // A move takes the node itself; a copy takes a copy now, before any target changes it.
                taken = isMove ? node : tree.deepCopy(node)
                return isMove ? .remove : .keep
            }
            guard taken != Self.none else { return }
            let target = UnsafeBufferPointer(rebasing: tokens[instruction.target])
            try visit(target, keys: keys, at: Self.root, creating: true) { (tree: inout PayloadTree, _: Int?) throws(StepProblem) -> SlotChange in
                .put(tree.deepCopy(taken))
            }
        case .set:
            let onlyIfAbsent = instruction.onlyIfAbsent
            let operand = instruction.operand
            try visit(path, keys: keys, at: Self.root, creating: true) { (tree: inout PayloadTree, node: Int?) throws(StepProblem) -> SlotChange in
                guard node == nil || !onlyIfAbsent else { return .keep }
                return .put(tree.append(program.values[operand]))
            }
        case .remove:
            try visit(path, keys: keys, at: Self.root, creating: false) { (_: inout PayloadTree, node: Int?) throws(StepProblem) -> SlotChange in
                node == nil ? .keep : .remove
            }
        case .convert:
            let operand = instruction.operand
            try visit(path, keys: keys, at: Self.root, creating: false) { (tree: inout PayloadTree, node: Int?) throws(StepProblem) -> SlotChange in
                guard let node else { return .keep }
                return try tree.convert(node, with: program.converters[operand])
            }
        }
    }

    /// The change a convert step makes to `node`.
    private mutating func convert(_ node: Int, with converter: ValueConverter) throws(StepProblem) -> SlotChange {
        switch converter {
        case .wrapInObject(let key):
            let wrapped = deepCopy(node)
            nodes[wrapped].key = appendBytes(key)
            let object = appendNode(Node(kind: .object))
            nodes[object].firstChild = wrapped
            nodes[wrapped].parent = object
            return .put(object)
        case .wrapInArray:
            let wrapped = deepCopy(node)
            let array = appendNode(Node(kind: .array))
            nodes[array].firstChild = wrapped
            nodes[wrapped].parent = array
            return .put(array)
        default:
            if let converted = convertedOnBytes(node, with: converter) { return .put(converted) }
            switch converter.apply(value(at: node)) {
            case .success(let converted): return .put(append(converted))
            case .failure(let problem): throw StepProblem(reason: problem.reason)
            }
        }
    }

    /// `node` converted by `converter` without a ``JSONValue``, as an unlinked node, for the common
    /// cases that read and write a number's bytes: a plain decimal amount to integer minor units,
    /// integer unix seconds to an RFC 3339 string. `nil` sends every other case, failures included,
    /// to ``ValueConverter/apply(_:)``, whose result this matches byte for byte.
    mutating func convertedOnBytes(_ node: Int, with converter: ValueConverter) -> Int? {
        guard nodes[node].kind == .number else { return nil }
        switch converter {
        case .decimalToMinorUnits(let scale):
            let text = nodes[node].text
            let scaled = bytes.withUnsafeBufferPointer { bytes in
                JSONNumber.scaledToInteger(text: UnsafeBufferPointer(rebasing: bytes[text.start..<text.start + text.count]), byPowerOfTen: scale)
            }
            guard let scaled else { return nil }
            return appendNode(Node(kind: .number, text: appendDigits(scaled)))
        case .unixSecondsToRFC3339:
            guard let seconds = number(node).storedInt64 else { return nil }
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: RFC3339.formattedLength))
            let written = bytes.withUnsafeMutableBufferPointer { bytes in
                RFC3339.write(unixSeconds: seconds, into: UnsafeMutableBufferPointer(rebasing: bytes[start...]))
            }
            guard written else {
                bytes.removeLast(RFC3339.formattedLength)
                return nil
            }
            return appendNode(Node(kind: .string, text: ByteRange(start: start, count: RFC3339.formattedLength)))
        default:
            return nil
        }
    }

    /// Calls `body` for each place `tokens` reaches from `node`, with `nil` where the last token
    /// names an absent member, and makes the change it returns; the same walk as
    /// `JSONValue.visit(_:creating:_:)`. Missing intermediate members are skipped unless
    /// `creating`, which adds empty objects on the way. `keys` holds the tokens' key bytes.
    private mutating func visit(_ tokens: UnsafeBufferPointer<TreeProgram.Token>, keys: UnsafeBufferPointer<UInt8>, at node: Int,
                                creating: Bool, _ body: (inout PayloadTree, Int?) throws(StepProblem) -> SlotChange) throws(StepProblem) {
        guard let token = tokens.first else { return }
        let rest = UnsafeBufferPointer(rebasing: tokens[1...])
        switch nodes[node].kind {
        case .object:
            if token.isWildcard {
                var child = nodes[node].firstChild
                while child != Self.none {
                    if rest.isEmpty {
                        switch try body(&self, child) {
                        case .keep: break
                        case .remove: overwriteValue(of: child, with: appendNode(Node(kind: .null)))
                        case .put(let value): overwriteValue(of: child, with: value)
                        }
                    } else {
                        try visit(rest, keys: keys, at: child, creating: creating, body)
                    }
                    child = nodes[child].nextSibling
                }
                return
            }
            let key = keys.slice(token.key)
            let (previous, found) = member(of: node, keyBytes: key)
            var child = found
            if rest.isEmpty {
                switch try body(&self, child == Self.none ? nil : child) {
                case .keep: break
                case .remove: if child != Self.none { unlink(child, after: previous, in: node) }
                case .put(let value):
                    if child != Self.none {
                        overwriteValue(of: child, with: value)
                    } else {
                        nodes[value].key = appendBytes(key)
                        link(value, after: previous, in: node)
                    }
                }
                return
            }
            if child == Self.none {
                guard creating else { return }
                child = appendNode(Node(kind: .object))
                nodes[child].key = appendBytes(key)
                link(child, after: previous, in: node)
            }
            try visit(rest, keys: keys, at: child, creating: creating, body)
        case .array:
            let wanted: Int
            if token.isWildcard {
                wanted = -1
            } else if token.index >= 0 {
                wanted = token.index
            } else {
                return
            }
            var previous = Self.none
            var child = nodes[node].firstChild
            var position = 0
            while child != Self.none {
                let next = nodes[child].nextSibling
                if wanted < 0 || wanted == position {
                    if rest.isEmpty {
                        switch try body(&self, child) {
                        case .keep: previous = child
                        case .remove: unlink(child, after: previous, in: node)
                        case .put(let value): overwriteValue(of: child, with: value); previous = child
                        }
                    } else {
                        try visit(rest, keys: keys, at: child, creating: creating, body)
                        previous = child
                    }
                    if wanted >= 0 { return }
                } else {
                    previous = child
                }
                child = next
                position += 1
            }
        default:
            return
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The bytes at `range`.
    func slice(_ range: PayloadTree.ByteRange) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: self[range.start..<range.start + range.count])
    }
}
