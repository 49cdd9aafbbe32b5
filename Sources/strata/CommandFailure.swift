import ArgumentParser
import EventSchema
import EventUpcasting
import Foundation

/// Turns library errors into a one- or two-line message on standard error and an exit code.
enum CommandFailure {
    /// Exit code for input that is not valid JSON, YAML or JSON Schema (sysexits EX_DATAERR).
    static let malformedInput: Int32 = 65
    /// Exit code for input that cannot be read (sysexits EX_NOINPUT).
    static let unreadableInput: Int32 = 66

    /// Prints `error` and returns the exit code to end with.
    static func exit(for error: SchemaError) -> ExitCode {
        printError(error.description)
        switch error {
        case .unreadableDocument: return ExitCode(unreadableInput)
        default: return ExitCode(malformedInput)
        }
    }

    /// Prints `error` and returns the exit code to end with.
    static func exit(for error: UpcastingError) -> ExitCode {
        switch error {
        case .schema(let schemaError): return exit(for: schemaError)
        case .invalidFolderLayout:
            printError(error.description)
            return ExitCode(malformedInput)
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("strata: \(PathDisplay.shorten(message))\n".utf8))
    }
}

/// Shows file locations relative to the working directory.
enum PathDisplay {
    static let workingDirectory = FileManager.default.currentDirectoryPath

    /// `text` with `file://` URIs and absolute paths under the working directory made relative.
    static func shorten(_ text: String) -> String {
        let prefix = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return text
            .replacingOccurrences(of: "file://" + prefix, with: "")
            .replacingOccurrences(of: prefix, with: "")
    }
}
