// swift-tools-version:6.1
// The libFuzzer executables, one per parser: built only by `make fuzz` (fuzz/run.sh), with
// `--sanitize=fuzzer --sanitize=address`, into .build-fuzz. Each runs one target of the main
// package's FuzzTargets library; `openspace` is a link to the main package.
import PackageDescription

let targets = [
    "scan-codes", "scan-evdev", "scan-hid", "scan-serial", "escpos-status", "sync-json", "sync-events",
    "layout-yaml", "board-settings", "hub-settings", "png", "hub-http",
]

let package = Package(
    name: "OpenSpaceFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "openspace")],
    targets: targets.map { name in
        .executableTarget(
            name: "fuzz-\(name)", dependencies: [.product(name: "FuzzTargets", package: "openspace")],
            path: "Sources/\(name)")
    }
)
