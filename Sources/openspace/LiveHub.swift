import BoardModel
import BoardService
import Foundation
import Hub
import Logging

/// `openspace demo --live`: the hub in this process, with its web grid, for the simulated board
/// to enrol with and sync to over HTTP on loopback, so a new user sees the web grid change.
struct LiveHub {
    let address: String
    /// The demo board's one-time enrolment code.
    let enrolCode: String
    private let server: Task<Void, Never>

    /// Starts the hub with its database in `folder`.
    static func start(
        layout: ConferenceLayout, codes: ScanCodeFormat, port: Int, clock: ManualClock, folder: String
    ) async throws -> LiveHub {
        var logger = Logger(label: "openspace.hub")
        logger.logLevel = .warning
        let hub = Hub(
            store: try SQLiteHubStore(path: (folder as NSString).appendingPathComponent("hub.sqlite")),
            settings: HubSettings(layout: layout, codes: codes), logger: logger, clock: { clock.clock.now() })
        let (ports, bound) = AsyncStream.makeStream(of: Int?.self)
        let app = try HubServer.application(hub: hub, host: "127.0.0.1", port: port, logger: logger) {
            bound.yield($0)
        }
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
        let code = try await hub.addBoard(id: "demo", name: "The demo board")
        return LiveHub(address: "http://127.0.0.1:\(boundPort)", enrolCode: code, server: server)
    }

    func stop() {
        server.cancel()
    }

    /// After the script: says where the web grid is and what to type; the clock runs in real
    /// time from here and every typed line is a scan.
    func introduce(board: Board, codes: ScanCodeFormat, layout: ConferenceLayout, cards: [Card], clock: ManualClock)
        async throws
    {
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
    }
}
