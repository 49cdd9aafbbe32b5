import ArgumentParser
import EventSchema
import EventUpcasting
import Foundation

/// `strata upcast`: streams JSON Lines of stored payloads through the upcaster chain.
struct UpcastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upcast",
        abstract: "Upcast JSON Lines of stored payloads to a newer version, streaming.",
        discussion: """
            Reads one payload per line (a file, or standard input), applies the upcasters from
            Upcasters/<EventType>/<from>-to-<to>.yaml in order, and writes one line per payload. A
            version that no upcaster leaves passes through unchanged when the next version is BACKWARD
            compatible with it (under --policy); otherwise the command fails naming the differences. Memory
            stays flat in the number of lines. A bad line is reported with its line number; without
            --keep-going the command stops there. Steps that name Swift upcasters run only in a program that
            registers them and runs this command line (StrataCommand.main(swiftUpcasters:)). When an upcaster on the way splits
            events or renames their type, pass --envelope: each output line is then
            {"type", "version", "position", "subIndex", "data"}, where position is the input line number.
            A --to older than --from downcasts: Upcasters/<EventType>/<n>-to-<n-1>.yaml files take
            each payload down one version at a time, for consumers rolled back to an older version.
            Exits 0 when every line was upcast.
            """
    )

    @Argument(help: "A JSON Lines file; standard input when absent or -.")
    var input: String = "-"

    @Option(name: .long, help: "The event type.")
    var type: String

    @Option(name: .long, help: "The version the payloads are stored at.")
    var from: Int

    @Option(name: .long, help: "The version to upcast to (default: the latest schema); one older than --from downcasts through the downcasters (3-to-2.yaml).")
    var to: Int?

    @Flag(name: .long, help: "Validate each step's output against its target version's schema.")
    var validate = false

    @Flag(name: .long, help: "Write each event as {type, version, position, subIndex, data}; needed when upcasters split events or rename types.")
    var envelope = false

    @Flag(name: .long, help: "Report bad lines and go on; exit non-zero at the end if any failed.")
    var keepGoing = false

    @Option(name: .long, help: "The longest line accepted, in bytes; a longer line is an error (default 64 MiB).")
    var maxLineBytes: Int = LineReader.defaultMaximumLineBytes

    @Option(name: .long, help: "The policy a version with no upcaster is checked against its successor under: STRICT or LENIENT.")
    var policy: CompatibilityPolicy = .strict

    @Option(name: .long, help: "How many threads upcast lines at once; the output keeps the input's order (default 1).")
    var jobs: Int = 1

    @Option(name: .long, help: "The schema folder.")
    var schemas: String = "Schemas"

    @Option(name: .long, help: "The upcaster folder.")
    var upcasters: String = "Upcasters"

    func run() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        var chain: UpcasterChain
        do {
            let folder = try SchemaFolder(root: schemas)
            chain = try UpcasterChain(folder: upcasters, schemas: folder, eventTypes: [type],
                                      policies: folder.currentVersions.mapValues { _ in policy }, swiftUpcasters: StrataCommand.swiftUpcasters)
            // An unknown version, or a path that changes events without --envelope, fails before any line is read.
            let path = try chain.path(for: type, from: from, to: to)
            if !envelope, let changing = path.first(where: { !$0.keepsOneEvent }) {
                CommandFailure.printError("\(type) v\(changing.fromVersion): its upcaster \(changing.shapeChange); pass --envelope to write typed events")
                throw ExitCode.validationFailure
            }
            if validate { chain = try chain.validatingSteps(against: folder) }
        } catch let error as UpcastingError {
            throw CommandFailure.exit(for: error)
        }
        let reader: LineReader
        do {
            reader = try LineReader(path: input == "-" ? nil : input, maximumLineBytes: maxLineBytes)
        } catch {
            CommandFailure.printError(error.description)
            throw ExitCode(CommandFailure.unreadableInput)
        }
        try stream(reader, through: chain)
    }

    /// Upcasts every line of `reader` and writes the results in input order: batches of lines
    /// upcast on ``jobs`` threads at a time, their outputs and failures then written batch after
    /// batch, line after line, so the output and the messages are the same for any number of jobs.
    private func stream(_ reader: LineReader, through chain: UpcasterChain) throws {
        var output = OutputBuffer()
        var failures = 0
        var lineNumber = 0
        var readFailure: LineReader.ReadError?
        while readFailure == nil {
            // At most `jobs` batches are held at a time: memory stays flat in the number of lines.
            var batches: [LineBatch] = []
            while batches.count < jobs {
                var batch = LineBatch(firstLine: lineNumber + 1)
                do {
                    while !batch.isFull, let item = try reader.next() {
                        lineNumber += 1
                        batch.append(item)
                    }
                } catch {
                    readFailure = error
                }
                if batch.isEmpty { break }
                batches.append(batch)
                if readFailure != nil || !batch.isFull { break }
            }
            if batches.isEmpty { break }
            let results = upcast(batches, through: chain)
            for result in results {
                output.append(bytes: result.output, upTo: result.failures.first?.outputEnd ?? result.output.count)
                for (position, failure) in result.failures.enumerated() {
                    failures += 1
                    output.flush()
                    CommandFailure.printError("line \(failure.line): \(failure.reason)")
                    if !keepGoing { throw ExitCode.failure }
                    let next = position + 1 < result.failures.count ? result.failures[position + 1].outputEnd : result.output.count
                    output.append(bytes: result.output, from: failure.outputEnd, upTo: next)
                }
            }
            if batches.count < jobs || !batches[batches.count - 1].isFull { break }
        }
        output.flush()
        if let readFailure {
            CommandFailure.printError(readFailure.description)
            throw ExitCode(CommandFailure.unreadableInput)
        }
        if failures > 0 { throw ExitCode.failure }
    }

    /// The results of `batches`, in order: upcast on as many threads as there are batches.
    private func upcast(_ batches: [LineBatch], through chain: UpcasterChain) -> [BatchResult] {
        if batches.count == 1 { return [upcast(batches[0], through: chain)] }
        let slots = ResultSlots(count: batches.count)
        // Each iteration writes its own slot only; `concurrentPerform` returns once all are written.
        DispatchQueue.concurrentPerform(iterations: batches.count) { index in
            slots.write(upcast(batches[index], through: chain), at: index)
        }
        return slots.take()
    }

    /// The output and the failures of one batch's lines.
    private func upcast(_ batch: LineBatch, through chain: UpcasterChain) -> BatchResult {
        var result = BatchResult()
        result.output.reserveCapacity(batch.bytes.count + batch.lines.count * 64)
        var buffers = ReadBuffers()
        for line in batch.lines {
            guard let range = line.range else {
                result.failures.append(.init(line: line.number, reason: "longer than \(maxLineBytes) bytes (--max-line-bytes)",
                                             outputEnd: result.output.count))
                continue
            }
            let bytes = batch.bytes[range]
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let end = result.output.count
            do {
                try upcastLine(bytes, number: line.number, through: chain, buffers: &buffers, output: &result.output)
            } catch {
                result.output.removeSubrange(end...)
                result.failures.append(.init(line: line.number, reason: error.reason, outputEnd: end))
            }
        }
        return result
    }

    /// Appends the output lines of the payload on line `number`, each ended by a newline.
    private func upcastLine(_ line: ArraySlice<UInt8>, number: Int, through chain: UpcasterChain,
                            buffers: inout ReadBuffers, output: inout [UInt8]) throws(LineFailure) {
        if !envelope {
            // The library's bytes path: parse into a flat tree, run the compiled steps, write it out.
            do {
                try chain.upcast(payload: line, eventType: type, from: from, to: to, buffers: &buffers, appendingTo: &output)
                output.append(0x0A)
            } catch {
                if case .invalidPayload(_, _, let syntax) = error { throw LineFailure("malformed JSON at \(syntax)") }
                throw LineFailure(error.description)
            }
            return
        }
        var payload: JSONValue
        do { payload = try JSONValue(parsing: line) } catch { throw LineFailure("malformed JSON at \(error)") }
        let events: [StoredEvent]
        do {
            if to == nil {
                events = try chain.upcast(StoredEvent(eventType: type, version: from, payload: payload, position: Int64(number)))
            } else {
                let reached = try chain.upcast(&payload, eventType: type, from: from, to: to)
                events = [StoredEvent(eventType: type, version: reached, payload: payload, position: Int64(number))]
            }
        } catch {
            throw LineFailure(error.description)
        }
        for event in events {
            Self.envelope(of: event).write(to: &output)
            output.append(0x0A)
        }
    }

    /// One output event as `{"type", "version", "position", "subIndex", "data"}`.
    static func envelope(of event: StoredEvent) -> JSONValue {
        var object = JSONObject()
        object["type"] = .string(event.eventType)
        object["version"] = .number(JSONNumber(Int64(event.version)))
        if let position = event.position { object["position"] = .number(JSONNumber(position)) }
        object["subIndex"] = .number(JSONNumber(Int64(event.subIndex)))
        object["data"] = event.payload
        return .object(object)
    }

    struct LineFailure: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Lines read for one job: their bytes copied out of the reader, one after another.
    struct LineBatch: Sendable {
        /// Lines per batch: large enough that handing a batch to a thread costs little beside it.
        static let lineLimit = 2_048
        /// Bytes per batch, so that long lines make smaller batches.
        static let byteLimit = 4 << 20

        /// One line: its number and where its bytes are, or `nil` for a line over the limit.
        struct Line: Sendable {
            var number: Int
            var range: Range<Int>?
        }

        var bytes: [UInt8] = []
        var lines: [Line] = []
        /// The number of the first line.
        let firstLine: Int

        init(firstLine: Int) { self.firstLine = firstLine }

        var isEmpty: Bool { lines.isEmpty }
        var isFull: Bool { lines.count >= Self.lineLimit || bytes.count >= Self.byteLimit }

        /// Adds what the reader read next, as the next line.
        mutating func append(_ item: LineReader.Item) {
            let number = firstLine + lines.count
            guard case .line(let line) = item else {
                lines.append(Line(number: number, range: nil))
                return
            }
            let start = bytes.count
            bytes.append(contentsOf: line)
            lines.append(Line(number: number, range: start..<bytes.count))
        }
    }

    /// What a batch's lines gave: the output of the lines that were upcast, in order, and the
    /// failures, each with where in the output it falls.
    struct BatchResult: Sendable {
        struct Failure: Sendable {
            var line: Int
            var reason: String
            /// The output bytes before this failure.
            var outputEnd: Int
        }

        var output: [UInt8] = []
        var failures: [Failure] = []
    }
}

/// One result slot per job: each job writes its own slot, from its own thread, and the caller
/// takes them all once every job is done. (An array would be one variable written by every thread.)
private final class ResultSlots: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<UpcastCommand.BatchResult>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
    }

    /// Writes the result of job `index`, once.
    func write(_ result: UpcastCommand.BatchResult, at index: Int) {
        (slots + index).initialize(to: result)
    }

    /// The results, in order, once every slot is written; call once.
    func take() -> [UpcastCommand.BatchResult] {
        (0..<count).map { (slots + $0).move() }
    }

    deinit {
        slots.deallocate()
    }
}

/// Collects output lines and writes them in large blocks.
struct OutputBuffer {
    private var bytes: [UInt8] = []

    /// Appends `source[start..<end]`, output lines already ended by newlines; a large block is
    /// written as it is, with no copy.
    mutating func append(bytes source: [UInt8], from start: Int = 0, upTo end: Int) {
        guard start < end else { return }
        if end - start >= 1 << 16 {
            flush()
            Self.write(source[start..<end])
            return
        }
        bytes.append(contentsOf: source[start..<end])
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        Self.write(bytes[...])
        bytes.removeAll(keepingCapacity: true)
    }

    /// Writes `block` to standard output.
    private static func write(_ block: ArraySlice<UInt8>) {
        block.withUnsafeBytes { block in
            guard let base = block.baseAddress else { return }
            FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: block.count, deallocator: .none))
        }
    }
}
