// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "OpenSpaceBoard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "openspace", targets: ["openspace"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
        .target(name: "CGPIOD", linkerSettings: [.linkedLibrary("gpiod")]),
        .target(name: "LinuxIO", dependencies: ["CGPIOD"]),
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
            dependencies: ["BoardModel", "CQREncode", "CFreeType", "CPNG"]),
        .target(
            name: "BoardService",
            dependencies: [
                "BoardModel", "BoardStore", "Render", "EPaper", "LinuxIO", "Scanner", "Printer",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]),
        .executableTarget(
            name: "openspace",
            dependencies: [
                "BoardModel", "BoardStore", "Render", "BoardService", "EPaper", "LinuxIO", "Scanner", "Printer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "BoardModelTests", dependencies: ["BoardModel"]),
        .testTarget(name: "LinuxIOTests", dependencies: ["LinuxIO"]),
        .testTarget(name: "ScannerTests", dependencies: ["Scanner"]),
        .target(name: "SharedTestSupport", dependencies: ["Render"], path: "Tests/SharedTestSupport"),
        .testTarget(name: "PrinterTests", dependencies: ["Printer", "Render", "BoardModel", "SharedTestSupport"]),
        .testTarget(name: "EPaperTests", dependencies: ["EPaper", "LinuxIO", "Render"]),
        .testTarget(name: "RigTests", dependencies: ["Render", "Printer", "openspace"]),
        .testTarget(name: "BoardStoreTests", dependencies: ["BoardStore", "BoardModel"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "BoardModel", "SharedTestSupport"]),
        .testTarget(
            name: "BoardServiceTests",
            dependencies: [
                "BoardService", "BoardStore", "BoardModel", "Render", "EPaper", "LinuxIO", "Printer", "Scanner",
                "SharedTestSupport", "openspace",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]),
    ]
)
