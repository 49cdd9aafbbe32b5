import Foundation

/// The lines of JSON Lines bytes that arrive in chunks (a file read piece by piece, a socket, a
/// response body), pulled from the chunks only as the consumer asks for lines.
///
/// ```swift
/// for try await line in JSONLines(FileChunks(path: "orders.jsonl"), source: "orders.jsonl") {
///     print(line.number, line.bytes.count)
/// }
/// ```
///
/// A line ends at `\n` (a `\r` before it stays in the line, which JSON ignores as white space); the
/// last line needs none. It holds at most one line and one chunk at a time.
///
/// - Complexity: each byte is looked at once and copied once into its line.
public struct JSONLines<Chunks: AsyncSequence>: AsyncSequence where Chunks.Element: Collection<UInt8> {
    /// One line, without its `\n`.
    public typealias Line = JSONLine

    /// The longest line by default, as `strata upcast --max-line-bytes`: 64 MiB.
    public static var defaultMaximumLineLength: Int { 64 << 20 }

    let chunks: Chunks
    let source: String
    let maximumLineLength: Int

    /// Lines of `chunks`; `source` names them in errors.
    public init(_ chunks: Chunks, source: String = "-", maximumLineLength: Int = Self.defaultMaximumLineLength) {
        self.chunks = chunks
        self.source = source
        self.maximumLineLength = maximumLineLength
    }

    /// Makes the iterator.
    public func makeAsyncIterator() -> Iterator {
        Iterator(chunks: chunks.makeAsyncIterator(), source: source, maximumLineLength: maximumLineLength)
    }

    /// Pulls chunks until it has a whole line.
    public struct Iterator: AsyncIteratorProtocol {
        var chunks: Chunks.AsyncIterator
        let source: String
        let maximumLineLength: Int
        var buffer: [UInt8] = []
        var start = 0
        var scanned = 0
        var number = 0
        var finished = false

        /// The next line, or nil after the last.
        ///
        /// - Throws: ``EventStreamError`` with ``EventStreamError/Reason/unreadableSource(_:)`` when the
        ///   chunks throw or a line is longer than the limit.
        public mutating func next() async throws(EventStreamError) -> Line? {
            while true {
                if let end = buffer[scanned...].firstIndex(of: 0x0A) {
                    return take(upTo: end, skipping: 1)
                }
                scanned = buffer.count
                guard buffer.count - start <= maximumLineLength else {
                    finished = true
                    buffer = []
                    start = 0
                    scanned = 0
                    throw EventStreamError(source: source, record: number + 1,
                                           reason: .unreadableSource("longer than \(maximumLineLength) bytes"))
                }
                if finished {
                    guard start < buffer.count else { return nil }
                    return take(upTo: buffer.count, skipping: 0)
                }
                let chunk: Chunks.Element?
                do {
                    chunk = try await chunks.next()
                } catch let error as EventStreamError {
                    finished = true
                    throw error
                } catch {
                    finished = true
                    throw EventStreamError(source: source, record: number, reason: .unreadableSource("\(error)"))
                }
                guard let chunk else {
                    finished = true
                    continue
                }
                if start > 0 && start >= buffer.count / 2 {
                    buffer.removeSubrange(..<start)
                    scanned -= start
                    start = 0
                }
                buffer.append(contentsOf: chunk)
            }
        }

        private mutating func take(upTo end: Int, skipping separator: Int) -> Line {
            number += 1
            let line = Line(number: number, bytes: Array(buffer[start..<end]))
            start = end + separator
            scanned = start
            return line
        }
    }
}

extension JSONLines: Sendable where Chunks: Sendable {}

/// One line of JSON Lines, without its `\n`.
public struct JSONLine: Sendable, Equatable {
    /// The line's number, from 1.
    public var number: Int
    /// The line's bytes.
    public var bytes: [UInt8]

    /// Whether the line holds nothing but spaces, tabs and `\r`.
    public var isBlank: Bool { !bytes.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D } }
}

/// A file's bytes in chunks, read as the consumer asks for them: the upstream of ``JSONLines`` for
/// a file.
///
/// ```swift
/// let stream = reader.events(jsonLines: FileChunks(path: "orders.jsonl"), source: "orders.jsonl")
/// ```
public struct FileChunks: AsyncSequence, Sendable {
    /// The file.
    public let path: String
    /// The most bytes a chunk holds.
    public let chunkSize: Int

    /// The chunks of the file at `path`, `chunkSize` bytes each (64 KiB by default).
    public init(path: String, chunkSize: Int = 64 << 10) {
        self.path = path
        self.chunkSize = Swift.max(1, chunkSize)
    }

    /// Makes the iterator; the file is opened by the first `next()`.
    public func makeAsyncIterator() -> Iterator { Iterator(path: path, chunkSize: chunkSize) }

    /// Reads one chunk per `next()`.
    public struct Iterator: AsyncIteratorProtocol {
        let path: String
        let chunkSize: Int
        var handle: FileHandle?
        var done = false

        /// The next chunk, or nil at the end of the file (which is then closed).
        ///
        /// - Throws: ``EventStreamError`` with ``EventStreamError/Reason/unreadableSource(_:)`` when the
        ///   file cannot be opened or read.
        public mutating func next() async throws(EventStreamError) -> [UInt8]? {
            guard !done else { return nil }
            if handle == nil {
                guard let opened = FileHandle(forReadingAtPath: path) else {
                    done = true
                    throw EventStreamError(source: path, record: 0, reason: .unreadableSource("cannot read the file"))
                }
                handle = opened
            }
            let data: Data?
            do {
                data = try handle?.read(upToCount: chunkSize)
            } catch {
                close()
                throw EventStreamError(source: path, record: 0, reason: .unreadableSource("cannot read the file: \(error.localizedDescription)"))
            }
            guard let data, !data.isEmpty else {
                close()
                return nil
            }
            return [UInt8](data)
        }

        private mutating func close() {
            try? handle?.close()
            handle = nil
            done = true
        }
    }
}
