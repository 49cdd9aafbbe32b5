/// Writes the cases, coding and `init(payload:)` of a union: an enum with associated values told
/// apart by the `const` string of one member (its discriminator).
///
/// Each case's value is read from the whole object, discriminator included, so a case's struct
/// is the alternative's schema as it is.
struct UnionRenderer {
    let renderer: DeclarationRenderer
    let discriminator: String
    let cases: [Declaration.UnionCase]

    func render(into writer: inout SourceWriter) {
        let names = DeclarationRenderer.caseNames(cases.map(\.tag))
        let access = renderer.access
        let key = SourceWriter.literal(discriminator)
        let unknown = "\"unknown \(SourceWriter.literalContent(discriminator)) \\\"\\(tag)\\\"\""
        for (name, unionCase) in zip(names, cases) {
            writer.line("/// `\(discriminator)` is `\(unionCase.tag)`.")
            writer.line("case \(name)(\(renderer.spelled(unionCase.type)))")
        }
        writer.line()
        writer.block("private enum DiscriminatorKey: String, CodingKey") { $0.line("case discriminator = \(key)") }
        writer.line()
        writer.line("/// Reads `\(discriminator)`, then the case it names from the whole object.")
        writer.block("\(access)init(from decoder: any Decoder) throws") { writer in
            writer.line("let tag = try decoder.container(keyedBy: DiscriminatorKey.self).decode(String.self, forKey: .discriminator)")
            dispatch(names, reading: { "try decoder.singleValueContainer().decode(\($0).self)" },
                     unknown: "throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: \(unknown)))", into: &writer)
        }
        writer.line()
        writer.line("/// Writes the case's value, whose `\(discriminator)` names the case.")
        writer.block("\(access)func encode(to encoder: any Encoder) throws") { writer in
            writer.line("var container = encoder.singleValueContainer()")
            writer.line("switch self {")
            for name in names { writer.line("case .\(name)(let value): try container.encode(value)") }
            writer.line("}")
        }
        writer.line()
        writer.line("/// Reads `\(discriminator)`, then the case it names, straight from the payload.")
        writer.block("\(access)init(payload: PayloadValue) throws(DecodingFailure)") { writer in
            writer.line("let tag = try payload.decode(String.self, forKey: \(key))")
            dispatch(names, reading: { "try payload.decode(\($0).self)" }, unknown: "throw payload.failure(\(unknown))", into: &writer)
        }
    }

    /// `switch tag`: each case's value read by `reading` (given the case's type), else `unknown`.
    private func dispatch(_ names: [String], reading: (String) -> String, unknown: String, into writer: inout SourceWriter) {
        writer.line("switch tag {")
        for (name, unionCase) in zip(names, cases) {
            writer.line("case \(SourceWriter.literal(unionCase.tag)): self = .\(name)(\(reading(renderer.spelled(unionCase.type))))")
        }
        writer.line("default: \(unknown)")
        writer.line("}")
    }
}
