import Foundation
import Synchronization

/// Paths of the package and its built `openspace` binary, for tests that run the real program.
public enum TestPaths {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().path
    public static let exampleLayout = packageRoot + "/deploy/examples/conference.yaml"
    /// `swift test` runs the test bundle from the folder that holds the products it built.
    public static let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent()
        .appendingPathComponent("openspace").path

    /// Runs `openspace` to the end and returns its exit status, standard output and standard error.
    /// `environment` is added to the test's own; `input` is its standard input (else none).
    public static func openspace(_ arguments: [String], environment: [String: String] = [:], input: String? = nil)
        throws -> (status: Int32, output: String, errors: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        let feed = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : feed
        try process.run()
        if let input {
            feed.fileHandleForWriting.write(Data(input.utf8))
            try feed.fileHandleForWriting.close()
        }
        // Standard error is small here; reading it after standard output cannot deadlock.
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed, complaints)
    }

    public static func temporaryFolder(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Lines a child process prints, collected as they arrive.
public final class LineCollector: Sendable {
    private let lines = Mutex<[String]>([])
    private let partial = Mutex("")

    public init(_ handle: FileHandle) {
        handle.readabilityHandler = { [self] handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            let complete = partial.withLock { partial -> [String] in
                partial += String(decoding: data, as: UTF8.self)
                var parts = partial.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                partial = parts.removeLast()
                return parts
            }
            lines.withLock { $0 += complete }
        }
    }

    public var all: [String] { lines.withLock { $0 } }

    /// Waits up to `seconds` for `count` lines passing `test`; returns whether they came.
    public func wait(seconds: Double = 10, count: Int = 1, for test: (String) -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if all.filter(test).count >= count { return true }
            usleep(20_000)
        }
        return false
    }
}

/// Polls `condition` until it holds or `seconds` pass, and says whether it held: a wait for an
/// event with a deadline, never a fixed sleep.
public func waitUntil(seconds: Double = 10, _ condition: @Sendable () async -> Bool) async -> Bool {
    let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < end {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
