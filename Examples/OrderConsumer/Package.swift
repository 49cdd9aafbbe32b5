// swift-tools-version:6.1
import PackageDescription

// A consumer of Strata: it ships the catalog that `strata bundle` wrote as a resource and reads
// stored events of every version as its current structs, with no database and no network. The
// structs are generated from the catalog's schemas at build time by Strata's StrataGeneratePlugin.
// strata-orders is its own strata command line with its Swift upcasters, for its CI gate.
let package = Package(
    name: "OrderConsumer",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Strata", path: "../.."),
    ],
    targets: [
        // The Swift upcasters the domain's upcaster files name, shared by both executables.
        .target(name: "OrderUpcasters", dependencies: [.product(name: "EventUpcasting", package: "Strata")]),
        .executableTarget(
            name: "OrderConsumer",
            dependencies: ["OrderUpcasters", .product(name: "EventUpcasting", package: "Strata")],
            resources: [.copy("Catalog")],
            plugins: [.plugin(name: "StrataGeneratePlugin", package: "Strata")]
        ),
        // The strata command line with those upcasters registered: verify, check and sync run the
        // chains that name them instead of skipping them.
        .executableTarget(
            name: "strata-orders",
            dependencies: ["OrderUpcasters", .product(name: "StrataCommandLine", package: "Strata")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
