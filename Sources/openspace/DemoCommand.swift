import ArgumentParser
import BoardModel
import BoardService
import Foundation
import Hub
import Logging
import Settings

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

    @Option(
        help: """
            The simulated panel's speed: realistic (the real panel's refresh times: the script's scans come \
            faster than the panel refreshes, as a busy board's do, and it shows the newest state) or instant \
            (every step's frame is shown and written).
            """)
    var panelTiming = "realistic"

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
        let folder = output as NSString
        var settings = try BoardConfig.load(
            file: nil,
            options: [
                ("panel.model", "simulated", "demo"), ("panel.timing", panelTiming, "--panel-timing"),
                ("panel.frames", folder.appendingPathComponent("frames"), "--output"),
                ("board.journal", folder.appendingPathComponent("journal.sqlite"), "--output"),
                ("board.layout", self.layout, "--layout"), ("hub.public_url", hub, "--hub"),
                ("board.badge_key", issuer.publicKeyText, "demo"),
            ], environment: [:])
        let live =
            try await self.live
            ? LiveHub.start(layout: layout, codes: codes, port: port, clock: clock, folder: output) : nil
        defer { live?.stop() }
        if let live {
            settings.hub = .init(url: live.address, enrolCode: live.enrolCode)
            settings.hub?.tokenFile = folder.appendingPathComponent("hub-token")
            settings.hub?.pullInterval = 5
        }
        var logger = Logger(label: "openspace.demo")
        logger.logLevel = .warning
        // The demo's panel is the controller emulator, driven by the real panel driver.
        // The scripted morning prints its own lines; what the board says matters once scans are typed.
        let output: @Sendable (String) -> Void
        if live == nil { output = { _ in } } else { output = Console.line }
        let runtime = try BoardRuntime(
            settings: settings, layout: layout, clock: clock.clock, logger: logger, say: output)
        let board = runtime.board
        let record = runtime.frames!
        let watchEachFrame = settings.panel.timing == .instant
        for card in script.cards { try await board.register(card) }
        await board.refresh(force: true)
        say("\(layout.eventName): a simulated board, frames in \(record.directory)")
        if !watchEachFrame {
            say("(the panel refreshes at the real panel's pace; the script's scans come faster, so it shows the newest")
            say(" state as soon as it can: --panel-timing instant shows and writes every step's frame)")
        }

        var framesBefore = record.frameCount
        for event in script.events {
            switch event {
            case .at(let time):
                clock.set(layout.instant(day: firstDay, at: time)!)
                for note in await board.tick() { say("         \(note)") }
            case .wait(let seconds):
                clock.advance(by: TimeInterval(seconds))
                for note in await board.tick() { say("         \(note)") }
            case .scan(let text, let note):
                clock.advance(by: 3)
                let time = layout.clockTime(at: clock.clock.now())
                say("\(time)  # \(note)\n         scan \(text)")
                let feedback = try await board.scan(text)
                say("         \(feedback)")
            }
            if watchEachFrame { _ = await runtime.presenter.settled(timeout: .seconds(30)) }
            if record.frameCount > framesBefore {
                say("         frame \(record.path(ofFrame: record.frameCount))")
                framesBefore = record.frameCount
            }
        }
        _ = await runtime.presenter.settled(timeout: .seconds(60))
        let panel = runtime.panel
        print("demo done: \(record.frameCount) frames in \(record.directory); the last one is \(record.latestPath)")
        print(
            "panel: \(panel.fullRefreshes) full and \(panel.partialRefreshes) partial refreshes, \(panel.bytesSent) bytes over SPI, "
                + "\(runtime.presenter.superseded) frames replaced by newer ones before the panel was free"
        )
        if reportMemory { print(MemoryReport.current().description) }
        guard let live else {
            await runtime.presenter.stop(within: .seconds(10))
            print("try it yourself: see README.md, 'Scan your own codes'")
            return
        }
        try await live.introduce(board: board, codes: codes, layout: layout, cards: script.cards, clock: clock)
        try await runtime.run(input: .lines(path: nil), bootScreen: false)
    }

    private func say(_ text: String) {
        if !quiet { print(text) }
    }
}
