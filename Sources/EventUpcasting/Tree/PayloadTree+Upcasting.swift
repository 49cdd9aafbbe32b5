import EventSchema

extension Upcaster {
    /// Whether ``PayloadTree/apply(_:)`` runs this upcaster: every step is declarative and keeps
    /// one event, and no move or copy reads from a wildcard. Other upcasters run on ``JSONValue``.
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

    /// Applies `upcaster`'s steps in place, with exactly the effect ``Upcaster/apply(to:swiftUpcasters:)``
    /// has on the same payload as a ``JSONValue``, failures included.
    ///
    /// - Precondition: `upcaster.runsOnPayloadTree`.
    mutating func apply(_ upcaster: Upcaster) throws(UpcastingError) {
        let steps = upcaster.steps
        for index in steps.indices {
            do {
                try apply(steps[index])
            } catch {
                throw .stepFailed(eventType: upcaster.eventType, fromVersion: upcaster.fromVersion, step: index,
                                  pointer: error.pointer, reason: error.reason)
            }
        }
    }

    /// Why a step failed, before the upcaster and step number are added.
    struct StepProblem: Error {
        var pointer: String
        var reason: String
    }

    /// Applies one step. (The closures capture only the step's own parts: capturing the upcaster
    /// retained and released all of its fields on every step.)
    private mutating func apply(_ step: UpcastStep) throws(StepProblem) {
        switch step {
        case .rename(let pointer, let newName):
            let name = pointer.tokens.last!
            let rename = { (tree: inout PayloadTree, node: Int?) throws(StepProblem) -> SlotChange in
                guard let node, tree.nodes[node].kind == .object else { return .keep }
                let member = tree.member(of: node, named: name)
                guard member != Self.none else { return .keep }
                guard newName == name || tree.member(of: node, named: newName) == Self.none else {
                    throw StepProblem(pointer: pointer.description, reason: "cannot rename to \"\(newName)\": that member exists")
                }
                tree.nodes[member].key = tree.appendBytes(newName)
                return .keep
            }
            if pointer.tokens.count == 1 {
                _ = try rename(&self, Self.root)
            } else {
                try visit(pointer.treePath, count: pointer.tokens.count - 1, creating: false, rename)
            }
        case .move(let from, let to), .copy(let from, let to):
            var taken = Self.none
            let isMove: Bool
            if case .move = step { isMove = true } else { isMove = false }
            try visit(from.treePath, creating: false) { (tree: inout PayloadTree, node: Int?) throws(StepProblem) -> SlotChange in
                guard let node else { return .keep }
                // A move takes the node itself; a copy takes a copy now, before any target changes it.
                taken = isMove ? node : tree.deepCopy(node)
                return isMove ? .remove : .keep
            }
            guard taken != Self.none else { return }
            try visit(to.treePath, creating: true) { (tree: inout PayloadTree, _: Int?) throws(StepProblem) -> SlotChange in
                .put(tree.deepCopy(taken))
            }
        case .set(let pointer, let value, let onlyIfAbsent):
            try visit(pointer.treePath, creating: true) { (tree: inout PayloadTree, node: Int?) throws(StepProblem) -> SlotChange in
                guard node == nil || !onlyIfAbsent else { return .keep }
                return .put(tree.append(value))
            }
        case .remove(let pointer):
            try visit(pointer.treePath, creating: false) { (_: inout PayloadTree, node: Int?) throws(StepProblem) -> SlotChange in
                node == nil ? .keep : .remove
            }
        case .convert(let pointer, let converter):
            try visit(pointer.treePath, creating: false) { (tree: inout PayloadTree, node: Int?) throws(StepProblem) -> SlotChange in
                guard let node else { return .keep }
                switch converter {
                case .wrapInObject(let key):
                    let wrapped = tree.deepCopy(node)
                    tree.nodes[wrapped].key = tree.appendBytes(key)
                    let object = tree.appendNode(Node(kind: .object))
                    tree.nodes[object].firstChild = wrapped
                    return .put(object)
                case .wrapInArray:
                    let wrapped = tree.deepCopy(node)
                    let array = tree.appendNode(Node(kind: .array))
                    tree.nodes[array].firstChild = wrapped
                    return .put(array)
                default:
                    switch converter.apply(tree.value(at: node)) {
                    case .success(let converted): return .put(tree.append(converted))
                    case .failure(let problem): throw StepProblem(pointer: pointer.description, reason: problem.reason)
                    }
                }
            }
        case .renameType:
            return  // the type is the upcaster's target, not part of the payload
        case .swift, .split:
            preconditionFailure("a \(step) step runs on JSONValue")
        }
    }

    /// Calls `body` for each place `path` (its first `count` tokens; all when `nil`) reaches from
    /// the root, with `nil` where the last token names an absent member, and makes the change it
    /// returns; the same walk as `JSONValue.visit(_:creating:_:)`. Missing intermediate members are
    /// skipped unless `creating`, which adds empty objects on the way.
    mutating func visit(_ path: TreePath, count: Int? = nil, creating: Bool,
                        _ body: (inout PayloadTree, Int?) throws(StepProblem) -> SlotChange) throws(StepProblem) {
        try path.tokens.withUnsafeBufferPointer { (tokens: UnsafeBufferPointer<TreePath.Token>) throws(StepProblem) in
            try path.keyBytes.withUnsafeBufferPointer { (keys: UnsafeBufferPointer<UInt8>) throws(StepProblem) in
                let tokens = UnsafeBufferPointer(rebasing: tokens[0..<(count ?? tokens.count)])
                try visit(tokens, keys: keys, at: Self.root, creating: creating, body)
            }
        }
    }

    /// The walk itself, from `node`, with the tokens and their key bytes as plain memory.
    private mutating func visit(_ tokens: UnsafeBufferPointer<TreePath.Token>, keys: UnsafeBufferPointer<UInt8>, at node: Int,
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
            let key = UnsafeBufferPointer(rebasing: keys[token.key.start..<(token.key.start + token.key.count)])
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
