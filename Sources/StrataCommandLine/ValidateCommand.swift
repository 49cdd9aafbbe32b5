import ArgumentParser
import EventSchema
import EventUpcasting
import Foundation

/// `strata validate`: checks one payload against one schema.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a JSON payload against a JSON Schema.",
        discussion: """
            Prints every violation as `instance pointer: message (schema location)`. Exits 0 when the
            payload is valid, 1 when it is not, 64 on bad usage, 65 on malformed input.
            The schema's relative $refs (such as ../Money/1.json) resolve to files in the schema's
            parent folder tree.
            """
    )

    @Argument(help: "The payload file, or - for standard input.")
    var payload: String

    @Option(name: .long, help: "The schema file (.json, .yaml or .yml).")
    var schema: String

    @Flag(name: .long, help: "Assert `format` (date-time, email, uuid, …) instead of treating it as an annotation.")
    var assertFormat = false

    @Option(name: .long, help: "Largest accepted input in bytes.")
    var maxBytes: Int = 64 << 20

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
    }

    func run() throws {
        let reader = DocumentReader(maximumBytes: maxBytes)
        let result: ValidationResult
        do {
            let schemaDocument = try reader.read(file: schema)
            let schemaFolder = ((schema as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            let compiled = try JSONSchema(
                schemaDocument, baseURI: FileSchemaResolver.uri(forFile: schema), file: schema,
                options: JSONSchema.Options(assertsFormat: assertFormat),
                resolver: FileSchemaResolver(root: schemaFolder.isEmpty ? "." : schemaFolder, reader: reader))
            let instance = payload == "-" ? try reader.readStandardInput() : try reader.read(file: payload)
            result = compiled.validate(instance)
        } catch {
            throw CommandFailure.exit(for: error)
        }
        switch output.format {
        case .json:
            print(PathDisplay.shorten(result.basicOutput.serialized(pretty: true)))
        case .text:
            for error in result.errors { print(PathDisplay.shorten(error.description)) }
            if result.isValid { print("valid") }
        }
        if !result.isValid { throw ExitCode.failure }
    }
}
