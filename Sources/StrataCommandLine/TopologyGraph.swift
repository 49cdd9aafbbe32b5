import EventUpcasting

/// An ``EventTopology`` drawn as Mermaid or dot: bounded contexts as groups, services as nodes,
/// and each event type as edges labelled with its name from each producer to each consumer.
///
/// A service sits in the context of the events it produces (``EventTopology/context(of:)``), else
/// outside every group. An event type with no producer or no consumer is drawn as a node of its
/// own, in its context, so that the edges it has still lead somewhere.
///
/// Names come from schema files: node ids are made up (`s1_checkout`), and every label is escaped
/// for its format, so no name can end a label, a node or the graph.
struct TopologyGraph {
    let topology: EventTopology

    /// One line of the drawing, in the words of both formats.
    private enum Element {
        case group(id: String, label: String, members: [Node])
        case node(Node)
        case edge(from: String, to: String, label: String)
    }

    /// A node: a service, or an event type without one of its ends.
    private struct Node {
        var id: String
        var label: String
        var isEvent: Bool
    }

    func mermaid() -> String {
        var lines = ["flowchart LR"]
        func node(_ node: Node, indent: String) -> String {
            node.isEvent ? "\(indent)\(node.id)([\"\(Self.mermaidText(node.label))\"])" : "\(indent)\(node.id)[\"\(Self.mermaidText(node.label))\"]"
        }
        for element in elements() {
            switch element {
            case .group(let id, let label, let members):
                lines.append("  subgraph \(id)[\"\(Self.mermaidText(label))\"]")
                lines += members.map { node($0, indent: "    ") }
                lines.append("  end")
            case .node(let member):
                lines.append(node(member, indent: "  "))
            case .edge(let from, let to, let label):
                lines.append("  \(from) -->|\"\(Self.mermaidText(label))\"| \(to)")
            }
        }
        return lines.joined(separator: "\n")
    }

    func dot() -> String {
        var lines = ["digraph topology {", "  rankdir=LR;", "  node [shape=box];"]
        func node(_ node: Node, indent: String) -> String {
            "\(indent)\(node.id) [label=\"\(Self.dotText(node.label))\"\(node.isEvent ? ", shape=ellipse" : "")];"
        }
        for element in elements() {
            switch element {
            case .group(let id, let label, let members):
                lines.append("  subgraph cluster_\(id) {")
                lines.append("    label=\"\(Self.dotText(label))\";")
                lines += members.map { node($0, indent: "    ") }
                lines.append("  }")
            case .node(let member):
                lines.append(node(member, indent: "  "))
            case .edge(let from, let to, let label):
                lines.append("  \(from) -> \(to) [label=\"\(Self.dotText(label))\"];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// The drawing, sorted: each context's group, the services outside any, then the edges.
    private func elements() -> [Element] {
        let services = topology.services
        let serviceIDs = Dictionary(uniqueKeysWithValues: services.enumerated().map { ($1, Self.id("s", $0 + 1, $1)) })
        var eventNodes: [String: Node] = [:]
        for (index, event) in topology.events.enumerated()
        where event.annotations.producers.isEmpty || event.annotations.consumers.isEmpty {
            eventNodes[event.eventType] = Node(id: Self.id("e", index + 1, event.eventType), label: event.eventType, isEvent: true)
        }
        var members: [String?: [Node]] = [:]
        for service in services {
            members[topology.context(of: service), default: []].append(Node(id: serviceIDs[service]!, label: service, isEvent: false))
        }
        for event in topology.events { if let node = eventNodes[event.eventType] { members[event.annotations.context, default: []].append(node) } }
        var elements: [Element] = []
        for (index, context) in topology.contexts.enumerated() {
            elements.append(.group(id: Self.id("c", index + 1, context), label: context, members: members[context] ?? []))
        }
        elements += (members[nil] ?? []).map { .node($0) }
        for event in topology.events where !(event.annotations.producers.isEmpty && event.annotations.consumers.isEmpty) {
            let producers = event.annotations.producers.sorted().map { serviceIDs[$0]! }
            let consumers = event.annotations.consumers.sorted().map { serviceIDs[$0]! }
            // The event's own node stands in for the missing end.
            let node = eventNodes[event.eventType].map { [$0.id] } ?? []
            for from in producers.isEmpty ? node : producers {
                for to in consumers.isEmpty ? node : consumers {
                    elements.append(.edge(from: from, to: to, label: event.eventType))
                }
            }
        }
        return elements
    }

    /// A node id: the prefix, the position, and the name's ASCII letters and digits (for reading only).
    static func id(_ prefix: String, _ position: Int, _ name: String) -> String {
        "\(prefix)\(position)_" + String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }.prefix(24)))
    }

    /// `text` inside a quoted Mermaid label: everything but ASCII letters, digits, spaces and
    /// `-_.,/()` written as a decimal entity code (`#34;` for `"`), so quotes, brackets, `#`, `|`,
    /// `;` and newlines cannot end the label.
    static func mermaidText(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if isPlain(scalar) { result.unicodeScalars.append(scalar) } else { result += "#\(scalar.value);" }
        }
        return result
    }

    /// `text` inside a quoted dot label: `\` and `"` escaped, line breaks as `\n`, other control
    /// characters as spaces, and `&` as `&amp;` (Graphviz reads entities in labels).
    static func dotText(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "&": result += "&amp;"
            case "\n", "\r": result += "\\n"
            default:
                if scalar.properties.generalCategory == .control { result += " " } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        // Not `:`, which Mermaid's `style …:…#…;` pre-pass would cut an entity code after.
        return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " -_.,/()".unicodeScalars.contains(scalar)
    }
}
