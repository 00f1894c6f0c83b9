// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "OpenSpaceBoard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "openspace", targets: ["openspace"]),
        // The parsers' fuzz targets, for the libFuzzer executables in fuzz/ (make fuzz).
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Hummingbird's traits named, without ConfigurationSupport (swift-configuration, which the
        // project does not use): with the default traits SwiftPM 6.2 sometimes loses the
        // Configuration product ("product 'Configuration' required by package 'hummingbird' …
        // not found", hummingbird issue 769) when it builds the arm64 package.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CQREncode", path: "Sources/CQREncode", pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(
            name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "fontconfig",
            providers: [.apt(["libfreetype-dev", "libfontconfig-dev"])]),
        .systemLibrary(
            name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            name: "CLibUSB", path: "Sources/CLibUSB", pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]),
        .systemLibrary(
            name: "CSystemd", path: "Sources/CSystemd", pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]),
        .target(
            name: "Daemon",
            dependencies: [
                "CSystemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .target(name: "CGPIOD", linkerSettings: [.linkedLibrary("gpiod")]),
        .target(name: "LinuxIO", dependencies: ["CGPIOD", "CLibUSB"]),
        .target(name: "EPaper", dependencies: ["LinuxIO", "Render"]),
        .target(
            name: "Scanner",
            dependencies: ["LinuxIO", "CLibUSB", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "Printer",
            dependencies: [
                "LinuxIO", "CLibUSB", "Render", "BoardModel", .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "BoardModel",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .target(
            name: "BoardStore",
            dependencies: [
                "BoardModel",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .target(
            name: "Render",
            dependencies: ["BoardModel", "LinuxIO", "CQREncode", "CFreeType", "CPNG"]),
        .target(
            name: "BoardService",
            dependencies: [
                "BoardModel", "BoardStore", "Render", "EPaper", "LinuxIO", "Scanner", "Printer", "Settings", "Sync",
                "SyncWire", "Daemon",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .target(
            name: "Settings",
            dependencies: [
                "BoardModel", "EPaper", "LinuxIO", "Printer", "Scanner",
                .product(name: "Yams", package: "Yams"),
            ]),
        .target(name: "SyncWire", dependencies: ["BoardModel"]),
        .target(
            name: "Sync",
            dependencies: [
                "BoardModel", "BoardStore", "SyncWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "Doctor",
            dependencies: [
                "BoardModel", "BoardService", "EPaper", "LinuxIO", "Printer", "Scanner", "Settings", "Sync", "SyncWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .target(
            name: "Hub",
            dependencies: [
                "BoardModel", "SyncWire", "Render", "LinuxIO",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCertificateReloading", package: "swift-nio-extras"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Templates")]),
        .target(
            name: "FuzzTargets",
            dependencies: [
                "BoardModel", "Scanner", "Printer", "Render", "Settings", "Sync", "SyncWire", "Hub",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .executableTarget(
            name: "openspace",
            dependencies: [
                "BoardModel", "BoardStore", "Render", "BoardService", "EPaper", "LinuxIO", "Scanner", "Printer",
                "Sync", "SyncWire", "Hub", "Settings", "Daemon", "Doctor",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]),
        .testTarget(name: "BoardModelTests", dependencies: ["BoardModel"]),
        .testTarget(name: "FuzzTests", dependencies: ["FuzzTargets", "BoardModel", "SharedTestSupport"]),
        .testTarget(name: "LinuxIOTests", dependencies: ["LinuxIO", "CGPIOD"]),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon", "SharedTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .testTarget(name: "DeployTests"),
        .testTarget(name: "SettingsTests", dependencies: ["Settings", "BoardModel", "LinuxIO", "Printer", "Scanner"]),
        .testTarget(name: "ScannerTests", dependencies: ["Scanner", "LinuxIO", "SharedTestSupport"]),
        .testTarget(
            name: "DoctorTests",
            dependencies: ["Doctor", "Settings", "BoardService", "LinuxIO", "Printer", "Scanner", "Sync"]),
        .target(name: "SharedTestSupport", dependencies: ["Render"], path: "Tests/SharedTestSupport"),
        .testTarget(
            name: "PrinterTests", dependencies: ["Printer", "Render", "BoardModel", "LinuxIO", "SharedTestSupport"]),
        .testTarget(name: "EPaperTests", dependencies: ["EPaper", "LinuxIO", "Render"]),
        .testTarget(
            name: "RigTests", dependencies: ["BoardModel", "Render", "Printer", "openspace"]),
        .testTarget(
            name: "SyncTests",
            dependencies: ["Sync"]),
        .testTarget(
            name: "HubTests",
            dependencies: [
                "Hub", "Sync", "SyncWire", "BoardModel", "BoardStore", "BoardService", "Settings", "EPaper", "Render",
                "Scanner", "SharedTestSupport", "openspace",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]),
        .testTarget(
            name: "BoardStoreTests",
            dependencies: ["BoardStore", "BoardModel", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "BoardModel", "SharedTestSupport"]),
        .testTarget(
            name: "BoardServiceTests",
            dependencies: [
                "BoardService", "BoardStore", "BoardModel", "Render", "EPaper", "LinuxIO", "Printer", "Scanner",
                "Settings", "SharedTestSupport", "openspace", .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]),
    ]
)
