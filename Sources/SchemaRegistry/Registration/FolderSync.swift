import EventSchema
import EventUpcasting
import Foundation

extension SchemaRegistry {
    /// Registers every version of `folder` that the registry does not have yet, in one
    /// transaction: all of them, or none when any is invalid or incompatible.
    ///
    /// Versions are registered in an order where each comes after its own earlier versions and
    /// after the schemas it references (`"$ref": "../Money/1.json"`). A folder version that the
    /// registry already has must be identical to it, apart from Strata's topology keywords
    /// (``StoredVersion/hasSameSchema(as:references:)``): registered versions never change.
    ///
    /// - Returns: the registrations, new ones and unchanged ones.
    public func sync(_ folder: SchemaFolder, reader: DocumentReader = DocumentReader()) throws(RegistryError) -> [Registration] {
        try sync(folder, upcasters: nil, reader: reader).registrations
    }

    /// What a sync registered.
    public struct SyncResult: Sendable {
        /// The schema registrations, new and unchanged.
        public var registrations: [Registration]
        /// The upcasters registered by this sync.
        public var newUpcasters: [StoredUpcaster]
        /// The upcasters that were already registered, unchanged.
        public var unchangedUpcasters: [StoredUpcaster]
    }

    /// Registers every new schema version of `folder` and every new upcaster file under
    /// `upcasters` (`<EventType>/<from>-to-<to>.yaml|json`) in one transaction.
    ///
    /// An upcaster is immutable once registered, like a version: re-syncing an identical file is a
    /// no-op, a changed one is a conflict. Upcasters must lead forwards to a registered version.
    ///
    /// A new version that breaks readers under its type's mode is registered when the folder's
    /// upcasters bridge every earlier version it breaks (Swift upcasters the chains name come
    /// from `swiftUpcasters`).
    public func sync(_ folder: SchemaFolder, upcasters upcasterFolder: String?, swiftUpcasters: [String: SwiftUpcaster] = [:],
                     reader: DocumentReader = DocumentReader()) throws(RegistryError) -> SyncResult {
        try sync(try SyncInput(folder, upcasters: upcasterFolder, reader: reader), swiftUpcasters: swiftUpcasters)
    }

    /// Registers what ``SyncInput`` holds, as ``SchemaRegistry/sync(_:upcasters:swiftUpcasters:reader:)`` registers
    /// the folders it was read from: the one sync workflow, whether the files were read here or
    /// sent to a server by `strata --registry http://… sync`.
    public func sync(_ input: SyncInput, swiftUpcasters: [String: SwiftUpcaster] = [:]) throws(RegistryError) -> SyncResult {
        var documents: [SchemaFolder.SchemaFile: JSONValue] = [:]
        for (file, document) in input.schemas { documents[file] = document }
        let ordered = try Self.dependencyOrder(input.schemas.map(\.file), documents: documents)
        // A breaking version is accepted when the folder's upcasters bridge it; the folder's
        // golden examples feed the generated payloads.
        let bridging = BridgeContext(upcasters: input.upcasters.map(\.upcaster), golden: input.golden, swiftUpcasters: swiftUpcasters,
                                     pinnedFormVersions: input.pinnedFormVersions)
        return try decideOnSnapshot { store throws(RegistryError) in
            try Self.sync(ordered, documents: documents, upcasters: input.upcasters, bridging: bridging, in: store)
        } replay: { plan, result, store throws(RegistryError) in
            var replayed = result
            replayed.registrations = try plan.replay(result.registrations, into: store)
            return replayed
        }
    }

    /// Registers `ordered` schema files and the upcaster files into `store`, in one transaction.
    static func sync(_ ordered: [SchemaFolder.SchemaFile], documents: [SchemaFolder.SchemaFile: JSONValue],
                     upcasters upcasterFiles: [(upcaster: Upcaster, document: JSONValue)], bridging: BridgeContext,
                     in store: any SchemaStoreWriting) throws(RegistryError) -> SyncResult {
        var result = SyncResult(registrations: [], newUpcasters: [], unchangedUpcasters: [])
        var registrations: [Registration] = []
        for file in ordered {
            let document = documents[file]!
            if let existing = try store.version(file.version, of: file.eventType) {
                guard existing.hasSameSchema(as: document) else {
                    throw .conflictsWithRegistry(eventType: file.eventType, version: file.version,
                                                 reason: "\(file.path) differs from the registered version; registered versions never change, add a new version instead")
                }
                registrations.append(Registration(version: existing, isNew: false, report: CompatibilityReport(
                    eventType: file.eventType, candidateVersion: file.version,
                    configuration: try Self.effectiveConfiguration(file.eventType, store), comparisons: [])))
                continue
            }
            let registration = try Self.register(document, as: file.eventType, file: file.path, in: store, bridging: bridging)
            guard registration.version.version == file.version else {
                throw .conflictsWithRegistry(eventType: file.eventType, version: file.version,
                                             reason: "\(file.path) is identical to registered v\(registration.version.version)")
            }
            registrations.append(registration)
        }
        result.registrations = registrations
        try Self.register(upcasterFiles, in: store, into: &result)
        return result
    }

    /// Reads and checks every upcaster file under `folder` (none when `nil`).
    static func readUpcasters(_ folder: String?, reader: DocumentReader) throws(RegistryError) -> [(upcaster: Upcaster, document: JSONValue)] {
        guard let folder else { return [] }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .folder(.invalidFolderLayout(path: folder, reason: "no such folder"))
        }
        do { return try UpcasterChain.load(folder: folder, eventTypes: nil, reader: reader) } catch { throw .folder(error) }
    }

    static func register(_ files: [(upcaster: Upcaster, document: JSONValue)], in store: any SchemaStoreWriting, into result: inout SyncResult) throws(RegistryError) {
        let registered = try store.upcasters(of: nil)
        var new: [(upcaster: Upcaster, document: JSONValue)] = []
        for (upcaster, document) in files {
            if let existing = registered.first(where: { UpcasterKey($0) == UpcasterKey(upcaster) }) {
                guard existing.fingerprint == document.canonicalFingerprint, existing.toVersion == upcaster.toVersion else {
                    throw .conflictsWithRegistry(eventType: upcaster.eventType, version: upcaster.fromVersion,
                                                 reason: "\(upcaster.file ?? "the upcaster") differs from the registered \(upcaster.isDowncaster ? "downcaster" : "upcaster") from v\(upcaster.fromVersion); registered upcasters never change")
                }
                result.unchangedUpcasters.append(existing)
                continue
            }
            new.append((upcaster, document))
        }
        result.newUpcasters = try insertUpcasters(new, in: store)
    }

    /// Orders schema files so that each follows its earlier versions and what it references.
    static func dependencyOrder(_ files: [SchemaFolder.SchemaFile], documents: [SchemaFolder.SchemaFile: JSONValue]) throws(RegistryError) -> [SchemaFolder.SchemaFile] {
        var dependencies: [SchemaFolder.SchemaFile: [SchemaFolder.SchemaFile]] = [:]
        for file in files {
            var needs: [SchemaFolder.SchemaFile] = []
            if file.version > 1, let previous = files.first(where: { $0.eventType == file.eventType && $0.version == file.version - 1 }) {
                needs.append(previous)
            }
            needs += referencedFiles(from: file, document: documents[file]!, among: files)
            dependencies[file] = needs
        }
        var ordered: [SchemaFolder.SchemaFile] = []
        var state: [SchemaFolder.SchemaFile: Bool] = [:]  // false: in progress, true: done
        func visit(_ file: SchemaFolder.SchemaFile) throws(RegistryError) {
            if state[file] == true { return }
            if state[file] == false {
                throw .conflictsWithRegistry(eventType: file.eventType, version: file.version, reason: "\(file.path) is part of a cycle of references between schema files")
            }
            state[file] = false
            for dependency in dependencies[file] ?? [] { try visit(dependency) }
            state[file] = true
            ordered.append(file)
        }
        for file in files { try visit(file) }
        return ordered
    }

    /// The files among `files`, other than `file` itself, that `document` (the content of `file`) references.
    static func referencedFiles(from file: SchemaFolder.SchemaFile, document: JSONValue,
                                among files: [SchemaFolder.SchemaFile]) -> [SchemaFolder.SchemaFile] {
        let byURI = Dictionary(files.map { (RegistryURI.uri(eventType: $0.eventType, version: $0.version), $0) }) { first, _ in first }
        let base = RegistryURI.uri(eventType: file.eventType, version: file.version)
        return references(in: document).compactMap { reference in
            let target = SchemaURI.resolve(reference, against: base).split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
            return byURI[target].flatMap { $0 == file ? nil : $0 }
        }
    }

    /// Every `$ref` and `$dynamicRef` string in a document.
    static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let object):
            var found: [String] = []
            for (key, member) in object {
                if key == "$ref" || key == "$dynamicRef", case .string(let reference) = member { found.append(reference) }
                found += references(in: member)
            }
            return found
        case .array(let elements):
            return elements.flatMap(references(in:))
        default:
            return []
        }
    }
}
