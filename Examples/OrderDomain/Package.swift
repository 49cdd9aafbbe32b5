// swift-tools-version:6.1
import PackageDescription

// The example domain's Swift side, shared by every service that reads its events: the Swift
// upcasters its upcaster files name, and strata-orders, the strata command line with those upcasters
// registered, which a team's CI gate runs. It is a package of its own so that the gate builds without
// any consumer's resources: a consumer's catalog is written by `strata-orders bundle`, so the tool
// must build before it.
let package = Package(
    name: "OrderDomain",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "OrderUpcasters", targets: ["OrderUpcasters"]),
        .executable(name: "strata-orders", targets: ["strata-orders"]),
    ],
    dependencies: [
        .package(name: "Strata", path: "../.."),
    ],
    targets: [
        // The Swift upcasters the domain's upcaster files name.
        .target(name: "OrderUpcasters", dependencies: [.product(name: "EventUpcasting", package: "Strata")]),
        // The strata command line with those upcasters registered: verify, check and sync run the
        // chains that name them instead of skipping them.
        .executableTarget(
            name: "strata-orders",
            dependencies: ["OrderUpcasters", .product(name: "StrataCommandLine", package: "Strata")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
