// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "MinerKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MinerKit", targets: ["MinerKit"]),
        .library(name: "MinerKitTesting", targets: ["MinerKitTesting"]),
        .library(name: "MinerKitPostgres", targets: ["MinerKitPostgres"]),
        .executable(name: "minerkit", targets: ["MinerKitCLI"]),
        .executable(name: "minerkit-bench", targets: ["MinerKitBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
    ],
    targets: [
        // System libraries, reached through small module maps (see Sources/C*/module.modulemap).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),

        // Binds libopenblas at run time with dlopen, after setting OPENBLAS_NUM_THREADS: linked at build
        // time, OpenBLAS would start its threads when the process starts (Sources/COpenBLASShim).
        .target(name: "COpenBLASShim", linkerSettings: [.linkedLibrary("dl")]),
        // Binds libcudart/libcublas at run time with dlopen, so builds need no CUDA (Sources/CCUDAShim).
        .target(name: "CCUDAShim", linkerSettings: [.linkedLibrary("dl")]),
        // Binds libpocketsphinx at run time with dlopen, for the optional `text` of inference replies
        // (Sources/CPocketSphinxShim); builds need neither the library nor its headers.
        .target(name: "CPocketSphinxShim", linkerSettings: [.linkedLibrary("dl")]),

        // The core: domain, rules, storage, identity, tensor core and audio. No SwiftPM packages.
        .target(name: "MinerKit", dependencies: ["CSQLite", "CSodium", "COpenBLASShim", "CCUDAShim", "CPocketSphinxShim"]),

        // Starts test children with posix_spawn, without Foundation's Process.run() (Sources/CSpawnShim).
        .target(name: "CSpawnShim"),

        // The harness: controllable clock, in-process cluster, fault injection, child processes.
        .target(name: "MinerKitTesting", dependencies: ["MinerKit", "CSpawnShim"]),

        // PostgreSQL stores and coordination for several coordinator processes on one database.
        .target(
            name: "MinerKitPostgres",
            dependencies: [
                "MinerKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                // Units of work run on their connection's event loop (EventLoopTaskExecutor).
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        // HTTP adapters: the shared server skeleton, the coordinator/pool/inference routes, the HTTP client.
        .target(
            name: "MinerKitHTTP",
            dependencies: [
                "MinerKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                // HTTP1Channel's decoder limits (APIServer).
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                // Idle-state handler and channel options (server timeouts and limits).
                .product(name: "NIOCore", package: "swift-nio"),
                // An isolated server's own event loop (APIServer.start(isolated:)).
                .product(name: "NIOPosix", package: "swift-nio"),
                // HTTP/1.0 requests' connection semantics (HTTP10Persistence).
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        // The `minerkit` command line.
        .executableTarget(
            name: "MinerKitCLI",
            dependencies: [
                "MinerKit",
                "MinerKitHTTP",
                "MinerKitPostgres",
                "MinerKitTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                // `serve` options from MINERKIT_* variables and a JSON config file.
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),

        // Benchmarks (run in release: `swift run -c release minerkit-bench`).
        .executableTarget(
            name: "MinerKitBench",
            dependencies: ["MinerKit", "MinerKitHTTP", "MinerKitTesting", "MinerKitPostgres",
                           // The bare route every request is measured against (BenchServer).
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "PostgresNIO", package: "postgres-nio")],
            exclude: ["pgbench"]
        ),

        // Writes jobs to a SQLite file and acknowledges each on stdout; the durability test kills it.
        .executableTarget(name: "MinerKitCrashProbe", dependencies: ["MinerKit"], path: "Tests/CrashProbe"),

        // Examples.
        .executableTarget(name: "HelloMinerKit", dependencies: ["MinerKit"], path: "Examples/HelloMinerKit"),
        // The coordinator on SQLite with no configuration (`swift run minerkit-example-server`).
        .executableTarget(name: "minerkit-example-server", dependencies: ["MinerKit", "MinerKitHTTP"],
                          path: "Examples/ExampleServer"),

        .testTarget(
            name: "MinerKitTests",
            dependencies: ["MinerKit", "MinerKitTesting"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "MinerKitPostgresTests",
            dependencies: ["MinerKit", "MinerKitPostgres", "MinerKitTesting",
                           .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        .testTarget(
            name: "MinerKitHTTPTests",
            dependencies: [
                "MinerKitHTTP",
                "MinerKitTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
