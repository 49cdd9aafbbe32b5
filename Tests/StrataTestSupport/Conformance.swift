import EventSchema
import Foundation

/// Locates the shared conformance data (`../shared/conformance/` beside the clone).
///
/// Tests that need it are skipped with a note when it is absent, as in a user's clone.
public enum Conformance {
    /// The package's root folder.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The conformance folder: `STRATA_CONFORMANCE`, else `../shared/conformance` beside the package.
    public static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["STRATA_CONFORMANCE"] {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance")
    }()

    /// Whether the conformance data is present.
    public static var isAvailable: Bool {
        let available = FileManager.default.fileExists(atPath: root.path)
        if !available { print("note: \(root.path) is absent; conformance tests are skipped") }
        return available
    }

    /// The JSON files in `folder` under the conformance root, sorted; empty when absent.
    public static func files(in folder: String) -> [String] {
        let directory = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { folder + "/" + $0 }
    }

    /// Reads and parses a conformance file.
    public static func load(_ relativePath: String) throws -> JSONValue {
        let data = try Data(contentsOf: root.appendingPathComponent(relativePath))
        return try JSONValue(parsing: [UInt8](data))
    }
}

/// One case of the JSON Schema Test Suite.
public struct SchemaTestCase: Sendable {
    /// `file: group description / test description`.
    public var name: String
    /// The schema of the case's group.
    public var schema: JSONValue
    /// The instance.
    public var data: JSONValue
    /// The expected verdict.
    public var valid: Bool

    /// Every case in a test-suite file.
    public static func cases(in relativePath: String) throws -> [SchemaTestCase] {
        guard case .array(let groups) = try Conformance.load(relativePath) else { return [] }
        var cases: [SchemaTestCase] = []
        for group in groups {
            guard let schema = group["schema"], case .array(let tests)? = group["tests"] else { continue }
            let groupName = group["description"]?.string ?? "?"
            for test in tests {
                cases.append(SchemaTestCase(
                    name: "\(relativePath): \(groupName) / \(test["description"]?.string ?? "?")",
                    schema: schema, data: test["data"] ?? .null, valid: test["valid"]?.bool ?? false))
            }
        }
        return cases
    }
}
