// swift-tools-version:6.1
import PackageDescription

// A consumer of Strata: it ships the catalog that `strata-orders bundle` wrote as a resource and reads
// stored events of every version as its current structs, with no database and no network. The
// structs are generated from the catalog's schemas at build time by Strata's StrataGeneratePlugin.
// The domain's Swift upcasters come from ../OrderDomain, which also holds the gate's command line.
let package = Package(
    name: "OrderConsumer",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Strata", path: "../.."),
        .package(name: "OrderDomain", path: "../OrderDomain"),
    ],
    targets: [
        .executableTarget(
            name: "OrderConsumer",
            dependencies: [
                .product(name: "OrderUpcasters", package: "OrderDomain"),
                .product(name: "EventUpcasting", package: "Strata"),
            ],
            resources: [.copy("Catalog")],
            plugins: [.plugin(name: "StrataGeneratePlugin", package: "Strata")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
