import BoardModel
import Foundation
import XCTest

/// Power cuts in the x86 rig: the board's journal is on the guest's own ext4 disk (a virtio block
/// device backed by a file here), the VM is killed with SIGKILL at a random moment while the board
/// acknowledges scans, and booted again (hardware/rig/guest/power-cut-job.sh). After every boot the
/// guest prints its journal's outbox (the board syncs with no hub here, so the outbox holds every
/// change it ever committed); every scan the board acknowledged before a cut must be in it, in
/// order, and nothing seen after one boot may be missing after the next.
///
/// `make test` makes 3 cuts; `make power-cuts` makes `OPENSPACE_POWER_CUTS` (50). Each run prints
/// its seed; `OPENSPACE_POWER_CUT_SEED` replays when the cuts fall.
final class PowerCutTests: XCTestCase {
    private static func setting(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func testEveryAcknowledgedScanSurvivesPowerCutsOnTheGuestsOwnDisk() throws {
        let cuts = Self.setting("OPENSPACE_POWER_CUTS").flatMap(Int.init) ?? 3
        let seed =
            Self.setting("OPENSPACE_POWER_CUT_SEED").flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64(UInt32.max))
        print("power cuts: \(cuts) cuts, seed \(seed) (OPENSPACE_POWER_CUT_SEED=\(seed) replays when they fall)")
        if let failure = Rig.built { return XCTFail(failure) }
        let layout = try ConferenceLayout.load(path: Rig.repo + "/deploy/examples/conference.yaml")
        let folder = Rig.directory + "/power-cut"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let disk = folder + "/disk.img"
        let format = Rig.run(["sh", "-c", "truncate -s 64M \(disk) && mkfs.ext4 -q -F \(disk)"], limit: 60)
        XCTAssertTrue(format.succeeded, format.output)
        try FileManager.default.createDirectory(atPath: Rig.shared, withIntermediateDirectories: true)
        try Rig.binary.write(toFile: Rig.shared + "/openspace-bin", atomically: true, encoding: .utf8)

        var random = SeededGenerator(seed: seed)
        var acknowledged: [String] = []
        var lastOutbox: [String] = []
        var unacknowledged = 0
        for boot in 0...cuts {
            let vm = try PowerCutVM(disk: disk, boot: boot)
            defer { vm.kill() }
            let state = try vm.journalState(seconds: 600)
            XCTAssertEqual(state.integrity, "ok", "boot \(boot): the journal is sound")
            let messages = try state.outbox.compactMap {
                try Self.acknowledgement(of: $0, outbox: state.outbox, layout: layout)
            }
            XCTAssertEqual(
                Array(state.outbox.prefix(lastOutbox.count)), lastOutbox,
                "boot \(boot): what the journal held at the last boot is all still there")
            // Every acknowledged scan, in order; between them only what the board committed just
            // before a cut without its answer reaching the console.
            var rest = messages[...]
            for (index, said) in acknowledged.enumerated() {
                guard let found = rest.firstIndex(of: said) else {
                    return XCTFail(
                        "seed \(seed), boot \(boot): acknowledged scan \(index + 1) of \(acknowledged.count) is missing: \(said)\n"
                            + "journal: \(messages.suffix(10))")
                }
                rest = rest[(found + 1)...]
            }
            unacknowledged = messages.count - acknowledged.count
            lastOutbox = state.outbox
            if boot == cuts { break }

            // The cut falls while the board is answering scans.
            let answers = try vm.waitForAnswers(seconds: 300)
            // When the cut falls after the board's first answer: 0.2 to 3 s, from the seed.
            Thread.sleep(forTimeInterval: Double.random(in: 0.2...3, using: &random))
            vm.kill()
            let said = vm.lines.filter { $0.hasPrefix("accepted: ") }
            acknowledged += said
            print(
                "power cuts: boot \(boot) acknowledged \(said.count) scans (\(answers) before the timer), then the power went"
            )
        }
        XCTAssertGreaterThan(acknowledged.count, cuts, "scans were acknowledged between the cuts")
        print(
            "power cuts: \(cuts) cuts, \(acknowledged.count) acknowledged scans all kept, "
                + "\(unacknowledged) committed without their answer reaching the console")
    }

    /// The answer the board printed for an outbox entry (`accepted: Placed "Cut 01" in Room 101, Fri 10:00`),
    /// or nil for one that answers no scan (a card registered by `card add`).
    static func acknowledgement(of entry: String, outbox: [String], layout: ConferenceLayout) throws -> String? {
        let mutation = try JSONDecoder().decode(Mutation.self, from: Data(entry.utf8))
        func title(_ id: CardID) throws -> String {
            for other in outbox {
                if case .registerCard(let card) = try JSONDecoder().decode(Mutation.self, from: Data(other.utf8)),
                    card.id == id
                {
                    return card.displayTitle
                }
            }
            return id.text
        }
        switch mutation {
        case .place(let id, let cell): return "accepted: Placed \"\(try title(id))\" in \(layout.describe(cell))"
        case .move(let id, let cell): return "accepted: Moved \"\(try title(id))\" to \(layout.describe(cell))"
        default: return nil
        }
    }
}

/// One boot of the x86 rig running the power-cut job, with the journal's disk attached.
private final class PowerCutVM {
    private let process = Process()
    /// The serial console, written to a file as the other rig jobs' is (qemu's stdio chardev on a
    /// pipe stalled the guest's boot here).
    private let console: String

    init(disk: String, boot: Int) throws {
        let kernel = try String(contentsOfFile: Rig.directory + "/kver", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        process.executableURL = URL(fileURLWithPath: Rig.repo + "/hardware/rig/vm/run.sh")
        process.arguments = [Rig.repo + "/hardware/rig/guest/power-cut-job.sh"]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "RIG": Rig.directory, "KVER": kernel,
            "EXTRA_QEMU": "-drive file=\(disk),if=virtio,format=raw,cache=writeback",
        ]) { $1 }
        console = (disk as NSString).deletingLastPathComponent + "/console-\(boot).log"
        _ = FileManager.default.createFile(atPath: console, contents: nil)
        let output = try FileHandle(forWritingAtPath: console) ?? { throw PowerCutFailure("cannot write \(console)") }()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try output.close()
    }

    /// The console's complete lines so far, without the serial line's carriage returns.
    var lines: [String] {
        // The firmware's screen codes are not all UTF-8: decoded leniently.
        let text = String(decoding: FileManager.default.contents(atPath: console) ?? Data(), as: UTF8.self)
        // "\r\n" is one Character in Swift: the carriage returns go first.
        var lines = text.replacingOccurrences(of: "\r", with: "").split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map(String.init)
        lines.removeLast()  // what follows the last newline is not a whole line yet
        return lines
    }

    /// Waits up to `seconds` for a line passing `test`.
    private func wait(seconds: Double, for test: (String) -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if lines.contains(where: test) { return true }
            guard process.isRunning else { return lines.contains(where: test) }
            usleep(50_000)
        }
        return false
    }

    /// What the job printed of the journal before starting the board.
    func journalState(seconds: Double) throws -> (integrity: String, outbox: [String]) {
        guard wait(seconds: seconds, for: { $0.hasPrefix("POWERCUT READY") || $0.hasPrefix("POWERCUT FAILED") })
        else { throw PowerCutFailure("the guest never got ready:\n\(lines.suffix(30).joined(separator: "\n"))") }
        let lines = lines
        if let failed = lines.first(where: { $0.hasPrefix("POWERCUT FAILED") }) {
            throw PowerCutFailure("\(failed)\n\(lines.suffix(30).joined(separator: "\n"))")
        }
        let integrity =
            lines.first { $0.hasPrefix("POWERCUT INTEGRITY ") }
            .map { String($0.dropFirst("POWERCUT INTEGRITY ".count)).trimmingCharacters(in: .whitespaces) } ?? ""
        let outbox = lines.filter { $0.hasPrefix("POWERCUT OUTBOX ") }.map { line in
            // "POWERCUT OUTBOX <id> <mutation JSON>"
            String(line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).last ?? "")
        }
        return (integrity, outbox)
    }

    /// Waits for the board's first answer of this boot; returns how many there are by then.
    func waitForAnswers(seconds: Double) throws -> Int {
        guard wait(seconds: seconds, for: { $0.hasPrefix("accepted: ") || $0.hasPrefix("POWERCUT FAILED") }),
            !lines.contains(where: { $0.hasPrefix("POWERCUT FAILED") })
        else { throw PowerCutFailure("the board answered no scan:\n\(lines.suffix(30).joined(separator: "\n"))") }
        return lines.filter { $0.hasPrefix("accepted: ") }.count
    }

    /// SIGKILL to qemu: the guest stops between two instructions, as at a power cut.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// The campaign could not go on (the guest did not boot, the board answered nothing), with the
/// console's last lines.
private struct PowerCutFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
