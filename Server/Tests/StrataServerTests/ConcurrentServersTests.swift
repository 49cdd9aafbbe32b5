import Foundation
import StrataServerKit
import Testing

/// Two servers on one PostgreSQL, registering at once: no version lost, duplicated or reordered,
/// no id given twice.
struct ConcurrentServersTests {
    static let subjects = ["orders-value", "payments-value", "OrderPlaced", "shipments-value"]
    static let clientsPerServer = 8
    static let registrationsPerClient = 20

    /// A schema only `client`'s `index`th registration sends.
    static func schema(client: Int, index: Int) -> String {
        #"{"type":"object","properties":{"c\#(client)_\#(index)":{"type":"string"}}}"#
    }

    static let common = #"{"type":"object","properties":{"shared":{"type":"string"}}}"#

    @Test(.enabled(if: PostgresStoreTests.url != nil, "set STRATA_TEST_POSTGRES_URL, or run under ./scripts/with-postgres.sh"))
    func twoServersOnOneDatabaseRegisterConcurrentlyWithoutLosingOrDuplicating() async throws {
        let base = try #require(PostgresStoreTests.url)
        let name = "strata_test_\(UUID().uuidString.prefix(8).lowercased())"
        try PostgresStoreTests.psql(base, "CREATE DATABASE \(name)")
        defer { try? PostgresStoreTests.psql(base, "DROP DATABASE \(name) WITH (FORCE)") }
        var components = try #require(URLComponents(string: base))
        components.path = "/" + name
        let url = try #require(components.string)

        try await TestServers.run([.postgres(url: url), .postgres(url: url)]) { servers in
            #expect(try await TestServers.json("PUT", servers[0].appendingPathComponent("config"), body: ["compatibility": "NONE"]).status == 200)
            // 16 clients, half on each server; each registers its own schemas and the common one,
            // spread over the same four subjects.
            let answers = try await withThrowingTaskGroup(of: [(subject: String, schema: String, id: Int)].self) { group in
                for client in 0..<(2 * Self.clientsPerServer) {
                    let server = servers[client % 2]
                    group.addTask {
                        var answers: [(subject: String, schema: String, id: Int)] = []
                        for index in 0..<Self.registrationsPerClient {
                            let subject = Self.subjects[(client + index) % Self.subjects.count]
                            for schema in index % 5 == 0 ? [Self.schema(client: client, index: index), Self.common] : [Self.schema(client: client, index: index)] {
                                let reply = try await TestServers.json("POST", server.appendingPathComponent("subjects/\(subject)/versions"),
                                                                       body: ["schema": schema, "schemaType": "JSON"])
                                let id = try #require((reply.json as? [String: Any])?["id"] as? Int, "\(reply)")
                                answers.append((subject, schema, id))
                            }
                        }
                        return answers
                    }
                }
                var all: [(subject: String, schema: String, id: Int)] = []
                for try await answers in group { all += answers }
                return all
            }

            // What the registry holds, read through the other server.
            var stored: [String: [(version: Int, schema: String, id: Int)]] = [:]
            for subject in Self.subjects {
                let versions = try #require(try await TestServers.json("GET", servers[1].appendingPathComponent("subjects/\(subject)/versions")).json as? [Int])
                #expect(versions == Array(1...versions.count), "\(subject): versions are contiguous from 1")
                for version in versions {
                    let object = try #require(try await TestServers.json("GET", servers[1].appendingPathComponent("subjects/\(subject)/versions/\(version)")).json as? [String: Any])
                    stored[subject, default: []].append((version, try #require(object["schema"] as? String), try #require(object["id"] as? Int)))
                }
            }
            let own = answers.filter { $0.schema != Self.common }
            #expect(own.count == 2 * Self.clientsPerServer * Self.registrationsPerClient)
            // Each registration is stored exactly once, under its subject, with the id it was given.
            func canonical(_ text: String) throws -> NSDictionary { try JSONSerialization.jsonObject(with: Data(text.utf8)) as! NSDictionary }
            for answer in own {
                let matches = try stored[answer.subject, default: []].filter { try canonical($0.schema) == canonical(answer.schema) }
                #expect(matches.count == 1, "\(answer.subject): \(answer.schema) stored \(matches.count) times")
                #expect(matches.first?.id == answer.id)
            }
            let storedCount = stored.values.map(\.count).reduce(0, +)
            let commonSubjects = Set(answers.filter { $0.schema == Self.common }.map(\.subject))
            #expect(storedCount == own.count + commonSubjects.count, "no version beyond those registered")
            // Ids: one per distinct schema, the common one the same everywhere.
            #expect(Set(own.map(\.id)).count == own.count)
            #expect(Set(answers.filter { $0.schema == Self.common }.map(\.id)).count == 1)
            #expect(!Set(own.map(\.id)).contains(answers.first { $0.schema == Self.common }!.id))
        }
    }
}
