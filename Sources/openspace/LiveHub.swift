import BoardModel
import BoardService
import Foundation
import Hub
import Logging
import Sync

/// `openspace demo --live`: the hub in this process, the simulated board synced to it over
/// HTTP on loopback, and scans typed at the terminal, so a new user sees the web grid change.
struct LiveHub {
    let address: String
    private let tasks: [Task<Void, Never>]

    static func start(
        layout: ConferenceLayout, codes: ScanCodeFormat, port: Int, clock: ManualClock, board: Board
    ) async throws -> LiveHub {
        var logger = Logger(label: "openspace.hub")
        logger.logLevel = .warning
        let folder = (board.journal.path as NSString).deletingLastPathComponent
        let hub = Hub(
            store: try SQLiteHubStore(path: (folder as NSString).appendingPathComponent("hub.sqlite")),
            settings: HubSettings(layout: layout, codes: codes), logger: logger, clock: { clock.clock.now() })
        let (ports, bound) = AsyncStream.makeStream(of: Int?.self)
        let app = HubServer.application(hub: hub, host: "127.0.0.1", port: port, logger: logger) { bound.yield($0) }
        let server = Task {
            do {
                try await app.run()
            } catch {
                Console.line("the hub stopped: \(error) (is port \(port) taken? pass --port)")
            }
            bound.yield(nil)
        }
        var iterator = ports.makeAsyncIterator()
        guard let boundPort = await iterator.next() ?? nil else {
            throw HubError.invalid("the hub could not listen on 127.0.0.1:\(port): pass another --port")
        }
        let address = "http://127.0.0.1:\(boundPort)"
        let code = try await hub.addBoard(id: "demo", name: "The demo board")
        let token = try await HubConnection(base: address, token: nil).enrol(code: code).token
        var syncLogger = Logger(label: "openspace.sync")
        syncLogger.logLevel = .error
        let client = SyncClient(
            connection: HubConnection(base: address, token: token), journal: board.journal, layout: layout,
            settings: .init(pullInterval: .seconds(5)), clock: { clock.clock.now() }, logger: syncLogger,
            onReport: { report in
                try? await board.synced(grid: report.grid, online: report.online, notes: [], problem: report.problem)
            })
        await board.link { client.nudge() }
        let sync = Task { await client.run() }
        return LiveHub(address: address, tasks: [server, sync])
    }

    func stop() {
        for task in tasks { task.cancel() }
    }

    /// After the script: the clock runs in real time and every typed line is a scan.
    func readScans(
        board: Board, codes: ScanCodeFormat, layout: ConferenceLayout, cards: [Card], clock: ManualClock
    ) async throws {
        Console.line("")
        Console.line("web grid: \(address)/   (big screen: \(address)/kiosk, a card: \(address)/C/\(cards[0].id.text))")
        Console.line("type a scan and press Enter, for example a card, then a slot:")
        let grid = await board.grid
        let context = Grid.Context(layout: layout, now: clock.clock.now(), actor: .host)
        if let card = cards.first(where: { grid.placements[$0.id] == nil }),
            let cell = layout.days.flatMap({ layout.cells(onDay: $0.number) }).first(where: {
                grid.occupants[$0] == nil && grid.openingProblem($0, in: context) == nil
            })
        {
            Console.line("  \(codes.code(for: card.id))")
            Console.line("  \(codes.code(for: cell))")
        }
        Console.line("and watch the web grid change. Ctrl-D or Ctrl-C ends.")
        for await line in ScanLines.stream(path: nil) {
            Console.line(try await board.scan(line).description)
        }
    }
}
