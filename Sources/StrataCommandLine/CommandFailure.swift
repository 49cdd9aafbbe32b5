import ArgumentParser
import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataCodegen

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
        case .invalidFolderLayout, .invalidUpcaster, .invalidChain, .missingSwiftUpcaster, .bundleMismatch:
            printError(error.description)
            return ExitCode(malformedInput)
        case .stepFailed, .unknownVersion, .invalidEnvelope, .unknownEventType, .decodingFailed, .stepOutputInvalid, .needsEventList,
             .invalidPayload:
            printError(error.description)
            return .failure
        }
    }

    /// Prints `error` (a refusal with its report) and returns the exit code to end with.
    static func exit(for error: RegistryError, format: OutputFormat) -> ExitCode {
        switch error {
        case .schema(let schemaError): return exit(for: schemaError)
        case .folder(let folderError): return exit(for: folderError)
        case .incompatible(let report):
            if format == .json {
                print(ReportPrinter.json(report).serialized(pretty: true))
            } else {
                printError(report.summary)
            }
            return .failure
        default:
            printError(error.description)
            switch error {
            case .invalidEventType: return .validationFailure
            case .cannotOpen: return ExitCode(unreadableInput)
            case .notARegistry, .newerFormat, .unregisteredReference, .unknownReference: return ExitCode(malformedInput)
            case .invalidLintConfiguration: return ExitCode(malformedInput)
            case .readOnly, .cannotWrite: return ExitCode(73)
            case .locked: return ExitCode(75)
            case .database: return ExitCode(70)
            default: return .failure
            }
        }
    }

    /// Prints a server's refusal as the same refusal of a local file is printed, and returns the
    /// same exit code (the kinds are those of `ConfluentError.strata(_:subject:)`).
    static func exit(for refusal: RemoteRefusal, format: OutputFormat) -> ExitCode {
        if refusal.kind == "incompatible" {
            if format == .json, let report = refusal.report {
                print(report.serialized(pretty: true))
            } else {
                printError(refusal.summary ?? refusal.message)
            }
            return .failure
        }
        printError(refusal.message)
        switch refusal.kind {
        case "invalidEventType": return .validationFailure
        case "unreadableInput": return ExitCode(unreadableInput)
        case "malformedInput": return ExitCode(malformedInput)
        case "readOnly": return ExitCode(73)
        case "locked": return ExitCode(75)
        case "database": return ExitCode(70)
        default: return .failure
        }
    }

    /// Prints `error` and returns the exit code to end with.
    static func exit(for error: CodegenError) -> ExitCode {
        switch error {
        case .folder(let folderError): return exit(for: folderError)
        case .cannotWrite:
            printError(error.description)
            return ExitCode(73)
        case .notABundle, .invalidSchema, .unresolvedReference, .cyclicReference, .tooDeep, .fileNameConflict:
            printError(error.description)
            return ExitCode(malformedInput)
        }
    }

    /// Prints any error from the libraries and returns the exit code to end with.
    static func exit(for error: any Error, format: OutputFormat = .text) -> ExitCode {
        switch error {
        case let error as RegistryError: return exit(for: error, format: format)
        case let error as SchemaError: return exit(for: error)
        case let error as UpcastingError: return exit(for: error)
        case let error as CodegenError: return exit(for: error)
        case let error as RemoteRefusal: return exit(for: error, format: format)
        default:
            printError("\(error)")
            return .failure
        }
    }

    /// Prints a warning that does not fail the command, paths shortened.
    static func printWarning(_ message: String) {
        FileHandle.standardError.write(Data("\(TerminalText.escaped(PathDisplay.shorten(message)))\n".utf8))
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("strata: \(TerminalText.escaped(PathDisplay.shorten(message)))\n".utf8))
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
