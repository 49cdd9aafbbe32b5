// The Swift upcasters of the example domain, shared by the consumer that reads events and by
// strata-orders, the command line that verifies and registers the chains that name them.
import EventSchema
import EventUpcasting

/// The step of CustomerRegistered v1 → v2 that a file cannot express: splitting the name.
public let splitName: SwiftUpcaster = { payload in
    guard case .object(var object) = payload, case .string(let name)? = object["name"] else { return }
    let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
    object.removeValue(forKey: "name")
    object["givenName"] = .string(parts.first ?? name)
    object["familyName"] = .string(parts.count > 1 ? parts[1] : "")
    payload = .object(object)
}

/// Every Swift upcaster the upcaster files of the example domain name, by that name.
public let orderUpcasters: [String: SwiftUpcaster] = ["splitName": splitName]
