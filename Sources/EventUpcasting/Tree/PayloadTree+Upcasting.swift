import EventSchema

extension Upcaster {
    /// Whether a ``TreeProgram`` can run this upcaster's steps: every step is declarative, no move
    /// or copy reads from a wildcard, and nothing splits the event. (Whether it keeps one event of its
    /// type, with no type rename at the end, ``TreeProgram/init(_:)`` checks too.) Other upcasters
    /// run on `JSONValue`.
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
        /// Whether the path or the target has a `*`: such a step walks every place it reaches;
        /// any other reaches one place at most, found by a plain walk.
        var hasWildcard = false
        /// What a convert step does, with what it needs held in the program's buffers.
        var conversion = Conversion.general
        /// The wrap of the next step, when it converts the same pointer with a wrap: done at each
        /// place right after ``conversion``, in the same walk. A wrap never fails and changes only
        /// the place itself, so the effect is that of the two steps one after the other.
        var thenWrap: Conversion? = nil
        /// For a convert step: whether the next instruction is done at each place it converts,
        /// right after the conversion, where the conversion found it: with `*`, a copy or set of a
        /// member of each place, in the same walk; without, a move or copy of the one place (see
        /// ``TreeProgram/followsInWalk(_:of:tokens:)``).
        var thenNextAtEachPlace = false
        /// For a convert step with `*` whose next instruction is a copy done at each place: whether
        /// the instruction after that copy removes the copy's source, which the walk then removes
        /// where it found it to copy (see ``TreeProgram/removesCopiedSource(_:copy:convert:tokens:)``).
        var thenRemovesCopiedSource = false
        /// Whether an instruction before runs this one in its walk, so that it is not run again.
        var runsInWalkBefore = false
        /// Where the step comes from, for its errors: an index into ``TreeProgram/origins``.
        var origin: Int
    }

    /// A convert step's converter, with the common ones spelled out so that running them copies
    /// and retains nothing; every other converter is ``general``, run from ``TreeProgram/converters``.
    enum Conversion: Sendable {
        case decimalToMinorUnits(scale: Int)
        case unixSecondsToRFC3339
        /// Wraps the value in an object under a key, held in ``TreeProgram/keyBytes``.
        case wrapInObject(key: PayloadTree.ByteRange)
        case wrapInArray
        /// ``TreeProgram/converters``[``Instruction/operand``].
        case general

        /// Whether this is a wrap, which never fails.
        var isWrap: Bool {
            switch self {
            case .wrapInObject, .wrapInArray: true
            case .decimalToMinorUnits, .unixSecondsToRFC3339, .general: false
            }
        }
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
    /// The distinct keys of the program's pointers and names, then ``spareRoomStart``'s room.
    let keyBytes: [UInt8]
    /// Where, in ``keyBytes``, the zeros start that become the tree's spare room for conversions
    /// on bytes when ``PayloadTree/run(_:)`` appends them with the keys: room for each
    /// conversion's text (four times as much for one with `*`), so that a run appends once.
    let spareRoomStart: Int
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
        var keyRanges: [String: PayloadTree.ByteRange] = [:]
        func addKey(_ key: String) -> PayloadTree.ByteRange {
            if let range = keyRanges[key] { return range }
            let range = PayloadTree.ByteRange(start: keyBytes.count, count: key.utf8.count)
            keyBytes.append(contentsOf: key.utf8)
            keyRanges[key] = range
            return range
        }
        func add(_ pointer: UpcastPointer) -> Range<Int> {
            let start = tokens.count
            for token in pointer.path {
                tokens.append(Token(key: addKey(token.key), index: token.index.flatMap { $0 >= 0 ? $0 : nil } ?? -1, isWildcard: token.isWildcard))
            }
            return start..<tokens.count
        }
        // The pointer of the last instruction, when it is a convert step with no wrap after it.
        var lastConvertedPointer: UpcastPointer?
        for upcaster in upcasters {
            guard upcaster.runsOnPayloadTree, upcaster.keepsOneEvent else { return nil }
            for (index, step) in upcaster.steps.enumerated() {
                let origin = origins.count
                // The instruction, and the pointer its errors name (a move's or copy's source).
                var instruction: Instruction
                let pointer: UpcastPointer
                switch step {
                case .rename(let path, let newName):
                    (instruction, pointer) = (Instruction(operation: .rename, path: add(path), name: addKey(newName), origin: origin), path)
                case .move(let from, let to), .copy(let from, let to):
                    let operation: Instruction.Operation = if case .move = step { .move } else { .copy }
                    (instruction, pointer) = (Instruction(operation: operation, path: add(from), target: add(to), hasWildcard: to.hasWildcard, origin: origin), from)
                case .set(let path, let value, let onlyIfAbsent):
                    (instruction, pointer) = (Instruction(operation: .set, path: add(path), operand: values.count, onlyIfAbsent: onlyIfAbsent, origin: origin), path)
                    values.append(value)
                case .remove(let path):
                    (instruction, pointer) = (Instruction(operation: .remove, path: add(path), origin: origin), path)
                case .convert(let path, let converter):
                    let conversion: Conversion = switch converter {
                    case .decimalToMinorUnits(let scale): .decimalToMinorUnits(scale: scale)
                    case .unixSecondsToRFC3339: .unixSecondsToRFC3339
                    case .wrapInObject(let key): .wrapInObject(key: addKey(key))
                    case .wrapInArray: .wrapInArray
                    default: .general
                    }
                    if conversion.isWrap, lastConvertedPointer == path {
                        // The previous step converts the same places: wrap each right after it.
                        instructions[instructions.count - 1].thenWrap = conversion
                        lastConvertedPointer = nil
                        continue
                    }
                    (instruction, pointer) = (Instruction(operation: .convert, path: add(path), operand: converters.count, conversion: conversion, origin: origin), path)
                    converters.append(converter)
                case .renameType:
                    continue  // changes nothing in the payload (a final one was excluded above)
                case .swift, .split:
                    return nil  // excluded above; listed so that a new kind of step is not missed
                }
                instruction.hasWildcard = instruction.hasWildcard || pointer.hasWildcard
                lastConvertedPointer = instruction.operation == .convert ? pointer : nil
                instructions.append(instruction)
                origins.append(Origin(eventType: upcaster.eventType, fromVersion: upcaster.fromVersion, step: index, pointer: pointer.description))
            }
        }
        for index in instructions.indices.dropFirst()
        where Self.followsInWalk(instructions[index], of: instructions[index - 1], tokens: tokens) {
            instructions[index - 1].thenNextAtEachPlace = true
            instructions[index].runsInWalkBefore = true
        }
        for index in instructions.indices.dropFirst(2)
        where Self.removesCopiedSource(instructions[index], copy: instructions[index - 1], convert: instructions[index - 2], tokens: tokens) {
            instructions[index - 2].thenRemovesCopiedSource = true
            instructions[index].runsInWalkBefore = true
        }
        spareRoomStart = keyBytes.count
        let valuesOnBytes = instructions.reduce(0) { count, instruction in
            switch instruction.conversion {
            case .decimalToMinorUnits, .unixSecondsToRFC3339: count + (instruction.hasWildcard ? 4 : 1)
            case .wrapInObject, .wrapInArray, .general: count
            }
        }
        keyBytes.append(contentsOf: repeatElement(0, count: valuesOnBytes * PayloadTree.spareRoomPerValue))
        self.instructions = instructions
        self.tokens = tokens
        self.keyBytes = keyBytes
        self.values = values
        self.converters = converters
        self.origins = origins
    }
}

extension TreeProgram {
    /// Whether `next` can be done at each place of the convert step `previous`, right after the
    /// place is converted, in one walk, with the effect of the two steps one after the other:
    /// - `previous` converts the places of a pointer with `*`, and `next` copies or sets the member
    ///   of those places a token further (`/lines/*/unitPrice`, then `/lines/*/unitPrice/currency`),
    ///   walking the same tokens. A copy or set never fails, so the first failure is still the
    ///   conversion's, at the same place.
    /// - The places are disjoint (none is under another: they are as deep), so converting one
    ///   changes no other, nor what `next` does at another.
    /// - A copy's source is on a path apart from the conversion's (they part at a token naming a
    ///   different member or element), so converting first changes nothing it copies. It is copied
    ///   before the walk, as `next` alone copies it before its own walk.
    /// - `next` walks creating missing members (``PayloadTree/visit(_:_:at:creating:_:)``), which
    ///   the conversion does not: each object it creates is empty, so the conversion finds no
    ///   place in one, and at a missing place the conversion does nothing and `next` creates it.
    ///
    /// Without `*`, `next` is a move or copy of the one place `previous` converts, which it takes
    /// where the conversion found it: a conversion changes the value there in place (the node,
    /// its key and its place stay), so a walk to it would find the same node after the same
    /// member. When the conversion fails, the move does not run; when the place is missing, both
    /// do nothing; a move or copy does not fail.
    static func followsInWalk(_ next: Instruction, of previous: Instruction, tokens: [Token]) -> Bool {
        guard previous.operation == .convert else { return false }
        let places = tokens[previous.path]
        guard previous.hasWildcard else {
            return (next.operation == .move || next.operation == .copy) && tokens[next.path].elementsEqual(places, by: sameToken)
        }
        let target: Range<Int>
        switch next.operation {
        case .copy:
            target = next.target
            guard apart(tokens[next.path], places) else { return false }
        case .set:
            target = next.path
        case .rename, .move, .remove, .convert:
            return false
        }
        guard target.count == places.count + 1 else { return false }
        return zip(tokens[target], places).allSatisfy(sameToken)
    }

    /// Whether `remove` removes the source of the copy that `convert`, a convert step with `*`,
    /// does at each of its places in its walk (the example's `currency`, copied into each line,
    /// then removed), so that the walk can remove it where it found it, with no walk of its own.
    /// The effect is that of the steps one after the other: the source is on a path apart from
    /// the places (``followsInWalk(_:of:tokens:)``), so the walk changes neither it nor the member
    /// before it (a member the walk creates on its way is linked after the last one, which leaves
    /// every earlier member's place as it was); when the source is absent, neither the copy nor
    /// the remove does anything; when the conversion fails, the remove does not run; a remove
    /// never fails.
    static func removesCopiedSource(_ remove: Instruction, copy: Instruction, convert: Instruction, tokens: [Token]) -> Bool {
        guard remove.operation == .remove, !remove.hasWildcard, copy.operation == .copy, copy.runsInWalkBefore,
              convert.operation == .convert, convert.hasWildcard, convert.thenNextAtEachPlace else { return false }
        return tokens[remove.path].elementsEqual(tokens[copy.path], by: sameToken)
    }

    /// Whether two tokens are the same (the program holds each distinct key once).
    static func sameToken(_ a: Token, _ b: Token) -> Bool {
        a.key == b.key && a.index == b.index && a.isWildcard == b.isWildcard
    }

    /// Whether two pointers part at a token where each names a different member or element, so
    /// that neither reaches a place under the other: the tokens before it are the same, and
    /// neither is `*`.
    static func apart(_ a: ArraySlice<Token>, _ b: ArraySlice<Token>) -> Bool {
        for (x, y) in zip(a, b) {
            guard !x.isWildcard, !y.isWildcard else { return false }
            if x.key != y.key { return x.index < 0 || y.index < 0 || x.index != y.index }
            guard x.index == y.index else { return false }
        }
        return false  // one is a prefix of the other
    }
}

extension PayloadTree {
    /// What a step does to the place a pointer reaches.
    enum SlotChange {
        /// Leave it as it is.
        case keep
        /// Remove it: unlink the member or element.
        case remove
        /// Put this unlinked node's value there.
        case put(Int)
    }

    /// The one place a pointer without `*` reaches: the container it ends in, the member or element
    /// there (``PayloadTree/none`` for an absent member), and the one before it (``PayloadTree/none``
    /// for the first; for an absent member, the last member).
    struct Slot {
        var container: Int
        var previous: Int
        var node: Int
    }

    /// Why a step failed, before the upcaster, step number and pointer are added.
    struct StepProblem: Error {
        var reason: String
    }

    /// A program's buffers as plain memory, for the length of one run, so that passing them to
    /// each step and each place copies and retains nothing.
    struct ProgramMemory {
        let instructions: UnsafeBufferPointer<TreeProgram.Instruction>
        let tokens: UnsafeBufferPointer<TreeProgram.Token>
        let keys: UnsafeBufferPointer<UInt8>
        let values: UnsafeBufferPointer<JSONValue>
        let converters: UnsafeBufferPointer<ValueConverter>
        /// Where the program's key bytes start in the tree's bytes: they are appended once per
        /// run, so that a member a step adds or renames takes its key with no copy of its own.
        let keysInTree: Int

        /// The instruction at `index`, in place: a step reads the fields it needs, and no
        /// 128-byte instruction is copied out per step or place.
        func instruction(_ index: Int) -> UnsafePointer<TreeProgram.Instruction> {
            instructions.baseAddress! + index
        }

        /// The tokens at `range`.
        func tokens(_ range: Range<Int>) -> UnsafeBufferPointer<TreeProgram.Token> {
            UnsafeBufferPointer(rebasing: tokens[range])
        }

        /// The key bytes at `range`.
        func key(_ range: PayloadTree.ByteRange) -> UnsafeBufferPointer<UInt8> {
            keys.slice(range)
        }

        /// The same key bytes as `range` of the program's keys, in the tree's bytes.
        func keyInTree(_ range: PayloadTree.ByteRange) -> PayloadTree.ByteRange {
            PayloadTree.ByteRange(start: keysInTree + range.start, count: range.count)
        }
    }

    /// What a step with `*` does at each place its pointer reaches (see ``act(_:at:_:)``).
    enum PlaceAction {
        /// Rename the member `from` (every member, when it is `*`) of the object there to `to`
        /// (a range of the program's keys).
        case rename(from: TreeProgram.Token, to: ByteRange)
        /// Put a copy of this unlinked node there.
        case putCopy(of: Int)
        /// Put the program's value with this index there, unless `onlyIfAbsent` and one is there.
        case set(value: Int, onlyIfAbsent: Bool)
        /// Remove the value there.
        case remove
        /// Convert the value there as the program's instruction with this index says. (An index,
        /// not the instruction: the action is passed down the walk, and stays a few words.)
        case convert(instruction: Int)
        /// Convert the value there as ``convert(instruction:)`` does, then do the instruction after
        /// it, fused into this walk (``TreeProgram/Instruction/thenNextAtEachPlace``), at the place:
        /// a copy of the unlinked node `copyOf`, or, when it is ``PayloadTree/none``, a set.
        case convertThen(instruction: Int, copyOf: Int)
    }

    /// Runs `program`'s steps in place, with exactly the effect ``Upcaster/apply(to:swiftUpcasters:)``
    /// has on the same payload as a `JSONValue`, failures included.
    mutating func run(_ program: TreeProgram) throws(UpcastingError) {
        let keysInTree = bytes.count
        // The keys, then the program's spare room for conversions on bytes, in one append.
        bytes.append(contentsOf: program.keyBytes)
        spareRoom = ByteRange(start: keysInTree + program.spareRoomStart, count: program.keyBytes.count - program.spareRoomStart)
        try program.instructions.withUnsafeBufferPointer { instructions throws(UpcastingError) in
            try program.tokens.withUnsafeBufferPointer { tokens throws(UpcastingError) in
                try program.keyBytes.withUnsafeBufferPointer { keys throws(UpcastingError) in
                    try program.values.withUnsafeBufferPointer { values throws(UpcastingError) in
                        try program.converters.withUnsafeBufferPointer { converters throws(UpcastingError) in
                            let memory = ProgramMemory(instructions: instructions, tokens: tokens, keys: keys, values: values, converters: converters, keysInTree: keysInTree)
                            // By index, so that no instruction is copied out of the program.
                            for index in instructions.indices where !instructions[index].runsInWalkBefore {
                                do throws(StepProblem) {
                                    try run(at: index, memory)
                                } catch {
                                    let origin = program.origins[instructions[index].origin]
                                    throw .stepFailed(eventType: origin.eventType, fromVersion: origin.fromVersion, step: origin.step,
                                                      pointer: origin.pointer, reason: error.reason)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs one step, the program's instruction at `index`. A step without `*` finds its one place
    /// with ``locate(_:_:creating:)`` and changes it; a step with one walks every place with
    /// ``visit(_:_:at:creating:_:)``. Both make the same changes.
    private mutating func run(at index: Int, _ memory: ProgramMemory) throws(StepProblem) {
        let instruction = memory.instruction(index)
        let path = memory.tokens(instruction.pointee.path)
        switch instruction.pointee.operation {
        case .rename:
            let oldName = path.last!
            let parentPath = UnsafeBufferPointer(rebasing: path.dropLast())
            if parentPath.isEmpty {
                try renameMember(of: Self.root, from: oldName, to: instruction.pointee.name, memory)
            } else if !instruction.pointee.hasWildcard {
                guard let slot = locate(parentPath, memory, creating: false), slot.node != Self.none else { return }
                try renameMember(of: slot.node, from: oldName, to: instruction.pointee.name, memory)
            } else {
                try visit(parentPath, memory, at: Self.root, creating: false, .rename(from: oldName, to: instruction.pointee.name))
            }
        case .move, .copy:
            // The source has no `*` (see Upcaster.runsOnPayloadTree).
            guard let source = locate(path, memory, creating: false), source.node != Self.none else { return }
            try moveOrCopy(instruction, from: source, memory)
        case .set:
            if !instruction.pointee.hasWildcard {
                guard let slot = locate(path, memory, creating: true), slot.node == Self.none || !instruction.pointee.onlyIfAbsent else { return }
                put(append(memory.values[instruction.pointee.operand]), at: slot, key: memory.keyInTree(path.last!.key))
            } else {
                try visit(path, memory, at: Self.root, creating: true, .set(value: instruction.pointee.operand, onlyIfAbsent: instruction.pointee.onlyIfAbsent))
            }
        case .remove:
            if !instruction.pointee.hasWildcard {
                guard let slot = locate(path, memory, creating: false), slot.node != Self.none else { return }
                unlink(slot.node, after: slot.previous, in: slot.container)
            } else {
                try visit(path, memory, at: Self.root, creating: false, .remove)
            }
        case .convert:
            if !instruction.pointee.hasWildcard {
                guard let slot = locate(path, memory, creating: false), slot.node != Self.none else { return }
                overwriteValue(of: slot.node, with: try convert(slot.node, with: instruction, memory))
                if instruction.pointee.thenNextAtEachPlace { try moveOrCopy(memory.instruction(index + 1), from: slot, memory) }
            } else if instruction.pointee.thenNextAtEachPlace {
                try runConversionThenNext(instruction, at: index, memory)
            } else {
                try visit(path, memory, at: Self.root, creating: false, .convert(instruction: index))
            }
        }
    }

    /// Moves or copies the value at `source` (a move or copy step's one source) to the step's target.
    @inline(__always)
    private mutating func moveOrCopy(_ instruction: UnsafePointer<TreeProgram.Instruction>, from source: Slot, _ memory: ProgramMemory) throws(StepProblem) {
        // A move takes the node itself; a copy takes a copy now, before any target changes it.
        let taken: Int
        if instruction.pointee.operation == .move {
            unlink(source.node, after: source.previous, in: source.container)
            taken = source.node
        } else {
            taken = deepCopy(source.node)
        }
        let target = memory.tokens(instruction.pointee.target)
        if !instruction.pointee.hasWildcard {
            // One place: the taken node goes there itself.
            guard let slot = locate(target, memory, creating: true) else { return }
            put(taken, at: slot, key: memory.keyInTree(target.last!.key))
        } else {
            try visit(target, memory, at: Self.root, creating: true, .putCopy(of: taken))
        }
    }

    /// Runs the convert step with `*` at `index` and the copy or set after it in one walk (see
    /// ``TreeProgram/followsInWalk(_:of:tokens:)``). A copy's source is found and copied first, as
    /// the copy alone does before its walk; when it is absent, the copy does nothing and the
    /// conversion walks alone. The walk creates missing members, as the copy's or set's does.
    /// When the instruction after the copy removes the copy's source
    /// (``TreeProgram/Instruction/thenRemovesCopiedSource``), it is removed after the walk, where
    /// it was found.
    private mutating func runConversionThenNext(_ instruction: UnsafePointer<TreeProgram.Instruction>, at index: Int,
                                                _ memory: ProgramMemory) throws(StepProblem) {
        let path = memory.tokens(instruction.pointee.path)
        let next = memory.instruction(index + 1)
        var copyOf = Self.none
        if next.pointee.operation == .copy {
            guard let source = locate(memory.tokens(next.pointee.path), memory, creating: false), source.node != Self.none else {
                return try visit(path, memory, at: Self.root, creating: false, .convert(instruction: index))
            }
            copyOf = deepCopy(source.node)
            try visit(path, memory, at: Self.root, creating: true, .convertThen(instruction: index, copyOf: copyOf))
            // The remove after the copy, where the copy found its source (see
            // TreeProgram.removesCopiedSource): the walk changed neither it nor the member before it.
            if instruction.pointee.thenRemovesCopiedSource { unlink(source.node, after: source.previous, in: source.container) }
            return
        }
        try visit(path, memory, at: Self.root, creating: true, .convertThen(instruction: index, copyOf: copyOf))
    }

    /// Does at `place`, just converted, what the copy or set after the instruction at `index` does
    /// there in its own walk: put its value at the member its last token names.
    private mutating func runNext(after index: Int, copyOf: Int, at place: Int, _ memory: ProgramMemory) throws(StepProblem) {
        let next = memory.instruction(index + 1)
        let target = memory.tokens(next.pointee.operation == .copy ? next.pointee.target : next.pointee.path)
        let action: PlaceAction = next.pointee.operation == .copy
            ? .putCopy(of: copyOf) : .set(value: next.pointee.operand, onlyIfAbsent: next.pointee.onlyIfAbsent)
        try visit(UnsafeBufferPointer(rebasing: target[(target.count - 1)...]), memory, at: place, creating: true, action)
    }

    /// An empty object added as the member `token` of `object`, after `previous`: what a walk
    /// that creates missing members puts on its way.
    private mutating func addEmptyObject(_ token: TreeProgram.Token, after previous: Int, in object: Int, _ memory: ProgramMemory) -> Int {
        let member = appendNode(Node(kind: .object))
        nodes[member].key = memory.keyInTree(token.key)
        link(member, after: previous, in: object)
        return member
    }

    /// What `action` does at one place a pointer with `*` reaches: `node`, or `nil` for an absent
    /// member. (For a rename, `node` is the object whose member is renamed.)
    @inline(__always)
    private mutating func act(_ action: PlaceAction, at node: Int?, _ memory: ProgramMemory) throws(StepProblem) -> SlotChange {
        switch action {
        case .rename(let oldName, let newName):
            if let node { try renameMember(of: node, from: oldName, to: newName, memory) }
            return .keep
        case .putCopy(let taken):
            return .put(deepCopy(taken))
        case .set(let value, let onlyIfAbsent):
            guard node == nil || !onlyIfAbsent else { return .keep }
            return .put(append(memory.values[value]))
        case .remove:
            return node == nil ? .keep : .remove
        case .convert(let index), .convertThen(let index, _):
            guard let node else { return .keep }
            return .put(try convert(node, with: memory.instruction(index), memory))
        }
    }

    /// Renames the member `old` of `node` to `newKey` (a range of the program's keys), when
    /// `node` is an object that has one; a member already called `newKey` is an error. One walk
    /// over the members looks for both names. A `*` renames every member, in turn.
    private mutating func renameMember(of node: Int, from old: TreeProgram.Token, to newKey: ByteRange,
                                       _ memory: ProgramMemory) throws(StepProblem) {
        guard nodes[node].kind == .object else { return }
        guard !old.isWildcard else { return try renameEveryMember(of: node, to: newKey, memory) }
        let oldKey = old.key
        let oldName = memory.key(oldKey), newName = memory.key(newKey)
        // The program holds each distinct key once, so the same name is the same range.
        let sameName = oldKey.start == newKey.start && oldKey.count == newKey.count
        let (member, clash) = withReader { tree in
            var member = Self.none
            var clash = false
            var child = tree.nodes[node].firstChild
            while child != Self.none {
                let key = tree.nodes[child].key
                if member == Self.none && tree.keyEquals(key, oldName) {
                    member = child
                } else if !sameName && tree.keyEquals(key, newName) {
                    clash = true
                }
                child = tree.nodes[child].nextSibling
            }
            return (member, clash)
        }
        guard member != Self.none else { return }
        guard !clash else {
            throw StepProblem(reason: "cannot rename to \"\(String(decoding: newName, as: UTF8.self))\": that member exists")
        }
        nodes[member].key = memory.keyInTree(newKey)
    }

    /// Renames every member of the object `node` to `newKey`, one after the other, each as a
    /// rename of that member alone: with two or more, the second meets the first under its new name.
    private mutating func renameEveryMember(of node: Int, to newKey: ByteRange, _ memory: ProgramMemory) throws(StepProblem) {
        let newName = memory.key(newKey)
        var member = nodes[node].firstChild
        while member != Self.none {
            let clash = withReader { tree in
                var child = tree.nodes[node].firstChild
                while child != Self.none {
                    if child != member && tree.keyEquals(tree.nodes[child].key, newName) { return true }
                    child = tree.nodes[child].nextSibling
                }
                return false
            }
            guard !clash else {
                throw StepProblem(reason: "cannot rename to \"\(String(decoding: newName, as: UTF8.self))\": that member exists")
            }
            nodes[member].key = memory.keyInTree(newKey)
            member = nodes[member].nextSibling
        }
    }

    /// The node converted by the instruction's converter, then wrapped by its
    /// ``TreeProgram/Instruction/thenWrap`` if it has one: `node` itself, changed in place, for the
    /// conversions done on bytes and the wraps; otherwise a new unlinked node.
    @inline(__always)
    private mutating func convert(_ node: Int, with instruction: UnsafePointer<TreeProgram.Instruction>, _ memory: ProgramMemory) throws(StepProblem) -> Int {
        let converted = try convert(node, by: instruction.pointee.conversion, operand: instruction.pointee.operand, memory)
        guard let wrap = instruction.pointee.thenWrap else { return converted }
        return try convert(converted, by: wrap, operand: 0, memory)
    }

    /// The node converted by `conversion`, as ``convert(_:with:_:)`` describes; `operand` is the
    /// index of a general conversion's converter.
    @inline(__always)
    private mutating func convert(_ node: Int, by conversion: TreeProgram.Conversion, operand: Int, _ memory: ProgramMemory) throws(StepProblem) -> Int {
        switch conversion {
        case .wrapInObject(let key):
            return wrapInPlace(node, in: .object, key: memory.keyInTree(key))
        case .wrapInArray:
            return wrapInPlace(node, in: .array, key: ByteRange())
        case .decimalToMinorUnits(let scale):
            if let converted = minorUnitsOnBytes(node, scale: scale) { return converted }
        case .unixSecondsToRFC3339:
            if let converted = rfc3339OnBytes(node) { return converted }
        case .general:
            break
        }
        switch memory.converters[operand].apply(value(at: node)) {
        case .success(let converted): return append(converted)
        case .failure(let problem): throw StepProblem(reason: problem.reason)
        }
    }

    /// Wraps the value at `node` in a container of `kind`, in place, and returns `node`: the value
    /// moves into a new node, the container's only member (under `key`, for an object) or element,
    /// and `node`, keeping its own key and place, becomes the container. Nothing is copied.
    @inline(__always)
    private mutating func wrapInPlace(_ node: Int, in kind: Kind, key: ByteRange) -> Int {
        var inner = Node(kind: nodes[node].kind, text: nodes[node].text)
        inner.key = key
        inner.firstChild = nodes[node].firstChild
        inner.parent = node
        let wrapped = appendNode(inner)
        var child = inner.firstChild
        while child != Self.none {
            nodes[child].parent = wrapped
            child = nodes[child].nextSibling
        }
        nodes[node].kind = kind
        nodes[node].text = ByteRange()
        nodes[node].firstChild = wrapped
        return node
    }

    /// A plain decimal amount at `node` turned into integer minor units in place, returning
    /// `node`, without a `JSONValue`; `nil` (with `node` unchanged) sends every other case,
    /// failures included, to ``ValueConverter/apply(_:)``, whose result this matches byte for byte.
    /// The digits are written straight into the spare room (see ``writeInSpareRoom(_:)``).
    @inline(__always)
    private mutating func minorUnitsOnBytes(_ node: Int, scale: Int) -> Int? {
        guard nodes[node].kind == .number else { return nil }
        let text = nodes[node].text
        // The common amount (`199.99`, `5`, `-0.5`) becomes its digits without a value on the way.
        if let written = writeInSpareRoom({ bytes, output in Self.minorUnitsText(of: bytes.slice(text), scale: scale, into: output) }) {
            nodes[node].text = written
            return node
        }
        let scaled = bytes.withUnsafeBufferPointer { bytes in
            JSONNumber.scaledToInteger(text: bytes.slice(text), byPowerOfTen: scale)
        }
        guard let scaled else { return nil }
        nodes[node].text = appendDigits(scaled)
        return node
    }

    /// How many bytes of spare room a conversion on bytes may write: ``minorUnitsText(of:scale:into:)``
    /// writes up to 21, an RFC 3339 date 20.
    static let spareRoomPerValue = 24

    /// Runs `write` on the tree's bytes and ``spareRoomPerValue`` bytes of the spare room that
    /// ``run(_:)`` appends after the program's keys, and returns where the text it wrote is in the
    /// bytes, taking that room; `nil` when `write` wrote nothing. Each byte is a plain store, with no
    /// `Array` append per value; when the room runs out, more is appended.
    ///
    /// `write` gets the bytes as they are (to read the value it converts, which is never in the
    /// spare room) and the room, and returns the range of the room it wrote.
    @inline(__always)
    private mutating func writeInSpareRoom(
        _ write: (UnsafeBufferPointer<UInt8>, UnsafeMutableBufferPointer<UInt8>) -> Range<Int>?
    ) -> ByteRange? {
        if spareRoom.count < Self.spareRoomPerValue {
            // Rare: a program that converts more values than its room was sized for.
            spareRoom = ByteRange(start: bytes.count, count: 4 * Self.spareRoomPerValue)
            bytes.append(contentsOf: repeatElement(0, count: spareRoom.count))
        }
        let room = spareRoom
        let written: Range<Int>? = bytes.withUnsafeMutableBufferPointer { buffer in
            let output = UnsafeMutableBufferPointer(rebasing: buffer[room.start..<room.start + Self.spareRoomPerValue])
            return write(UnsafeBufferPointer(buffer), output)
        }
        guard let written else { return nil }
        spareRoom = ByteRange(start: room.start + written.upperBound, count: room.count - written.upperBound)
        return ByteRange(start: room.start + written.lowerBound, count: written.count)
    }

    /// The text of the integer `text` × 10^`scale`, written into `output` (room for 24 bytes),
    /// and where in `output`: when `text` is a plain decimal (no exponent) with at most `scale`
    /// fraction digits and at most 18 digits in all once scaled, so that the value fits `Int64` as
    /// the ``ValueConverter`` requires; otherwise `nil`. The digits are the text's own, the point
    /// dropped and zeros added, without leading zeros: `0` for zero, `-` before any other
    /// negative, as `JSONNumber` writes an `Int64`.
    ///
    /// One pass copies the digits as it checks them (to `output[1...]`, the sign's place before
    /// them); the leading zeros are then skipped rather than moved.
    static func minorUnitsText(of text: UnsafeBufferPointer<UInt8>, scale: Int, into output: UnsafeMutableBufferPointer<UInt8>) -> Range<Int>? {
        // A text that fits has at most 18 digits, a sign and a point: 20 bytes, which with the
        // sign's place fit `output` while they are copied.
        guard (0...18).contains(scale), (1...20).contains(text.count), output.count >= 24,
              let input = text.baseAddress, let out = output.baseAddress else { return nil }
        let end = text.count
        let negative = input[0] == UInt8(ascii: "-")
        var index = negative ? 1 : 0
        var count = 1
        while index < end, input[index] &- UInt8(ascii: "0") < 10 {
            out[count] = input[index]
            count &+= 1
            index &+= 1
        }
        let integerDigits = count &- 1
        if index < end, input[index] == UInt8(ascii: ".") {
            index &+= 1
            while index < end, input[index] &- UInt8(ascii: "0") < 10 {
                out[count] = input[index]
                count &+= 1
                index &+= 1
            }
        }
        let fractionDigits = count &- 1 &- integerDigits
        guard index == end, fractionDigits <= scale, integerDigits &+ scale <= 18 else { return nil }
        for _ in fractionDigits..<scale {
            out[count] = UInt8(ascii: "0")
            count &+= 1
        }
        var first = 1
        while first < count, out[first] == UInt8(ascii: "0") { first &+= 1 }
        if first == count {
            out[0] = UInt8(ascii: "0")
            return 0..<1
        }
        guard negative else { return first..<count }
        out[first &- 1] = UInt8(ascii: "-")
        return (first &- 1)..<count
    }

    /// Integer unix seconds at `node` turned into an RFC 3339 string in place, returning `node`,
    /// without a `JSONValue`; `nil` (with `node` unchanged) sends every other case to
    /// ``ValueConverter/apply(_:)``, as above.
    @inline(__always)
    private mutating func rfc3339OnBytes(_ node: Int) -> Int? {
        guard nodes[node].kind == .number,
              let seconds = withReader({ Leaf.smallInteger($0, nodes[node].text) }) ?? number(node).storedInt64 else { return nil }
        let written = writeInSpareRoom { _, output in
            RFC3339Timestamp.write(unixSeconds: seconds, into: output) ? 0..<RFC3339Timestamp.formattedLength : nil
        }
        guard let written else { return nil }
        nodes[node].kind = .string
        nodes[node].text = written
        return node
    }

    /// Puts the unlinked node `value` at `slot`: over the value there, or as a new member with
    /// the key at `key` (a range of the tree's bytes) after the slot's last member.
    @inline(__always)
    private mutating func put(_ value: Int, at slot: Slot, key: ByteRange) {
        if slot.node != Self.none {
            overwriteValue(of: slot.node, with: value)
        } else {
            nodes[value].key = key
            link(value, after: slot.previous, in: slot.container)
        }
    }

    /// The one place `tokens` (none of them `*`) reaches from the root, or `nil` where the walk
    /// stops before its last token: at a missing member (unless `creating`, which adds empty
    /// objects on the way), an absent array element, a token that is not an index on an array, or
    /// a scalar. The same place ``visit(_:_:at:creating:_:)`` reaches.
    private mutating func locate(_ tokens: UnsafeBufferPointer<TreeProgram.Token>, _ memory: ProgramMemory,
                                 creating: Bool) -> Slot? {
        var container = Self.root
        for position in tokens.indices {
            let token = tokens[position]
            let isLast = position == tokens.count - 1
            var previous = Self.none
            var node = Self.none
            switch nodes[container].kind {
            case .object:
                (previous, node) = member(of: container, keyBytes: memory.key(token.key))
                if node == Self.none && !isLast {
                    guard creating else { return nil }
                    node = addEmptyObject(token, after: previous, in: container, memory)
                }
            case .array:
                guard token.index >= 0 else { return nil }
                var child = nodes[container].firstChild
                var index = 0
                while child != Self.none && index < token.index {
                    previous = child
                    child = nodes[child].nextSibling
                    index += 1
                }
                guard child != Self.none else { return nil }
                node = child
            default:
                return nil
            }
            if isLast { return Slot(container: container, previous: previous, node: node) }
            container = node
        }
        return nil
    }

    /// Does `action` at each place `tokens` reaches from `node` (see ``act(_:at:_:)``), with `nil`
    /// where the last token names an absent member, and makes the change it returns; the same
    /// walk as `JSONValue.visit(_:creating:_:)`. Missing intermediate members are skipped unless
    /// `creating`, which adds empty objects on the way.
    private mutating func visit(_ tokens: UnsafeBufferPointer<TreeProgram.Token>, _ memory: ProgramMemory, at node: Int,
                                creating: Bool, _ action: PlaceAction) throws(StepProblem) {
        guard let token = tokens.first else { return }
        let rest = UnsafeBufferPointer(rebasing: tokens[1...])
        switch nodes[node].kind {
        case .object:
            if token.isWildcard {
                try visitChildren(of: node, at: -1, rest, memory, creating: creating, action)
                return
            }
            let (previous, found) = member(of: node, keyBytes: memory.key(token.key))
            var child = found
            if rest.isEmpty {
                switch try act(action, at: child == Self.none ? nil : child, memory) {
                case .keep: break
                case .remove: if child != Self.none { unlink(child, after: previous, in: node) }
                case .put(let value): put(value, at: Slot(container: node, previous: previous, node: child), key: memory.keyInTree(token.key))
                }
                if case .convertThen(let index, let copyOf) = action {
                    // The copy or set creates the place when it is missing, as its own walk does.
                    if child == Self.none { child = addEmptyObject(token, after: previous, in: node, memory) }
                    try runNext(after: index, copyOf: copyOf, at: child, memory)
                }
                return
            }
            if child == Self.none {
                guard creating else { return }
                child = addEmptyObject(token, after: previous, in: node, memory)
            }
            try visit(rest, memory, at: child, creating: creating, action)
        case .array:
            guard token.isWildcard || token.index >= 0 else { return }
            try visitChildren(of: node, at: token.isWildcard ? -1 : token.index, rest, memory, creating: creating, action)
        default:
            return
        }
    }

    /// Does `action` at the child of `container` at position `wanted`, or at every child when
    /// `wanted` is -1 (a `*`), as ``visit(_:_:at:creating:_:)`` does at the place the `rest` of the
    /// tokens reach from there. An element or member the action removes is unlinked, so a `*`
    /// removes every member of an object as it removes every element of an array.
    private mutating func visitChildren(of container: Int, at wanted: Int, _ rest: UnsafeBufferPointer<TreeProgram.Token>,
                                        _ memory: ProgramMemory, creating: Bool, _ action: PlaceAction) throws(StepProblem) {
        var previous = Self.none
        var child = nodes[container].firstChild
        var position = 0
        while child != Self.none {
            let next = nodes[child].nextSibling
            if wanted < 0 || wanted == position {
                if rest.isEmpty {
                    switch try act(action, at: child, memory) {
                    case .keep: previous = child
                    case .remove: unlink(child, after: previous, in: container)
                    case .put(let value): overwriteValue(of: child, with: value); previous = child
                    }
                    if case .convertThen(let index, let copyOf) = action { try runNext(after: index, copyOf: copyOf, at: child, memory) }
                } else {
                    try visit(rest, memory, at: child, creating: creating, action)
                    previous = child
                }
                if wanted >= 0 { return }
            } else {
                previous = child
            }
            child = next
            position += 1
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The bytes at `range`.
    func slice(_ range: PayloadTree.ByteRange) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: self[range.start..<range.start + range.count])
    }
}
