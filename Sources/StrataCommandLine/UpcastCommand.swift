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

    @Option(name: .long, help: "The schema folder.")
    var schemas: String = "Schemas"

    @Option(name: .long, help: "The upcaster folder.")
    var upcasters: String = "Upcasters"

    func run() throws {
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
        var output = OutputBuffer()
        var failures = 0
        var lineNumber = 0
        while true {
            let item: LineReader.Item
            do {
                guard let next = try reader.next() else { break }
                item = next
            } catch {
                output.flush()
                CommandFailure.printError(error.description)
                throw ExitCode(CommandFailure.unreadableInput)
            }
            lineNumber += 1
            guard case .line(let line) = item else {
                failures += 1
                output.flush()
                CommandFailure.printError("line \(lineNumber): longer than \(reader.maximumLineBytes) bytes (--max-line-bytes)")
                if !keepGoing { throw ExitCode.failure }
                continue
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do {
                var payload: JSONValue
                do { payload = try JSONValue(parsing: line) } catch { throw LineFailure("malformed JSON at \(error)") }
                if envelope && to == nil {
                    let stored = StoredEvent(eventType: type, version: from, payload: payload, position: Int64(lineNumber))
                    let events: [StoredEvent]
                    do { events = try chain.upcast(stored) } catch { throw LineFailure(error.description) }
                    for event in events { output.append(Self.envelope(of: event)) }
                    continue
                }
                let reached: Int
                do {
                    reached = try chain.upcast(&payload, eventType: type, from: from, to: to)
                } catch {
                    throw LineFailure(error.description)
                }
                if envelope {
                    output.append(Self.envelope(of: StoredEvent(eventType: type, version: reached, payload: payload, position: Int64(lineNumber))))
                } else {
                    output.append(payload)
                }
            } catch let failure as LineFailure {
                failures += 1
                output.flush()
                CommandFailure.printError("line \(lineNumber): \(failure.reason)")
                if !keepGoing { throw ExitCode.failure }
            }
        }
        output.flush()
        if failures > 0 { throw ExitCode.failure }
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
}

/// Collects output lines and writes them in large blocks.
struct OutputBuffer {
    private var bytes: [UInt8] = []

    mutating func append(_ value: JSONValue) {
        value.write(to: &bytes)
        bytes.append(0x0A)
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        FileHandle.standardOutput.write(Data(bytes))
        bytes.removeAll(keepingCapacity: true)
    }
}
