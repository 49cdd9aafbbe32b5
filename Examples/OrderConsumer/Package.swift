// swift-tools-version:6.1
import PackageDescription

// A consumer of Strata: it ships the catalog that `strata bundle` wrote as a resource and reads
// stored events of every version as its current structs, with no database and no network. The
// structs are generated from the catalog's schemas at build time by Strata's StrataGeneratePlugin.
let package = Package(
    name: "OrderConsumer",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Strata", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "OrderConsumer",
            dependencies: [.product(name: "EventUpcasting", package: "Strata")],
            resources: [.copy("Catalog")],
            plugins: [.plugin(name: "StrataGeneratePlugin", package: "Strata")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
