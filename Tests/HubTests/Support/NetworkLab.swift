import Foundation
import Synchronization

/// Network namespaces joined by veth pairs, for tests that run the hub and boards as separate
/// machines and pull their cables. Every namespace made here is deleted by `tearDown`, which
/// also removes the veth ends inside it.
final class NetworkLab: Sendable {
    /// A short random tag, so namespaces and links of two runs never collide.
    let tag = String(UInt16.random(in: 0x1000...0xFFFF), radix: 16)
    private let made = Mutex<[String]>([])

    /// Fails with the reason when the test cannot make namespaces here.
    static func requireRoot() throws {
        guard getuid() == 0 else {
            throw TestSetupFailure("network namespaces need root: run `make test` as root")
        }
    }

    /// Makes a namespace with its loopback up; the name gets this lab's tag.
    func namespace(_ name: String) async throws -> String {
        let full = "\(name)\(tag)"
        try await Self.ip(["netns", "add", full])
        made.withLock { $0.append(full) }
        try await Self.ip(["-n", full, "link", "set", "lo", "up"])
        return full
    }

    /// A veth pair between two namespaces (nil is the test's own), each end with its address
    /// (`10.1.2.3/24`) and up.
    func link(
        _ first: (namespace: String?, device: String, address: String),
        _ second: (namespace: String?, device: String, address: String)
    ) async throws {
        try await Self.ip(["link", "add", first.device, "type", "veth", "peer", "name", second.device])
        for end in [first, second] {
            if let namespace = end.namespace { try await Self.ip(["link", "set", end.device, "netns", namespace]) }
            let prefix = end.namespace.map { ["-n", $0] } ?? []
            try await Self.ip(prefix + ["addr", "add", end.address, "dev", end.device])
            try await Self.ip(prefix + ["link", "set", end.device, "up"])
        }
    }

    /// Takes a device in a namespace down (the cable is pulled) or up again.
    func setLink(_ device: String, in namespace: String, up: Bool) async throws {
        try await Self.ip(["-n", namespace, "link", "set", device, up ? "up" : "down"])
    }

    /// A random subnet of 10.0.0.0/8 for this lab: `10.a.b`.
    func subnet(_ index: Int) -> String {
        let value = Int(tag, radix: 16) ?? 0
        return "10.\(200 + (value + index) % 50).\((value >> 4 + index * 7) % 250)"
    }

    func tearDown() {
        for namespace in made.withLock({ $0 }) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
            process.arguments = ["netns", "delete", namespace]
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
        }
        made.withLock { $0 = [] }
    }

    @discardableResult
    static func ip(_ arguments: [String]) async throws -> String {
        try await Tool.run("/usr/sbin/ip", arguments)
    }
}

/// Runs a system tool to its end without holding a thread of the test's concurrency pool.
enum Tool {
    /// Runs `path` with `arguments`; returns its standard output, or throws with its standard
    /// error when it fails.
    @discardableResult
    static func run(_ path: String, _ arguments: [String], input: String? = nil) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let feed = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : feed
        try process.run()
        if let input {
            feed.fileHandleForWriting.write(Data(input.utf8))
            try? feed.fileHandleForWriting.close()
        }
        let status = try await Child.exitStatus(of: process)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else {
            throw TestSetupFailure("\(path) \(arguments.joined(separator: " ")) failed (\(status)): \(complaint)")
        }
        return printed
    }
}

/// The end of a child process, seen without relying on Foundation alone: its Process can miss a
/// child that ends at once (it then never reaps it, never calls `terminationHandler`, and
/// `waitUntilExit` waits for ever), so /proc says whether the child has ended.
enum Child {
    /// Whether a child has ended: gone, or a zombie.
    static func ended(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let name = stat.lastIndex(of: ")"), stat.distance(from: name, to: stat.endIndex) > 2
        else { return true }
        let state = stat[stat.index(name, offsetBy: 2)]
        return state == "Z" || state == "X"
    }

    /// Waits up to `seconds` for a child to end; returns whether it did.
    @discardableResult
    static func waitForEnd(of pid: pid_t, seconds: Double) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while !ended(pid) {
            guard Date() < end else { return false }
            usleep(5_000)
        }
        return true
    }

    /// Waits for a started process to end and returns its exit status (128 + the signal when a
    /// signal ended it). A zombie that Foundation has left for half a second is reaped here.
    static func exitStatus(of process: Process) async throws -> Int32 {
        let pid = process.processIdentifier
        var zombieSince: ContinuousClock.Instant?
        while true {
            if !process.isRunning { return process.terminationStatus }
            if ended(pid) {
                let now = ContinuousClock.now
                if let since = zombieSince, now - since > .milliseconds(500) {
                    var raw: Int32 = 0
                    if waitpid(pid, &raw, WNOHANG) == pid {
                        let signal = raw & 0x7F
                        return signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
                    }
                } else if zombieSince == nil {
                    zombieSince = now
                }
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}
