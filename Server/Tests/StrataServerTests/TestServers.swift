import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ConfluentAPI
import Logging
import ServiceLifecycle
import StrataServerKit
import Testing

/// Servers started in the test process on free loopback ports, spoken to over real HTTP.
enum TestServers {
    /// Runs one server per store while `body` runs, then shuts them down gracefully; `body` gets
    /// their base URLs.
    /// `access` is open to anyone unless a test says otherwise.
    static func run(_ stores: [StoreLocation], maximumBodySize: Int = 1 << 20, subjects: SubjectMapping = SubjectMapping(),
                    access: AccessControl = .open, requestTimeout: Duration = .seconds(30),
                    _ body: @Sendable ([URL]) async throws -> Void) async throws {
        var logger = Logger(label: "strata-server-test")
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var services: [any Service] = []
        for store in stores {
            services.append(try RegistryServer.application(
                RegistryServerConfiguration(port: 0, store: store, maximumBodySize: maximumBodySize, subjects: subjects, access: access,
                                            requestTimeout: requestTimeout), logger: logger
            ) { port in continuation.yield(port) })
        }
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var bases: [URL] = []
            for await port in ports {
                bases.append(URL(string: "http://127.0.0.1:\(port)")!)
                if bases.count == stores.count { break }
            }
            do {
                try await body(bases)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Sends one request; returns the status, the content type and the body.
    static func send(_ method: String, _ url: URL, body: Data? = nil) async throws -> (Int, String?, Data) {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if body != nil { request.setValue("application/vnd.schemaregistry.v1+json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, http.value(forHTTPHeaderField: "Content-Type"), data)
    }

    /// Sends a request and reads a JSON answer.
    static func json(_ method: String, _ url: URL, body: Any? = nil) async throws -> (status: Int, json: Any?) {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let (status, _, reply) = try await send(method, url, body: data)
        return (status, try? JSONSerialization.jsonObject(with: reply, options: [.fragmentsAllowed]))
    }
}
