import BoardModel
import Foundation
import FuzzTargets
import SharedTestSupport
import XCTest

/// `make test`'s short run of every fuzz target (`make fuzz` runs the same targets under
/// libFuzzer for millions of executions): each over its committed seed corpus, over every input
/// that once made it fail (`fuzz/regressions/<target>`, each fixed with this run as its test),
/// and over a few thousand inputs mutated from the seeds by a fixed-seed generator, so a run is
/// the same every time. The methods are synchronous: the hub target waits on its own tasks.
final class FuzzSmokeTests: XCTestCase {
    /// Mutated inputs per target in `make test`.
    static let mutations = 3_000

    func testScanCodes() throws { try smoke("scan-codes") }
    func testScanEvdev() throws { try smoke("scan-evdev") }
    func testScanHID() throws { try smoke("scan-hid") }
    func testScanSerial() throws { try smoke("scan-serial") }
    func testESCPOSStatus() throws { try smoke("escpos-status") }
    func testSyncJSON() throws { try smoke("sync-json") }
    func testSyncEvents() throws { try smoke("sync-events") }
    func testLayoutYAML() throws { try smoke("layout-yaml") }
    func testBoardSettings() throws { try smoke("board-settings") }
    func testHubSettings() throws { try smoke("hub-settings") }
    func testPNG() throws { try smoke("png") }
    func testHubHTTP() throws { try smoke("hub-http") }

    func testEveryTargetHasSeedsAndALibFuzzerExecutable() throws {
        let manifest = try String(contentsOfFile: TestPaths.packageRoot + "/fuzz/Package.swift", encoding: .utf8)
        XCTAssertEqual(FuzzTargets.all.count, 12, "each target has a test method above")
        for target in FuzzTargets.all {
            XCTAssertFalse(try Self.inputs(target.name, in: "corpus").isEmpty, "\(target.name) has seeds")
            XCTAssertTrue(manifest.contains("\"\(target.name)\""), "fuzz/Package.swift builds fuzz-\(target.name)")
        }
    }

    private func smoke(_ name: String) throws {
        let target = try XCTUnwrap(FuzzTargets.named(name))
        let seeds = try Self.inputs(name, in: "corpus")
        XCTAssertFalse(seeds.isEmpty, "fuzz/corpus/\(name) holds seeds")
        for input in seeds + (try Self.inputs(name, in: "regressions")) { target.run(input) }
        var mutator = Mutator(seed: 0x6F70_656E_7370_6163, seeds: seeds)
        for _ in 0..<Self.mutations { target.run(mutator.next()) }
    }

    /// The files of `fuzz/<kind>/<target>`, in name order.
    static func inputs(_ target: String, in kind: String) throws -> [[UInt8]] {
        let folder = TestPaths.packageRoot + "/fuzz/\(kind)/\(target)"
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().filter { !$0.hasPrefix(".") }.map {
            Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))
        }
    }
}

/// libFuzzer's simplest mutations (flip, insert, erase, copy a run, splice two seeds, an
/// interesting value), from a generator with a fixed seed.
struct Mutator {
    private var generator: SeededGenerator
    private let seeds: [[UInt8]]
    private static let interesting: [[UInt8]] = [
        [0], [0xFF], [0x7F], [0x80], Array("\n".utf8), Array("\n\n".utf8), Array(":".utf8), Array("%".utf8),
        Array("{}".utf8), Array("[]".utf8), Array("\"".utf8), Array("-".utf8), Array("/".utf8), [0xC3, 0x28],
        Array("9999999999999999999".utf8), Array("-1".utf8), Array("\u{FEFF}".utf8),
    ]

    init(seed: UInt64, seeds: [[UInt8]]) {
        generator = SeededGenerator(seed: seed)
        self.seeds = seeds.isEmpty ? [[]] : seeds
    }

    private mutating func random() -> UInt64 { generator.next() }

    private mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(random() % UInt64(bound)) }

    mutating func next() -> [UInt8] {
        var input = seeds[below(seeds.count)]
        for _ in 0...below(4) {
            let at = below(input.count + 1)
            switch below(6) {
            case 0 where !input.isEmpty: input[min(at, input.count - 1)] ^= UInt8(1 << below(8))
            case 1: input.insert(UInt8(truncatingIfNeeded: random()), at: at)
            case 2 where !input.isEmpty: input.removeSubrange(at..<min(input.count, at + 1 + below(16)))
            case 3 where !input.isEmpty:
                let start = below(input.count)
                let run = input[start..<min(input.count, start + 1 + below(32))]
                input.insert(contentsOf: run, at: at)
            case 4:
                let other = seeds[below(seeds.count)]
                input = Array(input.prefix(at)) + Array(other.dropFirst(below(other.count + 1)))
            default: input.insert(contentsOf: Self.interesting[below(Self.interesting.count)], at: at)
            }
        }
        return input
    }
}
