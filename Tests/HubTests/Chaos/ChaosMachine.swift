import Foundation
import SharedTestSupport

/// One machine of a campaign: the hub or a board, an `openspace` process in its own network
/// namespace that faults kill, stop, continue and start again. Every incarnation is kept, so the
/// lines each one printed (its acknowledgements) can be read at the end.
actor ChaosMachine {
    let name: String
    private let namespace: String
    private let firstArguments: [String]
    private let laterArguments: [String]
    private(set) var current: ChildProcess?
    private(set) var generation = 0
    private(set) var paused = false
    private(set) var incarnations: [ChildProcess] = []
    /// Exits the campaign did not cause, with their status.
    private(set) var unexpectedExits: [Int32] = []

    /// `first` are the arguments of the first start (a board enrols then), `later` of restarts.
    init(name: String, namespace: String, first: [String], later: [String]) {
        self.name = name
        self.namespace = namespace
        self.firstArguments = first
        self.laterArguments = later
    }

    func start() throws {
        guard current == nil else { return }
        let arguments = incarnations.isEmpty ? firstArguments : laterArguments
        let child = try ChildProcess(
            ["netns", "exec", namespace, TestPaths.binary] + arguments, executable: "/usr/sbin/ip")
        current = child
        generation += 1
        paused = false
        incarnations.append(child)
    }

    /// SIGKILL: no clean-up, as when the machine loses power.
    func kill() {
        guard let child = current else { return }
        let pid = child.process.processIdentifier
        Foundation.kill(pid, SIGKILL)
        Child.waitForEnd(of: pid, seconds: 10)
        current = nil
        paused = false
    }

    func pause() {
        guard let child = current, !paused else { return }
        Foundation.kill(child.process.processIdentifier, SIGSTOP)
        paused = true
    }

    func resume() {
        guard let child = current, paused else { return }
        Foundation.kill(child.process.processIdentifier, SIGCONT)
        paused = false
    }

    /// Notes a process that ended without being killed here, and forgets it; true if one did.
    func noteExit() -> Bool {
        guard let child = current, Child.ended(child.process.processIdentifier) else { return false }
        unexpectedExits.append(child.process.isRunning ? -1 : child.process.terminationStatus)
        current = nil
        paused = false
        return true
    }

    /// Stops it for good: SIGCONT if stopped, then SIGTERM, and SIGKILL if it is not gone in 20 s.
    func finish() {
        resume()
        guard let child = current else { return }
        let pid = child.process.processIdentifier
        Foundation.kill(pid, SIGTERM)
        if !Child.waitForEnd(of: pid, seconds: 20) {
            Foundation.kill(pid, SIGKILL)
            Child.waitForEnd(of: pid, seconds: 10)
        }
        current = nil
    }

    /// Every line its incarnations printed, in order.
    func lines() -> [String] { incarnations.flatMap(\.lines.all) }

    /// The last lines of standard error of its newest incarnation, for a failure message.
    func lastErrors() -> [String] { Array(incarnations.last?.errors.all.suffix(8) ?? []) }
}
