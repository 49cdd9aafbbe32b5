import Foundation

/// The Swift files generated from a schema folder, and the warnings for what they cannot express.
public struct GeneratedSources: Sendable, Hashable {
    /// One generated file.
    public struct File: Sendable, Hashable {
        /// The file name, such as `OrderPlaced.swift`.
        public var name: String
        /// The Swift source.
        public var contents: String
    }

    /// The files, sorted by name.
    public var files: [File]
    /// The warnings, in the order of the schemas.
    public var warnings: [CodegenWarning]

    /// Writes every file into `directory`, creating it. A file whose contents are already there is
    /// left untouched (so a build does not recompile it); each other file is replaced whole.
    ///
    /// - Throws: ``CodegenError/cannotWrite(path:reason:)``.
    public func write(to directory: String) throws(CodegenError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory, reason: error.localizedDescription)
        }
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file.name)
            let data = Data(file.contents.utf8)
            if FileManager.default.contents(atPath: path) == data { continue }
            do {
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw .cannotWrite(path: path, reason: error.localizedDescription)
            }
        }
    }
}
