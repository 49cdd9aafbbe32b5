/// A schema registry compatibility mode: which versions a new version is checked against, and
/// in which direction.
///
/// Backward means readers of the new version can read data written with the old one (the
/// new schema is the reader); forward is the same check with the two schemas swapped; full is
/// both. The transitive modes check against every earlier version instead of only the latest.
public enum CompatibilityMode: String, Sendable, CaseIterable {
    /// No check.
    case none = "NONE"
    /// The new version reads data written with the latest version.
    case backward = "BACKWARD"
    /// The new version reads data written with every earlier version.
    case backwardTransitive = "BACKWARD_TRANSITIVE"
    /// The latest version reads data written with the new version.
    case forward = "FORWARD"
    /// Every earlier version reads data written with the new version.
    case forwardTransitive = "FORWARD_TRANSITIVE"
    /// Backward and forward against the latest version.
    case full = "FULL"
    /// Backward and forward against every earlier version.
    case fullTransitive = "FULL_TRANSITIVE"
}

extension CompatibilityMode {
    /// The same direction without transitivity: `BACKWARD_TRANSITIVE` becomes `BACKWARD`, and so
    /// on. A check against one chosen version uses it.
    public var againstLatestOnly: CompatibilityMode {
        switch self {
        case .backwardTransitive: .backward
        case .forwardTransitive: .forward
        case .fullTransitive: .full
        case .none, .backward, .forward, .full: self
        }
    }
}
