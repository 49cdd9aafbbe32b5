import Foundation

/// A fresh folder under the system's temporary directory, for one test.
public struct TemporaryDirectory: Sendable {
    /// The folder's path.
    public let path: String

    /// Creates an empty folder.
    public init() throws {
        path = NSTemporaryDirectory() + "strata-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `relativePath` inside the folder, creating folders on the way.
    @discardableResult
    public func write(_ relativePath: String, _ contents: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Makes the folder a git repository and commits everything in it; returns git's exit codes.
    @discardableResult
    public func commitAll(message: String = "test") throws -> [Int32] {
        var statuses: [Int32] = []
        for arguments in [["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", message]] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            git.arguments = ["git"] + arguments
            git.currentDirectoryURL = URL(fileURLWithPath: path)
            try git.run()
            git.waitUntilExit()
            statuses.append(git.terminationStatus)
        }
        return statuses
    }

    /// Removes the folder.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
