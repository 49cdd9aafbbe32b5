import EventSchema

extension UpcasterChain {
    /// Upcasts a stored payload given as its JSON bytes and appends the upcast payload's compact
    /// JSON text to `output`: the bytes path of ``EventReader``, written back out as JSON, with no
    /// `JSONValue` in between where the chain's steps run on the flat tree.
    ///
    /// ```swift
    /// var buffers = ReadBuffers()
    /// var output: [UInt8] = []
    /// for line in lines {
    ///     try chain.upcast(payload: line, eventType: "OrderPlaced", from: 1, buffers: &buffers, appendingTo: &output)
    ///     output.append(0x0A)
    /// }
    /// ```
    ///
    /// The text parses to the value ``upcast(_:eventType:from:to:)`` gives for the same payload
    /// parsed as a `JSONValue`, numbers digit for digit, and the failures are that method's.
    ///
    /// - Throws: ``UpcastingError/invalidPayload(eventType:version:error:)`` when the bytes are
    ///   not JSON, and otherwise as ``upcast(_:eventType:from:to:)``.
    public func upcast(payload: some Collection<UInt8>, eventType: String, from version: Int, to target: Int? = nil,
                       buffers: inout ReadBuffers, appendingTo output: inout [UInt8]) throws(UpcastingError) {
        defer { buffers.finishRead() }
        do {
            try buffers.tree.parse(payload)
        } catch {
            throw .invalidPayload(eventType: eventType, version: version, error: error)
        }
        if currentVersions[eventType] != nil {
            try upcastIfKnown(&buffers.tree, eventType: eventType, from: version, to: target, lastPlan: &buffers.lastPlan)
        } else {
            var value = buffers.tree.value
            _ = try upcast(&value, eventType: eventType, from: version, to: target)
            buffers.tree = PayloadTree(value)
        }
        buffers.tree.write(to: &output)
    }
}
