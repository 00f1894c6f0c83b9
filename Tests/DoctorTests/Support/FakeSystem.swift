import BoardService
import Doctor
import Foundation
import LinuxIO
import Printer
import Scanner
import Settings
import Sync
import Synchronization
import XCTest

/// A fake system root in a temporary folder: files written where the doctor looks for /dev,
/// /sys, /proc, /boot and /etc.
final class FakeTree {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("doctor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    var root: SystemRoot { SystemRoot(path) }

    /// Writes `text` at `file` (a path as the board names it) under the tree.
    func write(_ file: String, _ text: String = "") throws {
        let full = path + file
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    func folder(_ folder: String) throws {
        try FileManager.default.createDirectory(atPath: path + folder, withIntermediateDirectories: true)
    }

    /// A Raspberry Pi 4 with bookworm's boot folder holding `config`.
    func raspberryPi(config: String = "[all]\n") throws {
        try write("/proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.5\0")
        try write("/boot/firmware/config.txt", config)
        try write("/boot/firmware/cmdline.txt", "console=serial0,115200 root=PARTUUID=1234-02 rootwait\n")
    }
}

/// GPIO chips and their lines, as a test sets them.
struct FakeGPIO: GPIOInspecting {
    var listed: [ChipListing] = [ChipListing(path: "/dev/gpiochip0", label: "pinctrl-bcm2711", lineCount: 58)]
    /// Lines in use, with their consumer.
    var held: [Int: String] = [:]

    func chips() -> [ChipListing] { listed }

    func lines(ofChipAt path: String) throws -> [GPIOLineInfo] {
        guard let chip = listed.first(where: { $0.path == path }), let count = chip.lineCount else {
            throw TestFailure("no chip at \(path)")
        }
        return (0..<count).map { offset in
            GPIOLineInfo(offset: offset, name: "GPIO\(offset)", used: held[offset] != nil, consumer: held[offset])
        }
    }
}

struct FakeScanners: ScannerAccess {
    var outcome: ScannerProbeOutcome

    func probe(_ selection: ScannerSelection) -> ScannerProbeOutcome { outcome }
}

/// A scanner source that connects and then reports the given events.
final class FakeScannerSource: ScannerSource {
    let scripted: [ScannerEvent]
    let stopped = Atomic<Bool>(false)

    init(_ events: [ScannerEvent]) {
        scripted = events
    }

    func events() -> AsyncStream<ScannerEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ScannerEvent.self)
        for event in scripted { continuation.yield(event) }
        // Left open, as a real scanner's stream stays open until it is stopped.
        continuation.onTermination = { _ in }
        return stream
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    func isResponsive(longest: Duration) -> Bool { true }
}

/// A printer answering each `DLE EOT n` with the byte the test gives (none: no reply).
final class FakePrinter: PrinterTransport {
    let name = "USB 0416:5011 (bus 1 address 4)"
    let replies: [UInt8: UInt8]

    init(replies: [UInt8: UInt8]) {
        self.replies = replies
    }

    func write(_ bytes: [UInt8]) throws {}

    func readStatus(_ request: [UInt8], replyLength: Int, timeout: Duration) throws -> [UInt8] {
        guard let n = request.last, let byte = replies[n] else { return [] }
        return [byte]
    }
}

struct FakeHub: HubProbing {
    var answer: HubAnswer?
    var failure: String = "connection refused"
    /// The trust a check asked with, and a refusal of the hub's certificate to answer with.
    var untrusted: HubTrustFailure?

    func get(_ url: String, token: String?, timeout: Duration, trust: HubTrust) async throws -> HubAnswer {
        if let untrusted { throw untrusted }
        guard let answer else { throw TestFailure(failure) }
        return answer
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// 2027-05-14 09:30 UTC, a conference morning.
let conferenceMorning = Date(timeIntervalSince1970: 1_810_287_000)

let rootUser = UserIdentity(name: "root", uid: 0, groups: [0])
let piUser = UserIdentity(name: "pi", uid: 1000, groups: [1000])

extension DoctorEnvironment {
    /// A healthy system on `tree`: everything readable, plenty of disk, the clock on a conference
    /// morning; each test changes what it is about.
    static func fake(_ tree: FakeTree, user: UserIdentity = rootUser) -> DoctorEnvironment {
        DoctorEnvironment(
            root: tree.root, now: { conferenceMorning }, user: user, accounts: UserAccounts(root: tree.root),
            access: { _, _ in true }, ownership: { _ in FileOwnership(uid: 0, gid: 0, mode: 0o660) },
            freeSpace: { _ in 2 << 30 }, gpio: FakeGPIO(), scanners: FakeScanners(outcome: .taken("scanner")),
            scannerSource: { _ in FakeScannerSource([]) },
            openPrinter: { _ in FakePrinter(replies: [1: 0x12, 4: 0x12]) },
            hub: FakeHub(answer: HubAnswer(status: 200, date: conferenceMorning)), say: { _ in })
    }
}

/// The example board.yaml's settings (deploy/examples/board.yaml), with the repository's layout.
func exampleConfig(_ overrides: [(key: String, value: String?, option: String)] = []) throws -> BoardConfig {
    try BoardConfig.load(
        file: repository + "/deploy/examples/board.yaml",
        options: [
            ("board.layout", repository + "/deploy/examples/conference.yaml", "--layout"),
            ("board.journal", "/var/lib/openspace/board/journal.sqlite", "--journal"),
        ] + overrides, environment: [:])
}

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// The one finding titled `title`, failing the test when there is not exactly one.
func finding(
    _ title: String, in results: [CheckResult], file: StaticString = #filePath, line: UInt = #line
) throws -> CheckResult {
    let found = results.filter { $0.title == title }
    guard found.count == 1, let result = found.first else {
        XCTFail("expected one \(title) finding in:\n\(DoctorReport(results).text)", file: file, line: line)
        throw TestFailure("no single \(title) finding")
    }
    return result
}
