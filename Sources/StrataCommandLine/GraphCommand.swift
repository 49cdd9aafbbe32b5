import ArgumentParser
import EventSchema
import EventUpcasting
import Foundation

/// `strata graph`: draws event types, their versions and the upcasters between them.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw event types, their versions and the upcaster edges as Mermaid or Graphviz dot.",
        discussion: """
            Each version is a node; each upcaster an edge labelled with its file and whether it is
            declarative or names a Swift upcaster; each downcaster (3-to-2.yaml) an edge back to the
            older version, labelled "downcast"; a version that no upcaster leaves has a "compatible"
            edge to its successor when that one is BACKWARD compatible with it (read unchanged), and, with --verify, whether it bridges the versions
            (dashed when it does not, or cannot be verified here). Exits 0, or 65 on invalid files.
            With --topology it draws the context topology instead, from the x-context, x-producers and
            x-consumers of each event type's latest schema.
            """
    )

    /// Graph formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case mermaid, dot
    }

    @Argument(help: "The event type (default: all).")
    var eventType: String?

    @Option(name: .long, help: "mermaid or dot.")
    var format: Format = .mermaid

    @Option(name: .long, help: "The schema folder.")
    var schemas: String = "Schemas"

    @Option(name: .long, help: "The upcaster folder.")
    var upcasters: String = "Upcasters"

    @Flag(name: .long, help: "Mark each edge as bridging or not (runs the checks of strata verify).")
    var verify = false

    @Option(name: .long, help: "The policy a version with no upcaster is checked against its successor under: STRICT or LENIENT.")
    var policy: CompatibilityPolicy = .strict

    // The context topology: who produces and who consumes each event type (x-producers, x-consumers, x-context).
    @Flag(name: .long, help: "Draw the context topology instead: contexts as groups, services as nodes, event types as edges from producers to consumers.")
    var topology = false

    func validate() throws {
        if topology, verify { throw ValidationError("--topology draws services, not versions: it cannot be combined with --verify") }
    }

    func run() throws {
        if topology { return try drawTopology() }
        let folder: SchemaFolder
        var edges: [Upcaster] = []
        var bridged: [EventVersion: Bool] = [:]
        var downcastBridged: [EventVersion: Bool] = [:]
        do {
            folder = try SchemaFolder(root: schemas)
            var files: [Upcaster] = []
            for file in try Upcaster.files(in: upcasters) { files.append(try Upcaster(file: file)) }
            // Versions read unchanged as their compatible successor are drawn as "compatible" edges.
            let compatible = try CompatibleVersions.find(in: try VersionedSchemas(folder: folder), upcasters: files,
                                                         policies: folder.currentVersions.mapValues { _ in policy })
            for upcaster in files + compatible.edges
            where eventType == nil || upcaster.eventType == eventType || upcaster.targets.contains(where: { $0.eventType == eventType }) {
                edges.append(upcaster)
            }
            if verify {
                var settings = ChainVerification.Settings.standard
                settings.policy = policy
                let outcome = try ChainVerification.run(schemas: schemas, upcasters: upcasters, eventType: eventType, settings: settings,
                                                        swiftUpcasters: StrataCommand.swiftUpcasters)
                for report in outcome.reports where !report.isDowncast { bridged[report.source] = report.isBridged }
                // Downcast edges: a block of their own.
                for report in outcome.reports where report.isDowncast { downcastBridged[report.source] = report.isBridged }
            }
        } catch {
            throw CommandFailure.exit(for: error)
        }
        let shownTypes = Set(edges.flatMap { [$0.eventType] + $0.targets.map(\.eventType) } + (eventType.map { [$0] } ?? []))
        let nodes = folder.schemas.filter { eventType == nil || shownTypes.contains($0.eventType) }
            .map { EventVersion($0.eventType, $0.version) }
        var graph = UpcasterGraph(nodes: nodes, edges: edges, bridged: bridged)
        graph.downcastBridged = downcastBridged
        print(format == .mermaid ? graph.mermaid() : graph.dot())
    }
}

/// Event versions and the upcasters between them, written as Mermaid or dot.
struct UpcasterGraph {
    var nodes: [EventVersion]
    var edges: [Upcaster]
    var bridged: [EventVersion: Bool]
    /// Whether each downcaster, by the version it reads, bridges (with --verify).
    var downcastBridged: [EventVersion: Bool] = [:]

    /// Whether the edge bridges, when verified: downcasters and upcasters may share a start.
    func isBridged(_ upcaster: Upcaster) -> Bool? {
        (upcaster.isDowncaster ? downcastBridged : bridged)[EventVersion(upcaster.eventType, upcaster.fromVersion)]
    }

    static func id(_ node: EventVersion) -> String { "\(node.eventType)_v\(node.version)" }

    func label(_ upcaster: Upcaster) -> String {
        var kind = upcaster.passesThrough ? "compatible"
            : upcaster.swiftNames.isEmpty ? "declarative" : "swift: " + upcaster.swiftNames.joined(separator: ", ")
        if upcaster.isDowncaster { kind = "downcast, " + kind }
        var text = "\(upcaster.fromVersion)-to-\(upcaster.toVersion) (\(kind))"
        if !upcaster.keepsOneEvent { text += ", " + upcaster.shapeChange }
        switch isBridged(upcaster) {
        case true?: text += ", bridges"
        case false?: text += ", does not bridge"
        case nil: break
        }
        return text
    }

    func isDashed(_ upcaster: Upcaster) -> Bool {
        bridged.isEmpty && downcastBridged.isEmpty ? false : isBridged(upcaster) != true
    }

    func mermaid() -> String {
        var lines = ["flowchart LR"]
        for (type, versions) in Dictionary(grouping: nodes, by: \.eventType).sorted(by: { $0.key < $1.key }) {
            lines.append("  subgraph \(type)")
            for node in versions.sorted() { lines.append("    \(Self.id(node))[\"\(type) v\(node.version)\"]") }
            lines.append("  end")
        }
        for upcaster in edges {
            for target in upcaster.targets {
                let arrow = isDashed(upcaster) ? "-.->" : "-->"
                lines.append("  \(Self.id(EventVersion(upcaster.eventType, upcaster.fromVersion))) \(arrow)|\"\(label(upcaster))\"| \(Self.id(target))")
            }
        }
        return lines.joined(separator: "\n")
    }

    func dot() -> String {
        var lines = ["digraph upcasters {", "  rankdir=LR;", "  node [shape=box];"]
        for (type, versions) in Dictionary(grouping: nodes, by: \.eventType).sorted(by: { $0.key < $1.key }) {
            lines.append("  subgraph \"cluster_\(type)\" {")
            lines.append("    label=\"\(type)\";")
            for node in versions.sorted() { lines.append("    \(Self.id(node)) [label=\"\(type) v\(node.version)\"];") }
            lines.append("  }")
        }
        for upcaster in edges {
            for target in upcaster.targets {
                let style = isDashed(upcaster) ? ", style=dashed" : ""
                lines.append("  \(Self.id(EventVersion(upcaster.eventType, upcaster.fromVersion))) -> \(Self.id(target)) [label=\"\(label(upcaster))\"\(style)];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}
