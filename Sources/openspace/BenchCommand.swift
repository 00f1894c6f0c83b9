import ArgumentParser
import BoardModel
import BoardService
import BoardStore
import EPaper
import Foundation
import LinuxIO
import Logging
import Printer
import Render
import Scanner
import Settings
import Synchronization

/// `openspace bench`: measures the board's hot paths and prints medians.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure frame rendering, scan-to-frame time, scanner decoding, card printing, the board's memory and the hub.",
        discussion: """
            Figures are medians over repeated runs, on this machine; nothing is asserted. The hub's figures \
            (pushes per second, board-to-board propagation, event-stream listeners) run `openspace hub serve` in \
            a child process; the PostgreSQL figure needs \(HubBench.postgresVariable) set to the URL of an empty \
            database (`make bench` starts a throwaway one).
            """)

    @Option(help: "The conference layout file (YAML).")
    var layout = "deploy/examples/conference.yaml"

    @Option(help: "Repetitions for each timed figure.")
    var runs = 41

    @Flag(help: "Measure only the hub's figures.")
    var hubOnly = false

    @Option(help: "The script that opens the event-stream listeners for the hub's figure (Python 3).")
    var listenerScript = "bench/sse_listeners.py"

    func run() async throws {
        let layout = try ConferenceLayout.load(path: self.layout)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openspace-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        if !hubOnly { try await benchBoard(layout: layout, folder: folder) }
        try await HubBench(
            layoutPath: self.layout, layout: layout, folder: folder + "/hub", listenerScript: listenerScript
        ).run()
    }

    /// The board's figures: rendering, scans, the panel, the scanner, printing and memory.
    private func benchBoard(layout: ConferenceLayout, folder: String) async throws {
        let text = try TextRenderer()
        let renderer = PanelRenderer(text: text)

        let clock = ManualClock(layout.instant(day: layout.days[0].number, at: ClockTime(hour: 8, minute: 0))!)
        let sink = MemoryFrameSink()
        var logger = Logger(label: "openspace.bench")
        logger.logLevel = .warning
        let codes = ScanCodeFormat(hub: "https://os.example.org")
        let board = try Board(
            layout: layout, journal: try BoardJournal(path: folder + "/journal.sqlite"), codes: codes, badges: nil,
            renderer: renderer, sink: sink, clock: clock.clock, logger: logger)

        // Scan to frame: a card scan (prompt, frame), then a slot scan (durable commit, frame).
        var cardScan: [Duration] = []
        var slotScan: [Duration] = []
        let cells = layout.cells(onDay: layout.days[0].number).filter { layout.blockReason(for: $0) == nil }
        for (index, cell) in cells.prefix(runs).enumerated() {
            let card = Card(
                id: CardID(value: UInt32(index + 1)), title: "Session \(index + 1): open source sustainability",
                host: "Host \(index)")
            try await board.register(card)
            cardScan.append(try await timedAsync { _ = try await board.scan(codes.code(for: card.id)) })
            slotScan.append(try await timedAsync { _ = try await board.scan(codes.code(for: cell)) })
        }
        let state = await board.state

        // Full frame: lay out and draw all cells into the packed 1-bit buffer.
        var frames: [Duration] = []
        for _ in 0..<runs { frames.append(timed { _ = renderer.render(state) }) }
        let frame = renderer.render(state)
        var pngs: [Duration] = []
        for _ in 0..<runs { pngs.append(try timed { _ = try PNG.encode(frame) }) }

        print("runs: \(runs) per figure (medians), \(state.grid.placements.count) cards on the panel")
        print("full frame 800x480, render and pack: \(format(median(frames)))  (\(frame.bytes.count) bytes packed)")
        print("frame to PNG (simulated panel only): \(format(median(pngs)))")
        print("scan to frame, card scan (prompt): \(format(median(cardScan)))")
        print("scan to frame, slot scan (durable commit + frame): \(format(median(slotScan)))")
        try await benchPanel(layout: layout, renderer: renderer, folder: folder, codes: codes, logger: logger)
        try await benchScanner(folder: folder, codes: codes, logger: logger)
        try benchPrinting(text: text, codes: codes)
        try await benchScansDuringRefresh(layout: layout, folder: folder, codes: codes)
        print(try demoMemory(folder: folder + "/demo"))
        print(try await steadyBoardMemory(layout: layout, folder: folder + "/steady", codes: codes))
    }

    /// The board as it runs (`BoardRuntime`, the emulated panel at the real panel's pace): how long
    /// a scan takes to be answered while the panel is in the middle of a refresh.
    private func benchScansDuringRefresh(layout: ConferenceLayout, folder: String, codes: ScanCodeFormat) async throws {
        var settings = BoardConfig()
        settings.journalPath = folder + "/runtime.sqlite"
        settings.panel.model = .simulated
        settings.panel.timing = .realistic
        var logger = Logger(label: "openspace.bench")
        logger.logLevel = .warning
        let clock = ManualClock(layout.instant(day: layout.days[0].number, at: ClockTime(hour: 8, minute: 0))!)
        let runtime = try BoardRuntime(settings: settings, layout: layout, clock: clock.clock, logger: logger) { _ in }
        let board = runtime.board
        let cells = layout.days.flatMap { layout.cells(onDay: $0.number) }.filter { layout.blockReason(for: $0) == nil }
        await board.refresh(force: true)
        var answers: [Duration] = []
        for (index, cell) in cells.prefix(max(runs, 100)).enumerated() {
            let card = Card(id: CardID(value: UInt32(9000 + index)), title: "During a refresh \(index + 1)")
            try await board.register(card)
            for code in [codes.code(for: card.id), codes.code(for: cell)] {
                let refreshing = runtime.presenter.isRefreshing
                let start = ContinuousClock.now
                _ = try await board.scan(code)
                let took = ContinuousClock.now - start
                if refreshing && runtime.presenter.isRefreshing { answers.append(took) }
                // A host scans a few codes a second.
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let scans = cells.prefix(max(runs, 100)).count * 2
        _ = await runtime.presenter.settled(timeout: .seconds(60))
        let sorted = answers.sorted()
        let p99 = sorted.isEmpty ? .zero : sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        print(
            "scan to answer while the panel refreshes (\(sorted.count) of \(scans) scans, realistic panel timing): "
                + "median \(format(median(sorted))), p99 \(format(p99)); "
                + "\(runtime.panel.fullRefreshes + runtime.panel.partialRefreshes) refreshes in all, "
                + "the first one full")
        await runtime.presenter.stop(within: .seconds(10))
    }

    /// The board service in a child process, as it runs on a Pi (the emulated panel at the real
    /// panel's pace): its resident memory after a few minutes' worth of scans and refreshes.
    private func steadyBoardMemory(layout: ConferenceLayout, folder: String, codes: ScanCodeFormat) async throws
        -> String
    {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let journalPath = folder + "/journal.sqlite"
        let cells = layout.days.flatMap { layout.cells(onDay: $0.number) }.filter { layout.blockReason(for: $0) == nil }
        let cards = cells.prefix(30).indices.map { Card(id: CardID(value: UInt32(7000 + $0)), title: "Steady \($0)") }
        do {
            let journal = try BoardJournal(path: journalPath)
            for card in cards {
                try journal.commit(.registerCard(card), context: .init(layout: layout, now: Date(), actor: .host))
            }
        }
        let fifo = folder + "/scans"
        guard mkfifo(fifo, 0o600) == 0 else { throw ValidationError("cannot make \(fifo)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = [
            "board", "--simulate", "--panel-timing", "realistic", "--layout", self.layout, "--journal", journalPath,
            "--input", fifo, "--start", "2027-05-14T08:00",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        guard let writer = FileHandle(forWritingAtPath: fifo) else { throw ValidationError("cannot open \(fifo)") }
        for (card, cell) in zip(cards, cells) {
            writer.write(Data("\(codes.code(for: card.id))\n\(codes.code(for: cell))\n".utf8))
            // A placement every half second: the panel refreshes all the while.
            try await Task.sleep(for: .milliseconds(500))
        }
        // Let the last refreshes run, as a board does between hosts.
        try await Task.sleep(for: .seconds(10))
        let memory = MemoryReport.current(process: process.processIdentifier)
        try writer.close()
        process.terminate()
        process.waitUntilExit()
        return "board service in steady running (\(cards.count) placements over 15 s, realistic panel timing), "
            + "resident \(memory.residentKiB / 1024) MB, peak \(memory.peakResidentKiB / 1024) MB"
    }

    /// The panel's side: the real driver with its real pauses, into the controller emulator.
    private func benchPanel(
        layout: ConferenceLayout, renderer: PanelRenderer, folder: String, codes: ScanCodeFormat, logger: Logger
    ) async throws {
        let clock = ManualClock(layout.instant(day: layout.days[0].number, at: ClockTime(hour: 8, minute: 0))!)
        let emulator = UC8179Emulator()
        let spi = FirstWriteClock(emulator.spi)
        let driver = WaveshareV2Driver(
            spi: spi, dc: emulator.dc, reset: emulator.reset, power: emulator.power, busy: emulator.busy)
        let panel = EPaperPanel(driver: driver, now: clock.clock.now)
        let board = try Board(
            layout: layout, journal: try BoardJournal(path: folder + "/panel.sqlite"), codes: codes, badges: nil,
            renderer: renderer, sink: PanelFrameSink(panel: panel), clock: clock.clock, logger: logger)
        await board.refresh(force: true)
        let fullBytes = panel.bytesSent

        var firstByte: [Duration] = []
        var partialBytes: [Int] = []
        var diffs: [Duration] = []
        let cells = layout.cells(onDay: layout.days[0].number).filter { layout.blockReason(for: $0) == nil }
        for (index, cell) in cells.prefix(min(runs, 21)).enumerated() {
            let card = Card(id: CardID(value: UInt32(5000 + index)), title: "Panel \(index + 1)", host: "Host")
            try await board.register(card)
            _ = try await board.scan(codes.code(for: card.id))
            let before = renderer.render(await board.state)
            let bytesBefore = panel.bytesSent
            let fullsBefore = panel.fullRefreshes
            spi.arm()
            let start = ContinuousClock.now
            _ = try await board.scan(codes.code(for: cell))
            if let first = spi.firstWrite { firstByte.append(first - start) }
            // Every tenth update is a full refresh against ghosting; the figure is for partial ones.
            if panel.fullRefreshes == fullsBefore { partialBytes.append(panel.bytesSent - bytesBefore) }
            let after = renderer.render(await board.state)
            diffs.append(timed { _ = RefreshPlanner.changedAreas(from: before, to: after, maximumWindows: 3) })
        }
        let sortedBytes = partialBytes.sorted()
        print("SPI bytes, full update (first frame, both planes): \(fullBytes)")
        print(
            "SPI bytes, one-card change (partial: cell + status line): \(sortedBytes.isEmpty ? 0 : sortedBytes[sortedBytes.count / 2])"
        )
        print("frame diff (changed windows of two 800x480 frames): \(format(median(diffs)))")
        print(
            "scan to first SPI byte of the refresh (commit, render, plan, 42 ms reset pulse): \(format(median(firstByte)))"
        )
    }

    /// The scanner's side: key events of a whole card code written into a FIFO read by the evdev
    /// source, as a wedge scanner's device would deliver them, until the decoded code arrives.
    private func benchScanner(folder: String, codes: ScanCodeFormat, logger: Logger) async throws {
        let fifo = folder + "/scanner"
        guard mkfifo(fifo, 0o600) == 0 else { throw ValidationError("cannot make \(fifo)") }
        var quiet = logger
        quiet.logLevel = .error  // the FIFO's end when the bench closes it is not news
        let source = EvdevScannerSource(match: .path(fifo), logger: quiet)
        var events = source.events().makeAsyncIterator()
        defer { source.stop() }
        guard case .connected = await events.next() else { throw ValidationError("the scanner FIFO did not open") }
        var writer: Int32 = -1
        for _ in 0..<500 where writer < 0 {
            writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer < 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        guard writer >= 0 else { throw ValidationError("the scanner source never opened \(fifo)") }
        defer { close(writer) }
        var decoded: [Duration] = []
        let code = codes.code(for: CardID(value: 0x2A2A_2A2A)) + "\n"
        let keyInterval = Duration.milliseconds(1)
        for _ in 0..<runs {
            // Stamped as if typed up to now, one key event every millisecond, as a fast scanner does.
            let keyEvents = code.count * 3
            guard let bytes = EvdevTypist.typing(code, from: EvdevTypist.now() - keyInterval * keyEvents) else {
                throw ValidationError("the bench code has a character no US key types")
            }
            let start = ContinuousClock.now
            guard bytes.withUnsafeBytes({ write(writer, $0.baseAddress, $0.count) }) == bytes.count else {
                throw ValidationError("short write into \(fifo)")
            }
            while let event = await events.next() {
                if case .scan = event { break }
            }
            decoded.append(ContinuousClock.now - start)
        }
        print(
            "scan keystrokes to decoded code (\(code.count) characters through evdev, Enter to code): "
                + format(median(decoded)))
    }

    /// The printer's side: a topic card and a blank card laid out, drawn and encoded as ESC/POS.
    private func benchPrinting(text: TextRenderer, codes: ScanCodeFormat) throws {
        let card = Card(
            id: CardID(value: 0x1234), title: "Open source sustainability: who pays for the commons? 開放空間",
            host: "Priya Natarajan", contact: "@priya@example.social", summary: "Funding, burnout and foundations.")
        for profile in PrinterProfile.all {
            let renderer = PrintJobRenderer(profile: profile, renderer: text, codes: codes)
            let topic = PrintJobTicket(id: 1, kind: .card, card: card)
            let blank = PrintJobTicket(id: 2, kind: .blankCard, card: card)
            var cards: [Duration] = []
            var blanks: [Duration] = []
            for _ in 0..<runs {
                cards.append(try timed { _ = try renderer.bytes(for: topic) })
                blanks.append(try timed { _ = try renderer.bytes(for: blank) })
            }
            let bytes = try renderer.bytes(for: topic).count
            print(
                "card render and ESC/POS encode, \(profile.name): \(format(median(cards))) (\(bytes) bytes); "
                    + "blank card: \(format(median(blanks)))")
        }
    }

    /// Runs the demo in a child process, so its figure is the board's alone, not the benchmark's.
    private func demoMemory(folder: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["demo", "--quiet", "--report-memory", "--layout", layout, "--output", folder]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let line = output.split(separator: "\n").first { $0.hasPrefix("memory:") } ?? "memory: not reported"
        return "simulated board after the demo, \(line.dropFirst("memory: ".count))"
    }

    private func timed(_ body: () throws -> Void) rethrows -> Duration {
        let start = ContinuousClock.now
        try body()
        return ContinuousClock.now - start
    }

    private func timedAsync(_ body: () async throws -> Void) async rethrows -> Duration {
        let start = ContinuousClock.now
        try await body()
        return ContinuousClock.now - start
    }

    private func median(_ values: [Duration]) -> Duration {
        let sorted = values.sorted()
        return sorted.isEmpty ? .zero : sorted[sorted.count / 2]
    }

    private func format(_ duration: Duration) -> String {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.2f ms", milliseconds)
    }
}

/// Keeps the last frame in memory, so benchmarks time the board and not PNG files.
final class MemoryFrameSink: FrameSink {
    private let last = Mutex<Bitmap?>(nil)

    func show(_ frame: Bitmap, fullRefresh: Bool) throws { last.withLock { $0 = frame } }
}

/// Passes writes through and notes when the first one after `arm()` happened.
final class FirstWriteClock: SPIDevice {
    private let device: any SPIDevice
    private let first = Mutex<ContinuousClock.Instant?>(nil)
    private let armed = Mutex(false)

    init(_ device: any SPIDevice) { self.device = device }

    func arm() {
        armed.withLock { $0 = true }
        first.withLock { $0 = nil }
    }

    var firstWrite: ContinuousClock.Instant? { first.withLock { $0 } }

    func write(_ bytes: [UInt8]) throws {
        if armed.withLock({
            let was = $0
            $0 = false
            return was
        }) {
            first.withLock { $0 = .now }
        }
        try device.write(bytes)
    }
}
