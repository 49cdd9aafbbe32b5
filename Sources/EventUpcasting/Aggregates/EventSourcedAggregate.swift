/// An event-sourced aggregate: a state that starts empty and changes only by applying its events,
/// in the order its stream stored them.
///
/// ```swift
/// struct Order: EventSourcedAggregate {
///     enum Event: Sendable { case placed(OrderPlaced), shipped(OrderShipped) }
///     static let eventTypes = AggregateEventTypes<Event>()
///         .on(OrderPlaced.self, as: "OrderPlaced", Event.placed)
///         .on(OrderShipped.self, as: "OrderShipped", Event.shipped)
///     var status = "new"
///     init() {}
///     mutating func apply(_ event: Event) {
///         switch event {
///         case .placed: status = "placed"
///         case .shipped: status = "shipped"
///         }
///     }
/// }
/// ```
///
/// An ``AggregateRebuilder`` reads each stored event through the catalog (upcast, then decoded into
/// the current struct) and hands it to ``apply(_:)``; after the last event it calls
/// ``checkInvariants()``, and an aggregate whose invariants fail is never handed out.
public protocol EventSourcedAggregate: Sendable {
    /// What the aggregate applies: usually an enum with one case per event type.
    associatedtype Event: Sendable

    /// The event types the aggregate applies, each with its current Swift type and its case of ``Event``.
    static var eventTypes: AggregateEventTypes<Event> { get }

    /// The state before the stream's first event.
    init()

    /// Changes the state by one event. It does not fail: a check that needs the whole history
    /// belongs in ``checkInvariants()``.
    mutating func apply(_ event: Event)

    /// Checks the state after the replay; the default accepts every state.
    ///
    /// - Throws: ``InvariantViolation`` saying what does not hold; the rebuild then fails with
    ///   ``RebuildError/invariantViolated(stream:revision:violation:)``.
    func checkInvariants() throws(InvariantViolation)
}

extension EventSourcedAggregate {
    /// Accepts every state.
    public func checkInvariants() throws(InvariantViolation) {}
}

/// An aggregate that can be restored from a snapshot of its state instead of from its whole stream.
///
/// The snapshot is a payload like any event's: a type in a catalog (such as `OrderSnapshot`), with
/// versioned schemas and its own upcasters, read through the same path.
public protocol SnapshottableAggregate: EventSourcedAggregate {
    /// The current Swift type of the snapshot's payload.
    associatedtype Snapshot: Codable & Sendable

    /// The snapshot's type name in the catalog, such as `OrderSnapshot`.
    static var snapshotType: String { get }

    /// The state a snapshot holds.
    init(snapshot: Snapshot)

    /// The state as a snapshot, for writing one.
    var snapshot: Snapshot { get }
}

/// What an aggregate's invariant check found wrong.
public struct InvariantViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// What does not hold, in one sentence: `refunded 250.00 EUR of a 199.99 EUR order`.
    public var message: String

    /// Creates a violation.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
