import ConfluentAPI
import EventSchema
import Foundation
import SchemaRegistry

extension FuzzTarget {
    /// One request of Confluent's REST dialect against a real SQLite registry: the first line is
    /// `METHOD /path?name=value&…`, the rest the body. Whatever arrives, the answer is a JSON body
    /// with a known status (an error body carries `error_code` and `message`), and the store never
    /// fails (no 500).
    static func confluent(_ bytes: [UInt8]) {
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        let line = String(decoding: bytes[..<newline], as: UTF8.self)
        let body = newline < bytes.endIndex ? Array(bytes[(newline + 1)...]) : []
        let parts = line.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return }
        let target = parts[1].split(separator: "?", maxSplits: 1)
        var query: [String: String] = [:]
        if target.count == 2 {
            for pair in target[1].split(separator: "&") {
                let nameAndValue = pair.split(separator: "=", maxSplits: 1)
                query[String(nameAndValue[0])] = nameAndValue.count == 2 ? String(nameAndValue[1]) : ""
            }
        }
        guard let request = ConfluentRequest(method: String(parts[0]), path: String(target.first ?? ""), query: query, body: body) else { return }
        let response = ConfluentFuzzRegistry.shared.api.respond(to: request)
        precondition(response.status != 500, "the store failed: \(String(decoding: response.bytes, as: UTF8.self))")
        precondition([200, 400, 404, 405, 409, 413, 422].contains(response.status), "unexpected status \(response.status)")
        switch response.body {
        case .json(let value):
            guard let again = try? JSONValue(parsing: response.bytes) else { preconditionFailure("the response is not JSON") }
            precondition(again == value, "the response does not survive a round trip")
        case .encoded(let bytes):
            precondition((try? JSONValue(parsing: bytes)) != nil, "a kept answer is not JSON")
        case .text:
            break
        }
        if response.status != 200 {
            let value = try? JSONValue(parsing: response.bytes)
            precondition(value?["error_code"]?.number != nil && value?["message"]?.string != nil, "an error without Confluent's body")
        }
    }
}

/// The registry the `confluent` target talks to: a SQLite file in a temporary folder, made once.
final class ConfluentFuzzRegistry: Sendable {
    static let shared = ConfluentFuzzRegistry()
    let api: ConfluentAPI

    private init() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            api = ConfluentAPI(registry: SchemaRegistry(store: try SQLiteSchemaStore(path: folder.path + "/registry.sqlite")))
        } catch {
            fatalError("strata-fuzz: cannot create a registry in \(folder.path): \(error)")
        }
    }
}
