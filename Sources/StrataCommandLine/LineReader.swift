#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the lines of a file or of standard input in linear time, with a bound on a line's length.
///
/// Each byte is looked at once when searching for newlines, and the buffer is compacted at most once
/// per line, so a single line of many megabytes costs time in proportion to its length. Only the
/// current line stays in memory: a line longer than `maximumLineBytes` is skipped to its newline and
/// reported as ``Item/tooLong``, so memory stays below the limit plus one read.
final class LineReader {
    /// What ``next()`` found.
    enum Item: Equatable {
        /// A line without its newline. Valid until the next call to ``next()``.
        case line(ArraySlice<UInt8>)
        /// A line longer than the limit; its bytes were skipped.
        case tooLong
    }

    /// Why the input cannot be read: it names the file and the system's reason.
    struct ReadError: Error, CustomStringConvertible {
        /// The file, or "standard input".
        var source: String
        /// What went wrong, such as "no such file", "permission denied" or "is a directory".
        var reason: String
        var description: String { "\(source): cannot read: \(reason)" }
    }

    /// The longest line read when no limit is given: 64 MiB.
    static let defaultMaximumLineBytes = 64 << 20
    private static let chunkSize = 1 << 16

    /// The file read, or "standard input".
    let source: String
    /// The longest line returned as a line.
    let maximumLineBytes: Int
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: LineReader.chunkSize)
    /// Where the current line starts in `buffer`.
    private var start = 0
    /// Bytes before this index hold no newline of the current line.
    private var scanned = 0
    /// The current line is too long and is being skipped.
    private var skipping = false
    private var finished = false

    /// Opens `path`, or standard input when `path` is nil.
    ///
    /// - Throws: ``ReadError`` when the file does not exist, may not be read, or is a directory.
    init(path: String?, maximumLineBytes: Int = LineReader.defaultMaximumLineBytes) throws(ReadError) {
        self.maximumLineBytes = max(1, maximumLineBytes)
        if let path {
            source = path
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else { throw ReadError(source: path, reason: Self.reason(errno)) }
            descriptor = opened
            ownsDescriptor = true
        } else {
            source = "standard input"
            descriptor = STDIN_FILENO
            ownsDescriptor = false
        }
        var status = stat()
        if fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
            if ownsDescriptor { close(descriptor) }
            throw ReadError(source: source, reason: "is a directory")
        }
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The next line, or `nil` at the end of the input.
    ///
    /// - Throws: ``ReadError`` when the system fails to read (an I/O error, a directory on standard input).
    /// - Complexity: amortized O(*n*) in the length of the line.
    func next() throws(ReadError) -> Item? {
        while true {
            if let newline = newlineIndex() {
                let line = buffer[start..<newline]
                start = newline + 1
                scanned = start
                if skipping || line.count > maximumLineBytes {
                    skipping = false
                    return .tooLong
                }
                return .line(line)
            }
            scanned = buffer.count
            if buffer.count - start > maximumLineBytes {
                skipping = true
                start = buffer.count
            }
            if finished {
                guard start < buffer.count || skipping else { return nil }
                let line = buffer[start...]
                start = buffer.count
                scanned = start
                if skipping {
                    skipping = false
                    return .tooLong
                }
                return .line(line)
            }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                scanned -= start
                start = 0
            }
            try fill()
        }
    }

    /// The index of the first newline in `buffer` from `scanned` on, found by `memchr`.
    private func newlineIndex() -> Int? {
        buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress, scanned < bytes.count,
                  let found = memchr(base + scanned, 0x0A, bytes.count - scanned) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }

    /// Appends the next block of input to `buffer`, or marks the end.
    private func fill() throws(ReadError) {
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return
            }
            if count == 0 {
                finished = true
                return
            }
            if errno == EINTR { continue }
            throw ReadError(source: source, reason: Self.reason(errno))
        }
    }

    /// The system's reason for `code`, in words: "no such file", "permission denied", "is a directory".
    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EACCES, EPERM: "permission denied"
        case EISDIR: "is a directory"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}
