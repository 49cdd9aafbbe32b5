import Foundation
import StrataCodegen
import StrataTestSupport
import Testing

/// The generated code, built as a consumer builds it and run against every golden example.
struct GeneratedPackageTests {
    /// Generates the example domain and the feature fixtures into a package that depends on this
    /// one, builds it in Swift 6 mode with `-warnings-as-errors`, and runs its program: every
    /// golden example of every version reads through the catalog (upcasters and the `splitName`
    /// Swift upcaster) into the generated structs, the same through `init(payload:)` and
    /// `init(from:)`, and so do payloads generated from every schema; `1234567890123456789` and
    /// `199.99` (a `Decimal`) read exactly.
    ///
    /// The build is a separate `swift build` process, so a sanitizer run of the tests has nothing
    /// of its own to check in it: CI's ASan and TSan runs set `STRATA_SKIP_PACKAGE_BUILDS=1` and this
    /// test runs in the plain run only.
    @Test(.disabled(if: ProcessInfo.processInfo.environment["STRATA_SKIP_PACKAGE_BUILDS"] == "1",
                    "STRATA_SKIP_PACKAGE_BUILDS=1: the generated package is built in the plain test run"))
    func generatedCodeBuildsWithoutWarningsAndReadsEveryExample() throws {
        try CheckPackage.locked {
            var package = CheckPackage()
            try package.write()
            #expect(package.domainWarnings.isEmpty, "the example domain needs no warning: \(package.domainWarnings)")
            #expect(package.featureWarnings.map(\.keyword).sorted() == ["$ref", "anyOf", "if", "not", "type"])
            let build = try package.build()
            #expect(build.status == 0, "swift build failed:\n\(build.output)\n\(build.error)")
            guard build.status == 0 else { return }
            let run = try package.runProgram()
            #expect(run.status == 0, "\(run.output)\n\(run.error)")
            #expect(run.output.contains("golden examples read: "))
            #expect(run.output.hasSuffix("ok\n"))
            // OrderShipped v1 has no upcaster: it reads as v2, with which it is compatible.
            #expect(!run.output.contains("FAIL "))
        }
    }
}
