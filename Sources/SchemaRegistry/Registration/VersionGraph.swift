import EventSchema
import EventUpcasting

/// The registry's versions and the edges a catalog reads old events along: each registered
/// upcaster and downcaster, and each version that no upcaster leaves but whose successor reads it
/// unchanged (compatible under the type's policy) — what `strata graph` draws from folders.
public struct VersionGraph: Sendable, Equatable {
    /// One edge.
    public struct Edge: Sendable, Equatable {
        /// What makes the edge.
        public enum Kind: String, Sendable, Equatable {
            /// A registered upcaster file.
            case upcaster
            /// A registered downcaster file (to an older version).
            case downcaster
            /// No file: the next version reads this one unchanged.
            case compatible
        }

        /// The version it reads.
        public var source: EventVersion
        /// The versions it writes (several for a split, another type for a rename).
        public var targets: [EventVersion]
        /// What makes it.
        public var kind: Kind
    }

    /// Every version, deleted ones too, by event type then version.
    public var versions: [StoredVersion]
    /// Every edge, by event type then starting version.
    public var edges: [Edge]
    /// The versions with neither an upcaster nor a compatible successor: old events of these
    /// cannot be read as the current version.
    public var gaps: [EventVersion]

    /// The graph as JSON: `{"versions": [{eventType, version, schemaId, deleted}], "edges": [{from,
    /// to, kind}], "gaps": [{eventType, version}]}`.
    public var json: JSONValue {
        func node(_ version: EventVersion) -> JSONValue {
            ["eventType": .string(version.eventType), "version": .number(JSONNumber(version.version))]
        }
        return [
            "versions": .array(versions.map {
                ["eventType": .string($0.eventType), "version": .number(JSONNumber($0.version)),
                 "schemaId": .number(JSONNumber($0.schemaID)), "deleted": .bool($0.isDeleted)]
            }),
            "edges": .array(edges.map { ["from": node($0.source), "to": .array($0.targets.map(node)), "kind": .string($0.kind.rawValue)] }),
            "gaps": .array(gaps.map(node)),
        ]
    }
}

extension SchemaRegistry {
    /// The version graph of `eventType` and the types its upcasters reach, or of every type when `nil`.
    ///
    /// - Throws: ``RegistryError/folder(_:)`` when a registered upcaster or schema cannot be read.
    public func versionGraph(of eventType: String? = nil) throws(RegistryError) -> VersionGraph {
        try store.read { reader throws(RegistryError) in
            let schemas = VersionedSchemas(entries: try Self.registeredSchemas(in: reader))
            var upcasters: [Upcaster] = []
            for stored in try reader.upcasters(of: nil) {
                do throws(UpcastingError) {
                    upcasters.append(try Upcaster(stored.document, eventType: stored.eventType, from: stored.fromVersion,
                                                  to: stored.toVersion, file: "\(stored.eventType)/\(stored.fileName)"))
                } catch {
                    throw .folder(error)
                }
            }
            let types = eventType.map { UpcasterChain.reachableTypes(from: $0, through: upcasters) }
            let policies = try Self.policies(in: reader)
            let compatible: CompatibleVersions
            do throws(UpcastingError) {
                compatible = try CompatibleVersions.find(in: schemas, upcasters: upcasters, eventTypes: types, policies: policies)
            } catch {
                throw .folder(error)
            }
            var versions: [StoredVersion] = []
            for type in try reader.eventTypes() where types?.contains(type) ?? true {
                versions += try reader.versions(of: type, includingDeleted: true)
            }
            let files = upcasters.filter { types?.contains($0.eventType) ?? true }.map { upcaster in
                VersionGraph.Edge(source: EventVersion(upcaster.eventType, upcaster.fromVersion), targets: upcaster.targets,
                                  kind: upcaster.isDowncaster ? .downcaster : .upcaster)
            }
            let passing = compatible.edges.map {
                VersionGraph.Edge(source: EventVersion($0.eventType, $0.fromVersion), targets: $0.targets, kind: .compatible)
            }
            let edges = (files + passing).sorted { ($0.source, $0.kind.rawValue) < ($1.source, $1.kind.rawValue) }
            return VersionGraph(versions: versions, edges: edges, gaps: compatible.gaps.map(\.source))
        }
    }
}
