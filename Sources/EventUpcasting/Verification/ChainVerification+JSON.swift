import EventSchema

extension ChainVerification {
    /// The verification as `strata verify --format json` prints it: `{"bridged", "chains", "skipped"}`.
    ///
    /// - Parameter displayingPaths: how file paths are shown (the command line makes them relative
    ///   to the working directory; a server shows them as it got them).
    public func json(displayingPaths: (String) -> String = { $0 }) -> JSONValue {
        ["bridged": .bool(isBridged),
         "chains": .array(reports.map { $0.json(displayingPaths: displayingPaths) } + gaps.map(\.json)),
         "skipped": .array(skipped.map { ["eventType": .string($0.eventType), "reason": .string($0.reason)] })]
    }
}

extension BridgeReport {
    /// One chain's report as JSON: its versions, upcaster files and the verdict of each check.
    ///
    /// - Parameter displayingPaths: how file paths are shown.
    public func json(displayingPaths: (String) -> String = { $0 }) -> JSONValue {
        var entry = JSONObject()
        entry["eventType"] = .string(source.eventType)
        entry["fromVersion"] = .number(JSONNumber(source.version))
        entry["targets"] = .array(targets.map { ["eventType": .string($0.eventType), "version": .number(JSONNumber($0.version))] })
        entry["upcasters"] = .array(upcasters.map { .string(displayingPaths($0)) })
        entry["bridged"] = .bool(isBridged)
        switch symbolic {
        case .proved: entry["symbolic"] = ["verdict": "proved", "bridged": .array(differences.map { .string("\($0.kind.rawValue) \($0.path)") })]
        case .remaining(let remaining): entry["symbolic"] = ["verdict": "remaining", "differences": .array(remaining.map { .string("\($0.kind.rawValue) \($0.path)") })]
        case .undecidable(let reason): entry["symbolic"] = ["verdict": "undecidable", "reason": .string(reason)]
        case .refuted(let reason): entry["symbolic"] = ["verdict": "refuted", "reason": .string(reason)]
        }
        switch generated {
        case .passed(let count): entry["generated"] = ["verdict": "passed", "count": .number(JSONNumber(count))]
        case .failed(let counterexample): entry["generated"] = ["verdict": "failed", "counterexample": counterexample.payload, "failure": .string(counterexample.failure)]
        case .notGenerated(let reason): entry["generated"] = ["verdict": "not generated", "reason": .string(reason)]
        case .timedOut(let after): entry["generated"] = ["verdict": "timed out", "after": .number(JSONNumber(after))]
        }
        entry["golden"] = .array(golden.map { ["file": .string(displayingPaths($0.file)), "failure": $0.failure.map(JSONValue.string) ?? .null] })
        return .object(entry)
    }
}

extension CompatibleVersions.Gap {
    /// A version with no upcaster and no compatible successor, as a chain that does not bridge.
    public var json: JSONValue {
        ["eventType": .string(source.eventType), "fromVersion": .number(JSONNumber(source.version)),
         "targets": [["eventType": .string(source.eventType), "version": .number(JSONNumber(source.version + 1))]],
         "upcasters": [], "bridged": false, "missingUpcaster": .string(missingFile),
         "symbolic": ["verdict": "remaining", "differences": .array(breaking.map { .string("\($0.kind.rawValue) \($0.path)") })]]
    }
}
