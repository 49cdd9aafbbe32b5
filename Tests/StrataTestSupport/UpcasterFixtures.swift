import EventSchema
import EventUpcasting

/// Swift upcasters the example domain's upcaster files name.
public enum UpcasterFixtures {
    /// `CustomerRegistered` v1 → v2: `name` becomes `givenName` and `familyName`.
    public static let splitName: SwiftUpcaster = { payload in
        guard case .object(var object) = payload, case .string(let name)? = object["name"] else { return }
        let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
        object.removeValue(forKey: "name")
        object["givenName"] = .string(parts.first ?? name)
        object["familyName"] = .string(parts.count > 1 ? parts[1] : "")
        payload = .object(object)
    }
}
