import SchemaRegistry

extension CheckPrinter {
    /// The consumers a reported change affects, sorted: `nil` for a file that did not change (or
    /// cannot be read), else its event type's `x-consumers`, empty when it names none.
    func affected(_ check: FileCheck) -> [String]? {
        switch check.outcome {
        case .compatible, .bridged, .incompatible, .modified: affects[check.file.eventType] ?? []
        case .unchanged, .invalid: nil
        }
    }

    /// `  affects: billing, analytics` after a reported change with consumers; nothing otherwise.
    func affectsLine(_ check: FileCheck) -> [String] {
        guard let names = affected(check), !names.isEmpty else { return [] }
        return ["  affects: " + Self.list(names)]
    }

    /// ` (affects: billing, analytics)` for an annotation's message; empty without consumers.
    func affectsSuffix(_ check: FileCheck) -> String {
        guard let names = affected(check), !names.isEmpty else { return "" }
        return " (affects: \(Self.list(names)))"
    }

    /// Names joined by commas, each on one line (a line break written `\n`).
    private static func list(_ names: [String]) -> String {
        names.map { $0.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n") }.joined(separator: ", ")
    }
}
