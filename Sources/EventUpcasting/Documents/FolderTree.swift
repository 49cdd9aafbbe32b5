#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A folder whose files are read only where they really lie inside it.
///
/// Symbolic links are resolved before a path is trusted: a `Schemas/Evil/1.json` that links to
/// `/etc/passwd`, or a linked folder that leads outside, is refused with an error naming the link and
/// where it leads, so nothing outside the tree is ever registered, printed or followed.
///
/// ```swift
/// let tree = try FolderTree(root: "Schemas")
/// for type in tree.entries(of: tree.root) { … }
/// ```
public struct FolderTree: Sendable {
    /// The folder as given.
    public let root: String
    /// The folder's real path, with every symbolic link resolved.
    public let realRoot: String

    /// Opens `root`.
    ///
    /// - Throws: ``UpcastingError/invalidFolderLayout(path:reason:)`` when it is not a folder.
    public init(root: String) throws(UpcastingError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue,
              let real = Self.realPath(root)
        else { throw .invalidFolderLayout(path: root, reason: "no such folder") }
        self.root = root
        self.realRoot = real
    }

    /// The visible entries of `folder` (names not starting with `.`), sorted; none when it cannot be listed.
    public func entries(of folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Refuses `path` when its real path lies outside the tree.
    ///
    /// - Throws: ``UpcastingError/invalidFolderLayout(path:reason:)`` naming the link's target.
    public func requireInside(_ path: String) throws(UpcastingError) {
        guard let real = Self.realPath(path) else { return }
        guard Self.isInside(real, root: realRoot) else {
            throw .invalidFolderLayout(path: path, reason: "a symbolic link to \(real), outside \(root)")
        }
    }

    /// Whether `path` names a folder, after following links.
    public func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The absolute path of `path` with every symbolic link, `.` and `..` resolved; `nil` when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the real path `path` is `root` or lies under it.
    public static func isInside(_ path: String, root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }
}
