import EventUpcasting

extension GraphCommand {
    /// `strata graph --topology`: reads the latest schema of each event type (of `eventType` only,
    /// when given) and prints the services and contexts they name.
    func drawTopology() throws {
        let topology: EventTopology
        do {
            topology = try EventTopology(folder: try SchemaFolder(root: schemas))
        } catch {
            throw CommandFailure.exit(for: error)
        }
        let shown = EventTopology(events: topology.events.filter { eventType == nil || $0.eventType == eventType })
        let graph = TopologyGraph(topology: shown)
        print(format == .mermaid ? graph.mermaid() : graph.dot())
    }
}
