// strata-generate: the code generator alone, for the SwiftPM build plugin, which then builds
// neither GRDB nor ArgumentParser. `strata generate swift` is the same generator for people.
//
//   strata-generate (--schemas DIR | --bundle DIR) --out DIR [--access public|package|internal]
//
// Warnings go to standard error as `file: warning: …`; an error is one line there and exit 1;
// bad usage exits 64.
import Foundation
import StrataCodegen

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("strata-generate: \(message)\n".utf8))
    exit(status)
}

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let name = arguments.popFirst() {
    guard ["--schemas", "--bundle", "--out", "--access"].contains(name), let value = arguments.popFirst() else {
        fail("usage: strata-generate (--schemas DIR | --bundle DIR) --out DIR [--access public|package|internal]", status: 64)
    }
    options[name] = value
}
let input: SwiftGenerator.Input
switch (options["--schemas"], options["--bundle"]) {
case (let schemas?, nil): input = .schemas(schemas)
case (nil, let bundle?): input = .bundle(bundle)
default: fail("give one of --schemas DIR and --bundle DIR", status: 64)
}
guard let out = options["--out"] else { fail("--out DIR is required", status: 64) }
guard let access = SwiftGenerator.Access(rawValue: options["--access"] ?? "public") else {
    fail("--access is public, package or internal", status: 64)
}

do {
    let generated = try SwiftGenerator(input: input, access: access).generate()
    for warning in generated.warnings { FileHandle.standardError.write(Data("\(warning)\n".utf8)) }
    try generated.write(to: out)
} catch {
    fail(error.description, status: 1)
}
