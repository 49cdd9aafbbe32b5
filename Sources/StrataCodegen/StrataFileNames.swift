/// The names of the files the generator writes, which follow from the folder listing alone —
/// so a build tool (the SwiftPM plugin) can declare them before anything is generated.
///
/// - `<EventType>.swift` for each event type folder (the folder's name as it is);
/// - ``shared`` for the types that `$ref`s share (`$defs`, older versions), empty of types when there are none;
/// - ``registration`` for the function that registers every event type in an `EventTypeMap`.
public enum StrataFileNames {
    /// The file of shared types.
    public static let shared = "StrataShared.swift"
    /// The file of the registration function.
    public static let registration = "StrataEventTypes.swift"
    /// The type that holds the registration function.
    public static let registrationType = "StrataEventTypes"

    /// Every file generated for a folder with `eventTypes`, sorted.
    public static func files(eventTypes: [String]) -> [String] {
        (eventTypes.map(file(of:)) + [shared, registration]).sorted()
    }

    /// The file of one event type.
    public static func file(of eventType: String) -> String { eventType + ".swift" }
}
