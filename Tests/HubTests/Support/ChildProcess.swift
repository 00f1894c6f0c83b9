import Foundation
import SharedTestSupport

/// An `openspace` child process whose output lines are collected and whose input can be typed.
final class ChildProcess: Sendable {
    let process: Process
    let lines: LineCollector
    let errors: LineCollector
    private let input: FileHandle

    /// Runs `openspace` with `arguments`, or `executable` when given (`ip netns exec …`).
    init(_ arguments: [String], executable: String = TestPaths.binary) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        self.process = process
        self.lines = LineCollector(output.fileHandleForReading)
        self.errors = LineCollector(errors.fileHandleForReading)
        self.input = input.fileHandleForWriting
    }

    func type(_ line: String) {
        input.write(Data((line + "\n").utf8))
    }

    /// Kills the process with SIGKILL: no clean-up, no flush, as in a power cut.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// How many lines so far start with `prefix`.
    func count(startingWith prefix: String) -> Int { lines.all.filter { $0.hasPrefix(prefix) }.count }

    /// Waits until `count` lines start with `prefix` (the first one by default); returns the last.
    @discardableResult
    func waitForLine(startingWith prefix: String, count: Int = 1, seconds: Double = 20) throws -> String {
        guard lines.wait(seconds: seconds, count: count, for: { $0.hasPrefix(prefix) }),
            let line = lines.all.last(where: { $0.hasPrefix(prefix) })
        else {
            throw TestSetupFailure(
                "no line starting with '\(prefix)'; output: \(lines.all), errors: \(errors.all.suffix(5))")
        }
        return line
    }
}
