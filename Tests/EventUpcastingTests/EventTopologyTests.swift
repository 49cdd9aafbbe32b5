import EventSchema
import EventUpcasting
import Foundation
import StrataTestSupport
import Testing

struct EventTopologyTests {
    static let examples = Conformance.packageRoot.appendingPathComponent("Schemas").path

    @Test func theExampleDomainStatesWhoProducesAndConsumesEachEvent() throws {
        let topology = try EventTopology(folder: try SchemaFolder(root: Self.examples))
        // Money is a shared type, not an event: it states nothing and is not part of the topology.
        #expect(topology.events.map(\.eventType) == ["CustomerRegistered", "OrderPlaced", "OrderShipped", "PaymentRefunded"])
        #expect(topology.contexts == ["Billing", "Customers", "Ordering", "Shipping"])
        #expect(topology.services == ["accounts", "analytics", "billing", "checkout", "notifications", "warehouse"])
        #expect(topology.consumers(of: "OrderPlaced") == ["analytics", "billing", "notifications", "warehouse"])
        #expect(topology.consumers(of: "Money") == [])
        #expect(topology.context(of: "checkout") == "Ordering")
        #expect(topology.context(of: "analytics") == nil)
    }

    @Test func theLatestVersionThatStatesTheKeywordsIsTheTruth() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("S/Thing/1.json", #"{"x-context": "Old", "x-producers": ["a"], "x-consumers": ["b", "c"]}"#)
        try directory.write("S/Thing/2.json", #"{"x-context": "New", "x-producers": ["a"], "x-consumers": ["c"]}"#)
        // A newer version written without the keywords keeps v2's.
        try directory.write("S/Thing/3.json", #"{"type": "object"}"#)
        let topology = try EventTopology(folder: try SchemaFolder(root: directory.path + "/S"))
        #expect(topology.events == [EventTopology.Event(eventType: "Thing", annotations: TopologyAnnotations(context: "New", producers: ["a"], consumers: ["c"]))])
        // Stating an empty list is stating "no consumers".
        try directory.write("S/Thing/4.json", #"{"x-consumers": []}"#)
        #expect(try EventTopology(folder: try SchemaFolder(root: directory.path + "/S")).events.isEmpty)
    }

    @Test func aServiceProducingIntoSeveralContextsBelongsToNone() {
        let topology = EventTopology(events: [
            .init(eventType: "B", annotations: TopologyAnnotations(context: "Two", producers: ["shared", "two"])),
            .init(eventType: "A", annotations: TopologyAnnotations(context: "One", producers: ["shared"], consumers: ["z", "y"])),
            .init(eventType: "C", annotations: TopologyAnnotations(producers: ["two"])),
        ])
        #expect(topology.events.map(\.eventType) == ["A", "B", "C"])
        #expect(topology.context(of: "shared") == nil)
        #expect(topology.context(of: "two") == "Two")
        #expect(topology.consumersByEventType == ["A": ["y", "z"], "B": [], "C": []])
    }

    @Test func aMalformedKeywordInTheLatestVersionNamesItsFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("S/Thing/1.json", #"{"x-consumers": ["billing", ["nested"]]}"#)
        #expect(throws: UpcastingError.schema(.invalidKeyword(file: file, pointer: JSONPointer("/x-consumers/1")!,
                                                              reason: "x-consumers must list service names as non-empty strings"))) {
            try EventTopology(folder: try SchemaFolder(root: directory.path + "/S"))
        }
    }
}
