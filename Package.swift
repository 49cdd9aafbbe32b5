// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "EventSchema", targets: ["EventSchema"]),
        .library(name: "EventUpcasting", targets: ["EventUpcasting"]),
        .library(name: "SchemaRegistry", targets: ["SchemaRegistry"]),
        .library(name: "ConfluentAPI", targets: ["ConfluentAPI"]),
        .executable(name: "strata", targets: ["strata"]),
        // The whole command line as a type, for a consumer's executable that registers its Swift upcasters.
        .library(name: "StrataCommandLine", targets: ["StrataCommandLine"]),
        // `swift package strata …` in a package that depends on Strata, with its Swift upcasters.
        .plugin(name: "StrataCommandPlugin", targets: ["StrataCommandPlugin"]),
        .library(name: "StrataCodegen", targets: ["StrataCodegen"]),
        .executable(name: "strata-generate", targets: ["strata-generate"]),
        .plugin(name: "StrataGeneratePlugin", targets: ["StrataGeneratePlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Tests only: property tests with seeds and shrinking. The library keeps its own generator,
        // because this module imports Testing and shrinks only inside a test.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `swift package generate-documentation` for the DocC catalogs (scripts/docs.sh).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The read path's metrics and warnings, with no backend chosen by the library.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Examples/Metrics only: the Prometheus exposition of the read path's metrics.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "EventSchema",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "EventUpcasting",
            dependencies: [
                "EventSchema", .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"), .product(name: "Logging", package: "swift-log"),
            ],
            // `@_lifetime`, for `PayloadValue`, which is `~Escapable`: a value that points into the
            // buffers of a read cannot outlive them. Code that uses it needs no option.
            swiftSettings: [.enableExperimentalFeature("Lifetimes")]
        ),
        .target(
            name: "SchemaRegistry",
            dependencies: ["EventSchema", "EventUpcasting", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Confluent Schema Registry's REST dialect over the registry, free of any server framework:
        // `strata-server` (Server/) serves it over HTTP; the fuzz target and tests call it directly.
        .target(name: "ConfluentAPI", dependencies: ["EventSchema", "EventUpcasting", "SchemaRegistry"]),
        // Swift types from schemas: the library, the small tool the build plugin runs (no GRDB, no
        // ArgumentParser to build), and the plugin.
        .target(name: "StrataCodegen", dependencies: ["EventSchema", "EventUpcasting"]),
        .executableTarget(name: "strata-generate", dependencies: ["StrataCodegen"]),
        .plugin(name: "StrataGeneratePlugin", capability: .buildTool(), dependencies: ["strata-generate"]),
        .target(
            name: "StrataCommandLine",
            dependencies: [
                // ConfluentAPI: the bodies `strata --registry http://…` sends, one implementation with the server's.
                "EventSchema", "EventUpcasting", "SchemaRegistry", "StrataCodegen", "ConfluentAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "strata", dependencies: ["StrataCommandLine"]),
        .plugin(
            name: "StrataCommandPlugin",
            capability: .command(
                intent: .custom(verb: "strata", description: "Run the strata command line with this package's Swift upcasters."),
                permissions: []
            )
        ),
        // The worked example of docs/aggregates.md: the example domain's Order aggregate (shared by
        // the tests and the benchmark) and order-rebuild, which rebuilds it from JSON Lines and SQLite.
        .target(name: "OrderAggregate", dependencies: ["EventUpcasting"], path: "Examples/Aggregates/OrderAggregate"),
        .executableTarget(
            name: "order-rebuild",
            dependencies: ["OrderAggregate", "EventUpcasting", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Examples/Aggregates/order-rebuild"
        ),
        // The example of docs/operating.md: the example's orders read through an event stream with
        // a Prometheus registry as the metrics backend, its exposition printed.
        .executableTarget(
            name: "stream-metrics",
            dependencies: ["OrderAggregate", "EventUpcasting", .product(name: "Prometheus", package: "swift-prometheus"),
                           .product(name: "Metrics", package: "swift-metrics")],
            path: "Examples/Metrics/stream-metrics"
        ),
        .executableTarget(
            name: "StrataBenchmarks",
            dependencies: ["EventSchema", "EventUpcasting", "SchemaRegistry", "OrderAggregate",
                           .product(name: "Metrics", package: "swift-metrics")],
            path: "Benchmarks/StrataBenchmarks"
        ),
        // Fuzz targets for every parser of outside input; `scripts/fuzz.sh TARGET SECONDS` builds
        // them with libFuzzer, and a plain build replays a corpus (`strata-fuzz TARGET FILE…`).
        .executableTarget(
            name: "strata-fuzz",
            dependencies: ["EventSchema", "EventUpcasting", "SchemaRegistry", "StrataCodegen", "ConfluentAPI"],
            path: "Fuzz/StrataFuzz"
        ),
        .target(
            name: "StrataTestSupport",
            dependencies: ["EventSchema", "EventUpcasting"],
            path: "Tests/StrataTestSupport"
        ),
        .testTarget(name: "EventSchemaTests", dependencies: ["EventSchema", "StrataTestSupport"]),
        .testTarget(name: "EventUpcastingTests", dependencies: [
            "EventUpcasting", "StrataTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            "OrderAggregate", .product(name: "MetricsTestKit", package: "swift-metrics"),
            .product(name: "InMemoryLogging", package: "swift-log"),
        ]),
        .testTarget(name: "SchemaRegistryTests", dependencies: ["SchemaRegistry", "StrataTestSupport"]),
        .testTarget(name: "ConfluentAPITests", dependencies: ["ConfluentAPI", "SchemaRegistry", "StrataTestSupport"]),
        .testTarget(name: "StrataCLITests", dependencies: ["strata", "StrataTestSupport", "order-rebuild", "stream-metrics"]),
        .testTarget(name: "StrataCodegenTests", dependencies: ["StrataCodegen", "StrataTestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
