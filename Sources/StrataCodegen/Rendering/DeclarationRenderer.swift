/// Writes generated declarations as Swift source.
///
/// Every type is `Codable, Sendable, Hashable` and `PayloadDecodable`, with an `init(payload:)`
/// that reads its members in declaration order, by the key `CodingKeys` gives each, with
/// `decode(forKey:)` for a required member and `decodeIfPresent(forKey:)` for an optional one —
/// what the synthesized `init(from:)` does.
struct DeclarationRenderer {
    let table: DeclarationTable
    let names: [DeclarationID: String]
    /// `public ` or empty.
    let access: String

    static let conformances = "Codable, Sendable, Hashable, PayloadDecodable"

    func name(_ id: DeclarationID) -> String { names[id]! }

    func spelled(_ type: SwiftTypeReference) -> String { type.spelled(name) }

    /// Writes the declaration `id` and, inside it, the types nested in it.
    func render(_ id: DeclarationID, into writer: inout SourceWriter) {
        let declaration = table[id]
        writer.documentation(declaration.documentation)
        switch declaration.kind {
        case .structure(let properties):
            writer.block("\(access)struct \(name(id)): \(Self.conformances)") { writer in
                renderEventInfo(declaration, into: &writer)
                renderStructBody(properties, into: &writer)
                renderChildren(of: id, into: &writer)
            }
        case .stringEnum(let values):
            writer.block("\(access)enum \(name(id)): String, \(Self.conformances), CaseIterable") { writer in
                renderEventInfo(declaration, into: &writer)
                for (caseName, value) in zip(DeclarationRenderer.caseNames(values), values) {
                    writer.line("case \(caseName) = \(SourceWriter.literal(value))")
                }
            }
        case .union(let discriminator, let cases):
            let indirect = declaration.isIndirect ? "indirect " : ""
            writer.block("\(access)\(indirect)enum \(name(id)): \(Self.conformances)") { writer in
                renderEventInfo(declaration, into: &writer)
                UnionRenderer(renderer: self, discriminator: discriminator, cases: cases).render(into: &writer)
                renderChildren(of: id, into: &writer)
            }
        case .wrapper(let type):
            writer.block("\(access)struct \(name(id)): \(Self.conformances)") { writer in
                renderEventInfo(declaration, into: &writer)
                renderWrapperBody(spelled(type), into: &writer)
            }
        }
    }

    /// Case names for enum values and union tags.
    static func caseNames(_ values: [String]) -> [String] { DeclarationNamer.memberNames(values) }

    private func renderChildren(of id: DeclarationID, into writer: inout SourceWriter) {
        for child in table.children[id] ?? [] {
            writer.line()
            render(child, into: &writer)
        }
    }

    private func renderEventInfo(_ declaration: Declaration, into writer: inout SourceWriter) {
        guard let event = declaration.event else { return }
        writer.line("/// The event type this is the current version of.")
        writer.line("\(access)static let eventType = \(SourceWriter.literal(event.type))")
        writer.line("/// The version of the event type's schema this was generated from.")
        writer.line("\(access)static let schemaVersion = \(event.version)")
        writer.line()
    }

    private func renderStructBody(_ properties: [Declaration.Property], into writer: inout SourceWriter) {
        let names = DeclarationNamer.memberNames(properties.map(\.jsonName))
        for (name, property) in zip(names, properties) {
            writer.documentation(property.documentation)
            writer.line("\(access)var \(name): \(spelled(property.type))")
        }
        writer.line()
        writer.line("/// Creates a value from its members.")
        let parameters = zip(names, properties).map { name, property in
            "\(name): \(spelled(property.type))" + (property.type.isOptional ? " = nil" : "")
        }
        writer.block("\(access)init(\(parameters.joined(separator: ", ")))") { writer in
            for name in names { writer.line("self.\(name) = \(name)") }
        }
        writer.line()
        writer.line("/// Reads the members in declaration order, as `init(from:)` does, straight from the payload.")
        writer.block("\(access)init(payload: PayloadValue) throws(DecodingFailure)") { writer in
            // One call of the memberwise initializer, its arguments read in declaration order (so
            // the first failure is the same): a value whose members are assigned one by one, with
            // a `try` between them, is built aside and copied out, a copy and a destroy of every
            // member each read.
            guard !properties.isEmpty else { return }
            writer.line("try self.init(")
            for (offset, (name, property)) in zip(names, properties).enumerated() {
                let method = property.type.isOptional ? "decodeIfPresent" : "decode"
                let separator = offset == properties.count - 1 ? "" : ","
                writer.line("    \(SwiftName.argumentLabel(name)): payload.\(method)(forKey: \(SourceWriter.literal(property.jsonName)))\(separator)")
            }
            writer.line(")")
        }
        guard zip(names, properties).contains(where: { SwiftName.bare($0) != $1.jsonName }) else { return }
        writer.line()
        writer.block("private enum CodingKeys: String, CodingKey") { writer in
            for (name, property) in zip(names, properties) {
                writer.line(SwiftName.bare(name) == property.jsonName ? "case \(name)" : "case \(name) = \(SourceWriter.literal(property.jsonName))")
            }
        }
    }

    private func renderWrapperBody(_ type: String, into writer: inout SourceWriter) {
        writer.line("/// The payload, which is not an object.")
        writer.line("\(access)var value: \(type)")
        writer.line()
        writer.line("/// Creates a value.")
        writer.block("\(access)init(_ value: \(type))") { $0.line("self.value = value") }
        writer.line()
        writer.line("/// Reads the payload as a single value.")
        writer.block("\(access)init(from decoder: any Decoder) throws") { $0.line("value = try decoder.singleValueContainer().decode(\(type).self)") }
        writer.line()
        writer.line("/// Writes the payload as a single value.")
        writer.block("\(access)func encode(to encoder: any Encoder) throws") { writer in
            writer.line("var container = encoder.singleValueContainer()")
            writer.line("try container.encode(value)")
        }
        writer.line()
        writer.line("/// Reads the payload as a single value, straight from the payload.")
        writer.block("\(access)init(payload: PayloadValue) throws(DecodingFailure)") { $0.line("value = try payload.decode(\(type).self)") }
    }
}
