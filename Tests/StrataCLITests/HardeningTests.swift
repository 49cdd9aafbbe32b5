import Foundation
import StrataTestSupport
import Testing

/// Bad input of every kind that a new user or an attacker would try: each gets an exit code and a
/// one-line message, and nothing is read outside the tree, half-written or left crashed.
struct HardeningTests {
    static let good = #"{"orderId":"ord_1","customer":"c","amount":1.5,"currency":"EUR","lines":[],"placedAt":0,"sequence":1234567890123456789}"#

    // MARK: strata upcast's input

    @Test func upcastOfADirectoryExits66WithAMessage() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let asArgument = try StrataProcess.run(["upcast", directory.path, "--type", "OrderPlaced", "--from", "1"])
        #expect(asArgument.status == 66)
        #expect(asArgument.error == "strata: \(directory.path): cannot read: is a directory\n")
        let asInput = try StrataProcess.run(["upcast", "--type", "OrderPlaced", "--from", "1"], standardInput: directory.path)
        #expect(asInput.status == 66)
        #expect(asInput.error == "strata: standard input: cannot read: is a directory\n")
        let missing = try StrataProcess.run(["upcast", directory.path + "/none.jsonl", "--type", "OrderPlaced", "--from", "1"])
        #expect(missing.status == 66)
        #expect(missing.error.hasSuffix("none.jsonl: cannot read: no such file\n"))
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"),
                   "needs root to run strata as another user"))
    func upcastOfAnUnreadableFileSaysPermissionDenied() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("secret.jsonl", Self.good + "\n")
        chmod(directory.path, 0o755)
        chmod(file, 0o600)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        process.arguments = ["-u", "nobody", "--", StrataProcess.executable.path, "upcast", file, "--type", "OrderPlaced", "--from", "1",
                             "--schemas", Conformance.packageRoot.path + "/Schemas", "--upcasters", Conformance.packageRoot.path + "/Upcasters"]
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 66)
        #expect(message == "strata: \(file): cannot read: permission denied\n")
    }

    @Test func aLineOverTheLimitIsAnErrorAndKeepGoingSkipsIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let long = #"{"pad":""# + String(repeating: "x", count: 300_000) + #""}"#
        let input = try directory.write("in.jsonl", [Self.good, long, Self.good].joined(separator: "\n"))
        let stopping = try StrataProcess.run(["upcast", input, "--type", "OrderPlaced", "--from", "1", "--max-line-bytes", "100000"])
        #expect(stopping.status == 1)
        #expect(stopping.output.split(separator: "\n").count == 1)
        #expect(stopping.error == "strata: line 2: longer than 100000 bytes (--max-line-bytes)\n")
        let going = try StrataProcess.run(["upcast", input, "--type", "OrderPlaced", "--from", "1", "--max-line-bytes", "100000", "--keep-going"])
        #expect(going.status == 1)
        let lines = going.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains(#""sequence":1234567890123456789"#) })
    }

    @Test func aLongLineWithinTheLimitAndNoFinalNewlineIsRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // 3 MB in one line, more than 40 reads of the reader's block: read whole, once.
        let notes = String(repeating: "n", count: 3 << 20)
        let line = Self.good.replacingOccurrences(of: #""customer":"c""#, with: #""customer":"\#(notes)""#)
        let input = try directory.write("in.jsonl", Self.good + "\n" + line)
        let run = try StrataProcess.run(["upcast", input, "--type", "OrderPlaced", "--from", "1"])
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last?.contains(notes) == true)
    }

    // MARK: the registry file

    @Test func anotherApplicationsDatabaseIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.copyItem(atPath: Conformance.packageRoot.path + "/Schemas", toPath: directory.path + "/Schemas")
        let foreign = directory.path + "/app.sqlite"
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table users(id integer)'); c.commit()", foreign]
        try make.run()
        make.waitUntilExit()
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        let run = try StrataProcess.run(["register", "Schemas/Money/1.json", "--type", "Money", "--db", foreign], in: directory.path)
        #expect(run.status == 65)
        #expect(run.error == "strata: app.sqlite: not a Strata registry (another application's SQLite database)\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == before)
    }

    @Test func anEmptyFileOrAFolderIsNoRegistry() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let empty = try directory.write("empty.sqlite", "")
        for command in [["list"], ["register", Conformance.packageRoot.path + "/Schemas/Money/1.json", "--type", "Money"]] {
            let run = try StrataProcess.run(command + ["--db", empty], in: directory.path)
            #expect(run.status == 65)
            #expect(run.error == "strata: empty.sqlite: not a Strata registry (an empty file; remove it to create a new registry)\n")
        }
        try FileManager.default.createDirectory(atPath: directory.path + "/folder.sqlite", withIntermediateDirectories: false)
        let folder = try StrataProcess.run(["list", "--db", directory.path + "/folder.sqlite"], in: directory.path)
        #expect(folder.status == 65)
        #expect(folder.error == "strata: folder.sqlite: not a Strata registry (is a directory)\n")
    }

    @Test func aNewRegistryIsCreatedWholeAndMarkedAsStratas() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try StrataProcess.run(["register", Conformance.packageRoot.path + "/Schemas/Money/1.json", "--type", "Money",
                                         "--db", directory.path + "/r.sqlite"], in: directory.path)
        #expect(run.status == 0, "\(run.error)")
        let header = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.path + "/r.sqlite")).prefix(72))
        // application_id, big-endian at offset 68: "STRA".
        #expect(Array(header[68..<72]) == Array("STRA".utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".creating-") }
        #expect(leftovers.isEmpty)
    }

    // MARK: names and bundles

    @Test func aTooLongTypeNameIsRefusedAtRegistration() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let name = "A" + String(repeating: "b", count: 255)
        let run = try StrataProcess.run(["register", Conformance.packageRoot.path + "/Schemas/Money/1.json", "--type", name,
                                         "--db", directory.path + "/r.sqlite"], in: directory.path)
        #expect(run.status == 64)
        #expect(run.error.contains("is not a valid event type name (a letter, then letters, digits, _ . -; at most 128 characters)"))
    }

    @Test func aBundleIsWrittenWholeOrNotAtAll() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path + "/r.sqlite"
        #expect(try StrataProcess.run(["register", Conformance.packageRoot.path + "/Schemas/Money/1.json", "--type", "Money", "--db", db]).status == 0)
        let first = try StrataProcess.run(["bundle", "--out", directory.path + "/Catalog", "--db", db])
        #expect(first.status == 0, "\(first.error)")
        let manifest = try String(contentsOfFile: directory.path + "/Catalog/manifest.json", encoding: .utf8)
        // A bundle over an earlier one replaces it whole.
        let again = try StrataProcess.run(["bundle", "--out", directory.path + "/Catalog", "--db", db])
        #expect(again.status == 0, "\(again.error)")
        #expect(try String(contentsOfFile: directory.path + "/Catalog/manifest.json", encoding: .utf8) == manifest)
        // A folder that cannot be made (its parent is a file): exit 73, and nothing left behind.
        let blocker = try directory.write("blocker", "a file")
        let blocked = try StrataProcess.run(["bundle", "--out", blocker + "/Catalog", "--db", db])
        #expect(blocked.status == 73)
        #expect(blocked.error.contains("cannot write"))
        #expect(try String(contentsOfFile: blocker, encoding: .utf8) == "a file")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!names.contains { $0.contains(".writing-") || $0.contains(".previous-") })
    }

    // MARK: the tree's edges

    @Test func aSchemaLinkedFromOutsideTheTreeIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outside = try directory.write("outside/secret.json", #"{"type": "string", "description": "secret"}"#)
        try directory.write("Schemas/Good/1.json", #"{"type": "object"}"#)
        try FileManager.default.createDirectory(atPath: directory.path + "/Schemas/Evil", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/Schemas/Evil/1.json", withDestinationPath: outside)
        let sync = try StrataProcess.run(["sync", "Schemas", "--db", directory.path + "/r.sqlite"], in: directory.path)
        #expect(sync.status == 65)
        #expect(sync.error.hasPrefix("strata: Schemas/Evil/1.json: a symbolic link to "))
        #expect(sync.error.hasSuffix("outside/secret.json, outside Schemas\n"))
        let show = try StrataProcess.run(["show", "Evil", "--db", directory.path + "/r.sqlite"], in: directory.path)
        #expect(show.status != 0 && !show.output.contains("secret"))

        // A linked folder that leads outside is refused the same way.
        try FileManager.default.removeItem(atPath: directory.path + "/Schemas/Evil")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/Schemas/Evil", withDestinationPath: directory.path + "/outside")
        let linkedFolder = try StrataProcess.run(["check", "Schemas", "--db", directory.path + "/r.sqlite"], in: directory.path)
        #expect(linkedFolder.status == 65)
        #expect(linkedFolder.error.contains("Schemas/Evil: a symbolic link to"))
    }

    @Test func aReferenceThroughALinkOutOfTheRootIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("outside/Secret.json", #"{"type": "string"}"#)
        try FileManager.default.createDirectory(atPath: directory.path + "/Schemas/Thing", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/Schemas/Etc", withDestinationPath: directory.path + "/outside")
        try directory.write("Schemas/Thing/1.json", #"{"$ref": "../Etc/Secret.json"}"#)
        try directory.write("payload.json", #""text""#)
        let run = try StrataProcess.run(["validate", "payload.json", "--schema", "Schemas/Thing/1.json"], in: directory.path)
        #expect(run.status == 66 || run.status == 65)
        #expect(run.error.contains("a symbolic link to"))
        #expect(run.error.contains("outside"))
    }

    @Test func aReferenceToAFIFOFailsAtOnceInsteadOfBlocking() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Thing/1.json", #"{"$ref": "pipe.json"}"#)
        #expect(mkfifo(directory.path + "/Schemas/Thing/pipe.json", 0o644) == 0)
        try directory.write("payload.json", #""text""#)
        let run = try StrataProcess.run(["validate", "payload.json", "--schema", "Schemas/Thing/1.json"], in: directory.path)
        #expect(run.status == 66)
        #expect(run.error.contains("pipe.json: cannot read: not a regular file"))
    }

    @Test func aCommittedSymbolicLinkIsRefusedByTheGitGate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Thing/1.json", #"{"type": "object"}"#)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/Schemas/Thing/2.json", withDestinationPath: "/etc/hostname")
        #expect(try directory.commitAll() == [0, 0, 0])
        try FileManager.default.removeItem(atPath: directory.path + "/Schemas/Thing/2.json")
        let run = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD"], in: directory.path)
        #expect(run.status != 0)
        #expect(run.error.contains("Schemas/Thing/2.json at HEAD is a symbolic link"))
    }

    // MARK: what is printed

    @Test func controlCharactersInASchemaAreEscapedInTextOutput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("schema.json", "{\"type\": \"object\", \"required\": [\"a\\u001b]0;pwned\\u0007\"]}")
        try directory.write("payload.json", "{}")
        let run = try StrataProcess.run(["validate", "payload.json", "--schema", "schema.json"], in: directory.path)
        #expect(run.status == 1)
        #expect(!run.output.contains("\u{1B}") && !run.output.contains("\u{07}"))
        #expect(run.output.contains(#"a\u{1B}]0;pwned\u{7}"#))
    }
}

/// Registration runs the same chain validation as loading: nothing a consumer would refuse is stored.
struct InvalidChainRegistrationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var versions: [String: Int]
        var upcasters: [String: String]
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "downcaster skipping a version", versions: ["A": 3], upcasters: ["A/3-to-1.yaml": "steps: []\n"],
             message: "A: a downcaster goes from v3 to the version just below, v2, not v1 (one file per version): Upcasters/A/3-to-1.yaml"),
        Case(name: "same version", versions: ["A": 2], upcasters: ["A/2-to-2.yaml": "steps: []\n"],
             message: "A: an upcaster from v2 to v2 goes backwards: Upcasters/A/2-to-2.yaml"),
        Case(name: "backwards with a split", versions: ["A": 3],
             upcasters: ["A/3-to-2.yaml": "steps:\n  - split:\n      - {version: 2}\n      - {version: 1}\n"],
             message: "A: an upcaster from v3 to v2 goes backwards: Upcasters/A/3-to-2.yaml"),
        Case(name: "duplicate downcasters", versions: ["A": 2],
             upcasters: ["A/2-to-1.yaml": "steps: []\n", "A/2-to-1.json": #"{"steps": [{"remove": "/x"}]}"#],
             message: "two downcasters start at v2: Upcasters/A/2-to-1.json and Upcasters/A/2-to-1.yaml"),
        Case(name: "downcaster from a version with no schema", versions: ["A": 2], upcasters: ["A/3-to-2.yaml": "steps: []\n"],
             message: "A: a downcaster reads v3, which has no schema: Upcasters/A/3-to-2.yaml"),
        Case(name: "rename cycle", versions: ["A": 1, "B": 1],
             upcasters: ["A/1-to-1.yaml": "steps:\n  - rename-type: B\n", "B/1-to-1.yaml": "steps:\n  - rename-type: A\n"],
             message: "the upcasters form a cycle"),
        Case(name: "self rename", versions: ["A": 1], upcasters: ["A/1-to-1.yaml": "steps:\n  - rename-type: A\n"],
             message: "A: an upcaster from v1 to v1 goes backwards: Upcasters/A/1-to-1.yaml"),
        Case(name: "split cycle", versions: ["A": 1, "B": 1],
             upcasters: ["A/1-to-1.yaml": "steps:\n  - split:\n      - {type: B}\n      - {type: A}\n"],
             message: "A: an upcaster from v1 to v1 goes backwards"),
        Case(name: "duplicate files", versions: ["A": 2],
             upcasters: ["A/1-to-2.yaml": "steps: []\n", "A/1-to-2.json": #"{"steps": [{"remove": "/x"}]}"#],
             message: "two upcasters start at v1: Upcasters/A/1-to-2.json and Upcasters/A/1-to-2.yaml"),
    ]

    @Test(arguments: cases)
    func syncRefusesAnInvalidChainAndRegistersNothing(_ example: Case) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (type, current) in example.versions {
            for version in 1...current {
                try directory.write("Schemas/\(type)/\(version).json", #"{"type": "object", "description": "v\#(version)"}"#)
            }
        }
        for (file, text) in example.upcasters { try directory.write("Upcasters/" + file, text) }
        let sync = try StrataProcess.run(["sync", "Schemas", "Upcasters", "--db", "r.sqlite"], in: directory.path)
        #expect(sync.status == 65, "\(sync.error)")
        #expect(sync.error.contains(example.message), "\(sync.error)")
        #expect(!sync.error.contains("UNIQUE"))
        #expect(sync.error.split(separator: "\n").count <= 2)
        let list = try StrataProcess.run(["list", "--db", "r.sqlite"], in: directory.path)
        #expect(list.output.hasPrefix("no event types registered"), "\(list.output)")
    }

    /// A/1-to-2 and no upcaster from v2, in a folder where v3 is `v3Schema`.
    func gapFolder(_ directory: TemporaryDirectory, v3Schema: String) throws {
        try directory.write("Schemas/A/1.json", #"{"type": "object", "description": "v1"}"#)
        try directory.write("Schemas/A/2.json", #"{"type": "object", "description": "v2"}"#)
        try directory.write("Schemas/A/3.json", v3Schema)
        try directory.write("Upcasters/A/1-to-2.yaml", "steps:\n  - set: /b\n    value: 1\n")
    }

    @Test func aGapWhoseNextVersionIsCompatibleNeedsNoUpcaster() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try gapFolder(directory, v3Schema: #"{"type": "object", "description": "v3"}"#)
        let sync = try StrataProcess.run(["sync", "Schemas", "Upcasters", "--db", "r.sqlite"], in: directory.path)
        #expect(sync.status == 0, "\(sync.error)")
        try directory.write("in.jsonl", #"{"a": 1234567890123456789, "p": 199.99}"# + "\n")
        let upcast = try StrataProcess.run(["upcast", "in.jsonl", "--type", "A", "--from", "1"], in: directory.path)
        #expect(upcast.status == 0, "\(upcast.error)")
        #expect(upcast.output == #"{"a":1234567890123456789,"p":199.99,"b":1}"# + "\n")
    }

    @Test func aGapWhoseNextVersionBreaksIsRefusedAtRegistration() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // v3 closes the open v2: under mode NONE it registers, and nothing carries v2 events to it.
        try gapFolder(directory, v3Schema: #"{"type": "object", "properties": {"x": {"type": "string"}}, "additionalProperties": false}"#)
        let config = try StrataProcess.run(["config", "--mode", "NONE", "--db", "r.sqlite"], in: directory.path)
        #expect(config.status == 0, "\(config.error)")
        let sync = try StrataProcess.run(["sync", "Schemas", "Upcasters", "--db", "r.sqlite"], in: directory.path)
        #expect(sync.status == 65, "\(sync.error)")
        #expect(sync.error.contains("A: no upcaster from v2, so v1 events cannot reach v3"), "\(sync.error)")
        #expect(sync.error.split(separator: "\n").count <= 2)
    }

    @Test func upcastThroughARenameCycleFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/A/1.json", #"{"type": "object"}"#)
        try directory.write("Schemas/B/1.json", #"{"type": "object"}"#)
        try directory.write("Upcasters/A/1-to-1.yaml", "steps:\n  - rename-type: B\n")
        try directory.write("Upcasters/B/1-to-1.yaml", "steps:\n  - rename-type: A\n")
        try directory.write("in.jsonl", "{}\n")
        let run = try StrataProcess.run(["upcast", "in.jsonl", "--type", "A", "--from", "1", "--envelope"], in: directory.path)
        #expect(run.status == 65)
        #expect(run.error.contains("the upcasters form a cycle"))
    }

    @Test func aBrokenUpcasterOfAnotherTypeDoesNotBlockRegistration() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Good/1.json", #"{"type": "object"}"#)
        try directory.write("Upcasters/Other/1-to-2.yaml", "steps: [ {nonsense: true}\n")
        let run = try StrataProcess.run(["register", "Schemas/Good/1.json", "--type", "Good", "--db", "r.sqlite"], in: directory.path)
        #expect(run.status == 0, "\(run.error)")
    }
}
