import ArgumentParser
import BoardModel
import BoardService
import BoardStore
import EPaper
import Foundation
import Hub
import Logging
import Render
import Sync

/// `openspace demo`: a scripted conference morning through a simulated board.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Play a scripted conference morning through a simulated board and write its frames.")

    @Option(help: "The conference layout file (YAML).")
    var layout = "deploy/examples/conference.yaml"

    @Option(help: "The folder for the demo's journal and frames (emptied first).")
    var output = "out/demo"

    @Option(help: "The hub's address; printed codes start with it.")
    var hub = "https://os.example.org"

    @Flag(
        help: """
            Also run the hub (SQLite, in the output folder) with its web grid, sync the board to it, and \
            keep reading scans typed here after the scripted morning.
            """)
    var live = false

    @Option(help: "With --live: the port the hub's web pages listen on (on 127.0.0.1).")
    var port = 8080

    @Flag(help: "Print only the summary.")
    var quiet = false

    @Flag(help: "Print the process's resident memory at the end (used by make bench).")
    var reportMemory = false

    func run() async throws {
        let layout: ConferenceLayout
        do {
            layout = try ConferenceLayout.load(path: self.layout)
        } catch {
            throw ValidationError("the conference layout is not usable: \(error)")
        }
        let fileManager = FileManager.default
        try? fileManager.removeItem(atPath: output)
        try fileManager.createDirectory(atPath: output, withIntermediateDirectories: true)
        let codes = ScanCodeFormat(hub: hub)
        let issuer = BadgeIssuer()
        let badge = try issuer.issue(staffID: "ANNA", validThrough: layout.days.last!.date, hub: codes.hub)
        let script = DemoMorning(layout: layout, codes: codes, badge: badge)

        let firstDay = layout.days[0].number
        let clock = ManualClock(layout.instant(day: firstDay, at: ClockTime(hour: 9, minute: 0))!)
        let record = try PNGFrameSink(directory: (output as NSString).appendingPathComponent("frames"))
        // The demo's panel is the controller emulator, driven by the real panel driver.
        let emulator = UC8179Emulator()
        let panel = EPaperPanel(driver: PanelWiring.simulated(emulator), now: clock.clock.now)
        let sink = PanelFrameSink(panel: panel, shown: { emulator.displayedFrame() }, record: record)
        var logger = Logger(label: "openspace.demo")
        logger.logLevel = .warning
        let board = try Board(
            layout: layout,
            journal: try BoardJournal(path: (output as NSString).appendingPathComponent("journal.sqlite")),
            codes: codes, badges: issuer.verifier, renderer: PanelRenderer(text: try TextRenderer()), sink: sink,
            clock: clock.clock, logger: logger)
        let live =
            try await self.live
            ? LiveHub.start(layout: layout, codes: codes, port: port, clock: clock, board: board) : nil
        defer { live?.stop() }
        for card in script.cards { try await board.register(card) }
        try await board.refresh(force: true)
        say("\(layout.eventName): a simulated board, frames in \(record.directory)")

        var framesBefore = record.frameCount
        for event in script.events {
            switch event {
            case .at(let time):
                clock.set(layout.instant(day: firstDay, at: time)!)
                for note in try await board.tick() { say("         \(note)") }
            case .wait(let seconds):
                clock.advance(by: TimeInterval(seconds))
                for note in try await board.tick() { say("         \(note)") }
            case .scan(let text, let note):
                clock.advance(by: 3)
                let time = layout.clockTime(at: clock.clock.now())
                say("\(time)  # \(note)\n         scan \(text)")
                let feedback = try await board.scan(text)
                say("         \(feedback)")
            }
            if record.frameCount > framesBefore {
                say("         frame \(record.path(ofFrame: record.frameCount))")
                framesBefore = record.frameCount
            }
        }
        print("demo done: \(record.frameCount) frames in \(record.directory); the last one is \(record.latestPath)")
        print(
            "panel: \(panel.fullRefreshes) full and \(panel.partialRefreshes) partial refreshes, \(panel.bytesSent) bytes over SPI"
        )
        if reportMemory { print(MemoryReport.current().description) }
        guard let live else {
            print("try it yourself: see README.md, 'Scan your own codes'")
            return
        }
        try await live.readScans(board: board, codes: codes, layout: layout, cards: script.cards, clock: clock)
    }

    private func say(_ text: String) {
        if !quiet { print(text) }
    }
}
