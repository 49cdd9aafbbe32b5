// swift-tools-version:6.1
import PackageDescription

// A consumer of Strata: it ships the catalog that `strata bundle` wrote as a resource and reads
// stored events of every version as its current structs, with no database and no network.
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
            resources: [.copy("Catalog")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
