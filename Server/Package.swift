// swift-tools-version:6.1
import PackageDescription

// The shared registry server: Confluent Schema Registry's REST dialect over Strata's registration
// workflow. A package of its own, so that the `strata` command line and the embedded libraries do
// not build SwiftNIO and Hummingbird: only a deployment of the server pays for them.
let package = Package(
    name: "StrataServer",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "strata-server", targets: ["strata-server"]),
        .library(name: "StrataServerKit", targets: ["StrataServerKit"]),
    ],
    dependencies: [
        .package(name: "Strata", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.9.0"..<"6.0.0"),
    ],
    targets: [
        // The registry's store in PostgreSQL, beside the SQLite one: the same workflow over both.
        .target(
            name: "StrataPostgres",
            dependencies: [
                .product(name: "SchemaRegistry", package: "Strata"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The routes, the Confluent shapes and error bodies, the bridge from the synchronous
        // registration workflow to the server's tasks, and who may call what (users with bcrypt
        // hashes, bearer tokens kept as SHA-256).
        .target(
            name: "StrataServerKit",
            dependencies: [
                .product(name: "SchemaRegistry", package: "Strata"),
                .product(name: "ConfluentAPI", package: "Strata"),
                "StrataPostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "strata-server",
            dependencies: [
                "StrataServerKit", .product(name: "SchemaRegistry", package: "Strata"), .product(name: "ConfluentAPI", package: "Strata"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "StrataServerTests",
            dependencies: [
                "StrataServerKit", "StrataPostgres", .product(name: "SchemaRegistry", package: "Strata"),
                .product(name: "ConfluentAPI", package: "Strata"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
