import ArgumentParser
import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry

/// `strata diff`: every difference between two schema files, with Confluent's kinds.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show every difference between two schema files and whether each breaks readers.",
        discussion: """
            Differences are Confluent Schema Registry's kinds with a JSON pointer, judged in the backward
            direction (readers of <new> reading events written with <old>). Exits 0 when no difference
            breaks readers, 1 otherwise.
            """
    )

    @Argument(help: "The earlier schema file.")
    var old: String

    @Argument(help: "The newer schema file.")
    var new: String

    @Option(name: .long, help: "STRICT or LENIENT.")
    var policy: CompatibilityPolicy = .strict

    @OptionGroup var output: OutputOptions

    func run() throws {
        let differences: [SchemaDifference]
        do {
            let reader = DocumentReader()
            let oldDocument = try reader.read(file: old)
            let newDocument = try reader.read(file: new)
            differences = try SchemaDiff.compare(
                original: oldDocument, updated: newDocument,
                originalBaseURI: FileSchemaResolver.uri(forFile: old), updatedBaseURI: FileSchemaResolver.uri(forFile: new),
                resolver: FileSchemaResolver(root: Self.commonFolder(old, new), reader: reader))
        } catch {
            throw CommandFailure.exit(for: error)
        }
        let breaking = differences.filter { !$0.kind.isCompatible(under: policy) }
        switch output.format {
        case .json:
            print(JSONValue.object([
                "compatible": .bool(breaking.isEmpty),
                "policy": .string(policy.rawValue),
                "differences": .array(differences.map { ReportPrinter.json($0, policy: policy) }),
            ]).serialized(pretty: true))
        case .text:
            for difference in differences {
                let verdict = difference.kind.isCompatible(under: policy) ? "ok   " : "BREAK"
                print("\(verdict) \(difference.kind.rawValue) \(difference.path): \(difference.kind.explanation)")
            }
            print(breaking.isEmpty
                  ? "\(differences.count) differences, none breaks readers (\(policy.rawValue))"
                  : "\(differences.count) differences, \(breaking.count) break readers (\(policy.rawValue))")
        }
        if !breaking.isEmpty { throw ExitCode.failure }
    }

    /// The folder both files' schema folders are in (references may reach sibling types).
    static func commonFolder(_ a: String, _ b: String) -> String {
        func root(_ path: String) -> [String] {
            URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().deletingLastPathComponent().pathComponents
        }
        let first = root(a), second = root(b)
        let common = zip(first, second).prefix { $0 == $1 }.map(\.0)
        return common.isEmpty ? "/" : NSString.path(withComponents: common)
    }
}
