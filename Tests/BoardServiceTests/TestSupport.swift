import BoardModel
import Foundation
import Render
import Synchronization

@testable import BoardService

/// Paths of the package and its built `openspace` binary, for tests that run the real program.
enum TestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let exampleLayout = packageRoot + "/deploy/examples/conference.yaml"
    /// `swift test` runs the test bundle from the folder that holds the products it built.
    static let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("openspace").path

    /// Runs `openspace` to the end and returns its exit status, standard output and standard error.
    static func openspace(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Standard error is small here; reading it after standard output cannot deadlock.
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed, complaints)
    }

    static func temporaryFolder(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Keeps every frame it is shown, for tests.
final class RecordingFrameSink: FrameSink {
    private let frames = Mutex<[(Bitmap, Bool)]>([])

    func show(_ frame: Bitmap, fullRefresh: Bool) throws { frames.withLock { $0.append((frame, fullRefresh)) } }

    var count: Int { frames.withLock { $0.count } }
    var last: (frame: Bitmap, full: Bool)? { frames.withLock { $0.last.map { ($0.0, $0.1) } } }
}
