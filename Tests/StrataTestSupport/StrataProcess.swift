import Foundation

/// Runs the built `strata` executable as a real process.
public enum StrataProcess {
    /// What a run printed and how it ended.
    public struct Outcome: Sendable {
        /// The exit code.
        public var status: Int32
        /// Standard output.
        public var output: String
        /// Standard error.
        public var error: String
    }

    /// The `strata` binary beside the test bundle.
    public static let executable: URL = {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("strata"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("strata"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("strata"),
            Conformance.packageRoot.appendingPathComponent(".build/debug/strata"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    /// Runs `strata` (or another `program`) with `arguments` in `directory` (the package root by
    /// default) and waits for it.
    ///
    /// - Parameters:
    ///   - standardInput: a file to connect to standard input, if any.
    public static func run(_ arguments: [String], in directory: String = Conformance.packageRoot.path,
                           standardInput: String? = nil, environment: [String: String] = [:],
                           program: URL = executable) throws -> Outcome {
        try start(arguments, in: directory, standardInput: standardInput, environment: environment, program: program).wait()
    }
}

extension StrataProcess {
    /// A `strata` process started and not yet waited for.
    public struct Running {
        let process: Process
        let output: Pipe
        let error: Pipe

        /// Waits for the process and returns what it printed.
        public func wait() throws -> Outcome {
            // Read both pipes to the end before waiting, so a large report cannot fill a pipe and stall.
            nonisolated(unsafe) var errorData = Data()
            let errorHandle = error.fileHandleForReading
            let group = DispatchGroup()
            group.enter()
            DispatchQueue.global().async {
                errorData = errorHandle.readDataToEndOfFile()
                group.leave()
            }
            let outputData = output.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            process.waitUntilExit()
            return Outcome(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                           error: String(decoding: errorData, as: UTF8.self))
        }
    }

    /// Starts `strata` (or another `program`) with `arguments` in `directory` and returns at once
    /// (for concurrency tests).
    public static func start(_ arguments: [String], in directory: String = Conformance.packageRoot.path,
                             standardInput: String? = nil, environment: [String: String] = [:],
                             program: URL = executable) throws -> Running {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let standardInput {
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: standardInput))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return Running(process: process, output: output, error: error)
    }
}
