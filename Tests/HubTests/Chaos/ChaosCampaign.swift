import AsyncHTTPClient
import BoardModel
import BoardStore
import Foundation
import Hub
import Scanner
import SharedTestSupport
import SyncWire
import Synchronization

/// A hub and five boards, each in its own network namespace, with the real `openspace` binary;
/// hosts scan cards into a few contended cells through each board's scanner (evdev events on a
/// FIFO, read by the real evdev reader) while a seeded schedule of faults runs: partitions, slow
/// and lossy links, SIGKILL and SIGSTOP of boards and of the hub, PostgreSQL restarts. Then
/// everything is healed, the boards catch up, and `ChaosChecker` judges what is left.
final class ChaosCampaign: Sendable {
    /// Where the hub keeps its data.
    enum Store: Sendable, CustomStringConvertible {
        case sqlite
        /// A fresh database: `url` for this process (TCP), `socketURL` for the hub in its namespace
        /// (the unix socket in the server's data directory: namespaces do not separate sockets).
        case postgres(url: String, socketURL: String)

        var description: String {
            switch self {
            case .sqlite: "SQLite"
            case .postgres: "PostgreSQL"
            }
        }
    }

    static let boardCount = 5
    static let cardsPerBoard = 4
    static let port = 8080
    static let codes = ScanCodeFormat(hub: "https://os.example.org")

    let seed: UInt64
    let store: Store
    let schedule: [PlannedFault]
    let folder: String
    let layout: ConferenceLayout
    /// The cells hosts fight over: every room on Friday at 10:00 and 11:00, 16 cells for 20 cards.
    let cells: [CellRef]
    private let lab = NetworkLab()
    private let log = Mutex<[String]>([])
    private let started = ContinuousClock.now
    private let scanning = Atomic<Bool>(false)
    /// Faults the harness could not make or heal (a tool that failed): the run fails with them.
    private let harnessErrors = Mutex<[String]>([])

    init(seed: UInt64, faults: Int, store: Store) throws {
        self.seed = seed
        self.store = store
        let database = if case .postgres = store { true } else { false }
        schedule = ChaosSchedule.make(seed: seed, count: faults, boards: Self.boardCount, database: database)
        folder = try TestPaths.temporaryFolder("chaos")
        let layout = try ConferenceLayout.load(path: TestPaths.exampleLayout)
        self.layout = layout
        cells = [(1, [10, 11])].flatMap { day, hours in
            hours.flatMap { hour in
                layout.rooms.map { CellRef(day: day, room: $0.code, start: ClockTime(hour: hour, minute: 0)) }
            }
        }
    }

    /// What a run left behind, for the checker, and the log of what happened.
    struct Result {
        var boards: [BoardOutcome]
        var hub: HubOutcome
        var failures: [String]
        var log: [String]
        var scans: Int
        /// How often each machine ended on its own (the hub does when it starts while PostgreSQL
        /// restarts; a board never should).
        var exits: [String: Int]
    }

    /// Adds a line to the run's log, which is also kept in `log.txt` in the run's folder as it
    /// grows (a run that hangs can be read there).
    func note(_ line: String) {
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        let entry = String(format: "%8.2f  %@", seconds, line)
        let path = folder + "/log.txt"
        log.withLock { lines in
            lines.append(entry)
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            if let file = FileHandle(forUpdatingAtPath: path) {
                file.seekToEndOfFile()
                file.write(Data((entry + "\n").utf8))
                try? file.close()
            }
        }
    }

    // MARK: The run

    func run() async throws -> Result {
        signal(SIGPIPE, SIG_IGN)
        defer { lab.tearDown() }
        let network = try await buildNetwork()
        let (hub, boards, cards) = try await setUp(network)
        var failures: [String] = []
        do {
            try await waitUntilEveryBoardKnows(cards, boards: boards)
            note("every board knows the \(cards.count) cards: faults start")
            scanning.store(true, ordering: .sequentiallyConsistent)
            let scans = ScanTally()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, board) in boards.enumerated() {
                    group.addTask {
                        let typed = await self.hostScans(at: board, index: index, cards: cards)
                        scans.typed.withLock { $0[index] = typed }
                    }
                }
                group.addTask {
                    // However the schedule ends, the hosts stop and the watch ends with it.
                    defer { self.scanning.store(false, ordering: .sequentiallyConsistent) }
                    try await self.runFaults(hub: hub, boards: boards, network: network)
                }
                group.addTask { await self.watchForExits(hub: hub, boards: boards) }
                try await group.waitForAll()
            }
            failures += harnessErrors.withLock { $0 }
            failures += try await healEverything(hub: hub, boards: boards, network: network)
            note("healed: waiting for the boards to catch up")
            try await waitForAgreement(boards: boards, network: network, cards: cards)
            let outcome = try await collect(
                hub: hub, boards: boards, network: network, cards: cards, typed: scans.typed.withLock { $0 })
            failures += outcome.failures
            var exits: [String: Int] = [:]
            for machine in [hub] + boards { exits[machine.name] = await machine.unexpectedExits.count }
            return Result(
                boards: outcome.boards, hub: outcome.hub, failures: failures, log: log.withLock { $0 },
                scans: scans.typed.withLock { $0.values.reduce(0) { $0 + $1.values.reduce(0, +) } },
                exits: exits.filter { $0.value > 0 })
        } catch {
            for machine in [hub] + boards { await machine.finish() }
            throw ChaosFailure(error: "\(error)", log: log.withLock { $0 })
        }
    }

    /// The namespaces: the hub's, one per board (each linked to the hub's by its own veth pair),
    /// and a link from the test's own namespace to the hub's, which no fault touches.
    struct Network {
        var hubNamespace: String
        var boardNamespaces: [String]
        /// The device on each end of board i's link: (hub side, board side).
        var boardLinks: [(hub: String, board: String)]
        var hubAddresses: [String]
        var controlAddress: String
        var netem: Bool
    }

    private func buildNetwork() async throws -> Network {
        try NetworkLab.requireRoot()
        let hubNamespace = try await lab.namespace("osch")
        var network = Network(
            hubNamespace: hubNamespace, boardNamespaces: [], boardLinks: [], hubAddresses: [], controlAddress: "",
            netem: false)
        for index in 0..<Self.boardCount {
            let namespace = try await lab.namespace("oscb\(index)-")
            let subnet = lab.subnet(index)
            let devices = (hub: "vh\(index)\(lab.tag)", board: "vb\(index)\(lab.tag)")
            try await lab.link(
                (hubNamespace, devices.hub, "\(subnet).1/24"), (namespace, devices.board, "\(subnet).2/24"))
            network.boardNamespaces.append(namespace)
            network.boardLinks.append(devices)
            network.hubAddresses.append("\(subnet).1")
        }
        let control = lab.subnet(Self.boardCount)
        try await lab.link(
            (hubNamespace, "vhc\(lab.tag)", "\(control).1/24"), (nil, "vtc\(lab.tag)", "\(control).2/24"))
        network.controlAddress = "\(control).1"
        // tc netem is a kernel module some kernels leave out; without it a slow link is a token
        // bucket at a crawl, and packets are lost by nftables.
        network.netem =
            (try? await Tool.run(
                "/usr/sbin/ip",
                ["netns", "exec", hubNamespace, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms"]))
            != nil
        if network.netem {
            try await Tool.run(
                "/usr/sbin/ip", ["netns", "exec", hubNamespace, "tc", "qdisc", "del", "dev", "lo", "root"])
        }
        note(
            "network: hub \(hubNamespace), boards \(network.boardNamespaces), slow links by \(network.netem ? "netem" : "tbf and nftables")"
        )
        return network
    }

    /// Registers each board's cards in its journal, adds the boards to the hub, and starts them all.
    private func setUp(_ network: Network) async throws -> (hub: ChaosMachine, boards: [ChaosMachine], cards: [Card]) {
        let database: String
        switch store {
        case .sqlite: database = folder + "/hub.sqlite"
        case .postgres(_, let socketURL): database = socketURL
        }
        let hubArguments = [
            "hub", "serve", "--layout", TestPaths.exampleLayout, "--database", database, "--host", "0.0.0.0",
            "--port", "\(Self.port)",
        ]
        let hub = ChaosMachine(
            name: "hub", namespace: network.hubNamespace, first: hubArguments, later: hubArguments)
        var boards: [ChaosMachine] = []
        var cards: [Card] = []
        for index in 0..<Self.boardCount {
            let name = "board-\(index)"
            let add = try TestPaths.openspace([
                "hub", "board", "add", name, "--layout", TestPaths.exampleLayout, "--database", hubDatabaseForTools,
            ])
            guard add.status == 0, let code = add.output.split(separator: "\n").first?.split(separator: " ").last else {
                throw TestSetupFailure("hub board add \(name) failed: \(add.errors)")
            }
            let journal = "\(folder)/\(name)/journal.sqlite"
            for number in 0..<Self.cardsPerBoard {
                let title = "Chaos \(index)-\(number)"
                let card = try TestPaths.openspace([
                    "card", "add", "--layout", TestPaths.exampleLayout, "--journal", journal, "--title", title,
                ])
                guard card.status == 0 else { throw TestSetupFailure("card add failed: \(card.errors)") }
                cards.append(Card(id: try CardID(validating: String(card.output.prefix(7))), title: title))
            }
            let fifo = "\(folder)/\(name)/scanner"
            guard mkfifo(fifo, 0o600) == 0 else { throw TestSetupFailure("mkfifo \(fifo) failed: errno \(errno)") }
            let common = [
                "board", "--simulate", "--layout", TestPaths.exampleLayout, "--journal", journal, "--frames",
                "\(folder)/\(name)/frames", "--start", "2027-05-14T09:00", "--sync-with",
                "http://\(network.hubAddresses[index]):\(Self.port)", "--pull-interval", "0.5", "--scanner",
                "evdev:" + fifo,
            ]
            boards.append(
                ChaosMachine(
                    name: name, namespace: network.boardNamespaces[index], first: common + ["--enrol", String(code)],
                    later: common))
        }
        try await hub.start()
        guard let first = await hub.current else { throw TestSetupFailure("the hub did not start") }
        _ = try first.waitForLine(startingWith: "hub ready:", seconds: 60)
        for board in boards { try await board.start() }
        for board in boards {
            guard let child = await board.current else { throw TestSetupFailure("\(board.name) did not start") }
            _ = try child.waitForLine(startingWith: "sync: online", seconds: 60)
        }
        note("hub (\(store)) and \(boards.count) boards up, seed \(seed)")
        return (hub, boards, cards)
    }

    /// The database as `openspace hub board add`, run in the test's own namespace, reaches it.
    private var hubDatabaseForTools: String {
        switch store {
        case .sqlite: folder + "/hub.sqlite"
        case .postgres(let url, _): url
        }
    }

    private func waitUntilEveryBoardKnows(_ cards: [Card], boards: [ChaosMachine]) async throws {
        let known = await waitUntil(seconds: 60) {
            (0..<Self.boardCount).allSatisfy { index in
                let grid = try? BoardJournal(path: self.journalPath(index)).grid()
                return cards.allSatisfy { grid?.cards[$0.id] != nil }
            }
        }
        guard known else { throw TestSetupFailure("the boards never learnt each other's cards") }
    }

    private func journalPath(_ index: Int) -> String { "\(folder)/board-\(index)/journal.sqlite" }

    // MARK: Hosts at the boards

    /// Hosts at board `index` until the faults are over: mostly a card and then a cell (place
    /// or move), sometimes the remove label and a card. Each (card, cell) pair is scanned at
    /// most once at a board, so its acknowledgement names it. Each action starts with the cancel
    /// label, so a half-read action before it (its process stopped a while) cannot join it.
    /// Returns how often each action was typed.
    private func hostScans(at board: ChaosMachine, index: Int, cards: [Card]) async -> [HostAction: Int] {
        var random = SeededGenerator(seed: seed &+ UInt64(index + 1) &* 0x2545_F491_4F6C_DD1D)
        var unused = cards.flatMap { card in cells.map { HostAction.place(card.id, $0) } }
        var typed: [HostAction: Int] = [:]
        var writer: (generation: Int, descriptor: Int32)?
        defer { if let writer { close(writer.descriptor) } }
        while scanning.load(ordering: .sequentiallyConsistent), !unused.isEmpty {
            let child = await board.current
            let generation = await board.generation
            if let open = writer, open.generation != generation {
                close(open.descriptor)
                writer = nil
            }
            guard let child else {
                try? await Task.sleep(for: .milliseconds(50))
                continue
            }
            if writer == nil {
                // The scanner is there once the board says so; until then the host waits.
                if child.count(startingWith: "scanner connected:") > 0 {
                    let descriptor = open("\(folder)/board-\(index)/scanner", O_WRONLY | O_NONBLOCK)
                    if descriptor >= 0 {
                        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
                        writer = (generation, descriptor)
                    }
                }
                if writer == nil {
                    try? await Task.sleep(for: .milliseconds(50))
                    continue
                }
            }
            let action: HostAction =
                Int.random(in: 0..<5, using: &random) == 0
                ? .remove(cards[Int.random(in: 0..<cards.count, using: &random)].id)
                : unused.remove(at: Int.random(in: 0..<unused.count, using: &random))
            let codes =
                switch action {
                case .place(let card, let cell): [Self.codes.code(for: card), Self.codes.code(for: cell)]
                case .remove(let card): [ScanCode.Command.remove.rawValue, Self.codes.code(for: card)]
                }
            let text = ([ScanCode.Command.cancel.rawValue] + codes).map { $0 + "\n" }.joined()
            guard let bytes = EvdevTypist.typing(text, from: EvdevTypist.now()), let descriptor = writer?.descriptor
            else { continue }
            let answered = answers(child)
            typed[action, default: 0] += 1
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written != bytes.count {
                // The board died under the host's hands: the next one is read from scratch.
                close(descriptor)
                writer = nil
                continue
            }
            _ = await waitUntil(seconds: 20) {
                await board.generation != generation || self.answers(child) > answered
                    || !self.scanning.load(ordering: .sequentiallyConsistent)
            }
            try? await Task.sleep(for: .milliseconds(Int.random(in: 150...600, using: &random)))
        }
        return typed
    }

    /// How many actions a board process has answered (accepted or refused; a cancel is not one).
    private func answers(_ child: ChildProcess) -> Int {
        child.lines.all.filter {
            ($0.hasPrefix("accepted: ") && $0 != Self.cancelled) || $0.hasPrefix("refused: ")
        }.count
    }

    /// The answer to the cancel label that starts each action.
    static let cancelled = "accepted: Cancelled, nothing changed"

    // MARK: Faults

    private func runFaults(hub: ChaosMachine, boards: [ChaosMachine], network: Network) async throws {
        note("\(schedule.count) faults planned from seed \(seed)")
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for fault in schedule {
                group.addTask {
                    try await Task.sleep(until: start + .milliseconds(Int(fault.at * 1000)))
                    self.note("fault: \(fault)")
                    do {
                        try await self.apply(fault, hub: hub, boards: boards, network: network)
                    } catch {
                        self.harnessErrors.withLock { $0.append("\(fault) could not be made: \(error)") }
                    }
                    try await Task.sleep(until: start + .milliseconds(Int((fault.at + fault.lasting) * 1000)))
                    do {
                        try await self.heal(fault, hub: hub, boards: boards, network: network)
                    } catch {
                        self.harnessErrors.withLock { $0.append("\(fault) could not be healed: \(error)") }
                    }
                    self.note("healed: \(fault.kind.rawValue)\(fault.board.map { " board \($0)" } ?? "")")
                }
            }
            try await group.waitForAll()
        }
    }

    private func apply(_ fault: PlannedFault, hub: ChaosMachine, boards: [ChaosMachine], network: Network) async throws
    {
        let index = fault.board ?? 0
        switch fault.kind {
        case .partition:
            try await lab.setLink(network.boardLinks[index].board, in: network.boardNamespaces[index], up: false)
        case .slowLink:
            try await slowDown(index, network: network)
        case .killBoard: await boards[index].kill()
        case .pauseBoard: await boards[index].pause()
        case .killHub: await hub.kill()
        case .pauseHub: await hub.pause()
        case .restartDatabase:
            try await PostgresTestServer.restart()
        }
    }

    private func heal(_ fault: PlannedFault, hub: ChaosMachine, boards: [ChaosMachine], network: Network) async throws {
        let index = fault.board ?? 0
        switch fault.kind {
        case .partition:
            try await lab.setLink(network.boardLinks[index].board, in: network.boardNamespaces[index], up: true)
        case .slowLink: try await speedUp(index, network: network)
        case .killBoard: try await boards[index].start()
        case .pauseBoard: await boards[index].resume()
        case .killHub: try await hub.start()
        case .pauseHub: await hub.resume()
        case .restartDatabase: break
        }
    }

    /// Delay and loss on board `index`'s link, both ways.
    private func slowDown(_ index: Int, network: Network) async throws {
        let ends = [
            (network.hubNamespace, network.boardLinks[index].hub),
            (network.boardNamespaces[index], network.boardLinks[index].board),
        ]
        for (namespace, device) in ends {
            let shape =
                network.netem
                ? ["netem", "delay", "300ms", "200ms", "loss", "15%"]
                : ["tbf", "rate", "24kbit", "burst", "1600", "latency", "2s"]
            try await Tool.run(
                "/usr/sbin/ip", ["netns", "exec", namespace, "tc", "qdisc", "add", "dev", device, "root"] + shape)
        }
        if !network.netem {
            try await Tool.run(
                "/usr/sbin/ip", ["netns", "exec", network.boardNamespaces[index], "nft", "-f", "-"],
                input: """
                    table inet chaos {
                      chain input { type filter hook input priority 0; numgen random mod 100 < 15 drop; }
                      chain output { type filter hook output priority 0; numgen random mod 100 < 15 drop; }
                    }
                    """)
        }
    }

    private func speedUp(_ index: Int, network: Network) async throws {
        for (namespace, device) in [
            (network.hubNamespace, network.boardLinks[index].hub),
            (network.boardNamespaces[index], network.boardLinks[index].board),
        ] {
            try await Tool.run(
                "/usr/sbin/ip", ["netns", "exec", namespace, "tc", "qdisc", "del", "dev", device, "root"])
        }
        if !network.netem {
            try await Tool.run(
                "/usr/sbin/ip",
                ["netns", "exec", network.boardNamespaces[index], "nft", "delete", "table", "inet", "chaos"])
        }
    }

    /// While faults run, a process that ends on its own is noted and started again, as systemd's
    /// Restart= does on a Pi; a board that does so is a failure the checker reports.
    private func watchForExits(hub: ChaosMachine, boards: [ChaosMachine]) async {
        while scanning.load(ordering: .sequentiallyConsistent) {
            for machine in [hub] + boards where await machine.noteExit() {
                note("\(machine.name) exited on its own: \(await machine.lastErrors())")
                try? await machine.start()
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Every link up and plain, every process running: returns the boards that exited on their own.
    private func healEverything(hub: ChaosMachine, boards: [ChaosMachine], network: Network) async throws -> [String] {
        var failures: [String] = []
        for (index, namespace) in network.boardNamespaces.enumerated() {
            try await lab.setLink(network.boardLinks[index].board, in: namespace, up: true)
        }
        for machine in [hub] + boards {
            if await machine.noteExit() { note("\(machine.name) exited on its own: \(await machine.lastErrors())") }
            await machine.resume()
            try await machine.start()
            let exits = await machine.unexpectedExits
            if machine !== hub, !exits.isEmpty {
                failures.append("\(machine.name) exited on its own \(exits.count) times (status \(exits))")
            }
        }
        return failures
    }

    // MARK: The end

    private struct Schedule: Decodable {
        struct Placed: Decodable {
            var id: String
            var slot: String
        }
        struct Parked: Decodable { var id: String }
        var placed: [Placed]
        var parked: [Parked]
    }

    private func webSchedule(_ network: Network) async throws -> (placed: [CardID: String], parked: Set<CardID>) {
        let request = HTTPClientRequest(url: "http://\(network.controlAddress):\(Self.port)/schedule.json")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        guard response.status == .ok else { throw TestSetupFailure("schedule.json answered \(response.status)") }
        let body = try await response.body.collect(upTo: 1 << 22)
        let schedule = try JSONDecoder().decode(Schedule.self, from: Data(buffer: body))
        return (
            Dictionary(uniqueKeysWithValues: try schedule.placed.map { (try CardID(validating: $0.id), $0.slot) }),
            Set(try schedule.parked.map { try CardID(validating: $0.id) })
        )
    }

    /// Waits until every board's outbox is empty and its grid is the one the web serves.
    private func waitForAgreement(boards: [ChaosMachine], network: Network, cards: [Card]) async throws {
        let agreed = await waitUntil(seconds: 120) {
            guard let web = try? await self.webSchedule(network) else { return false }
            return (0..<Self.boardCount).allSatisfy { index in
                guard let journal = try? BoardJournal(path: self.journalPath(index)),
                    let grid = try? journal.grid(), let outbox = try? journal.outbox()
                else { return false }
                return outbox.isEmpty && grid.placements.mapValues(\.code) == web.placed
                    && Set(grid.parked) == web.parked
            }
        }
        if !agreed { note("the boards did not agree with the hub within 120 s of healing") }
        note("agreement \(agreed ? "reached" : "NOT reached")")
    }

    /// Stops everything and reads the journals, the hub's store and the boards' acknowledgements.
    private func collect(
        hub: ChaosMachine, boards: [ChaosMachine], network: Network, cards: [Card],
        typed: [Int: [HostAction: Int]]
    ) async throws -> (boards: [BoardOutcome], hub: HubOutcome, failures: [String]) {
        let web = try await webSchedule(network)
        for board in boards { await board.finish() }
        await hub.finish()
        var failures: [String] = []
        var outcomes: [BoardOutcome] = []
        for (index, board) in boards.enumerated() {
            let actions = typed[index] ?? [:]
            let said = Self.acknowledgements(
                in: await board.lines(), typed: Set(actions.keys), cards: cards, layout: layout)
            failures += said.strangers.map { "\(board.name) acknowledged a scan nobody made: \($0)" }
            let journal = try BoardJournal(path: journalPath(index))
            outcomes.append(
                BoardOutcome(
                    id: board.name, typed: actions, acknowledged: said.actions, grid: try journal.grid(),
                    pending: try journal.outbox().count))
        }
        let (grid, log) = try await readHub(cards: cards)
        let hubOutcome = HubOutcome(grid: grid, log: log, webPlaced: web.placed, webParked: web.parked)
        return (outcomes, hubOutcome, failures)
    }

    /// Maps each `accepted: Placed "T" in Room, Day HH:MM` (or `Moved … to …`, `Removed "T" from
    /// the board`) line to the action it answers; a line that answers nothing typed is a stranger.
    static func acknowledgements(in lines: [String], typed: Set<HostAction>, cards: [Card], layout: ConferenceLayout)
        -> (actions: [HostAction], strangers: [String])
    {
        let titles = Dictionary(uniqueKeysWithValues: cards.map { ($0.id, "\"\($0.displayTitle)\"") })
        var messages: [String: HostAction] = [:]
        for action in typed {
            let title = titles[action.card] ?? action.card.text
            switch action {
            case .place(_, let cell):
                messages["accepted: Placed \(title) in \(layout.describe(cell))"] = action
                messages["accepted: Moved \(title) to \(layout.describe(cell))"] = action
            case .remove:
                messages["accepted: Removed \(title) from the board"] = action
            }
        }
        var found: [HostAction] = []
        var strangers: [String] = []
        for line in lines where line.hasPrefix("accepted: ") && line != cancelled {
            if let action = messages[line] { found.append(action) } else { strangers.append(line) }
        }
        return (found, strangers)
    }

    private func readHub(cards: [Card]) async throws -> (Grid, [LoggedAction]) {
        let hubStore: any HubStore
        switch store {
        case .sqlite: hubStore = try SQLiteHubStore(path: folder + "/hub.sqlite")
        case .postgres(let url, _): hubStore = try PostgresHubStore(url: url)
        }
        return try await withThrowingTaskGroup(of: (Grid, [LoggedAction])?.self) { group in
            group.addTask {
                try await hubStore.run { _ in }
                return nil
            }
            group.addTask {
                let grid = try await hubStore.snapshot().grid
                var log: [LoggedAction] = []
                for card in cards {
                    for entry in try await hubStore.history(of: card.id) {
                        let action: HostAction
                        switch entry.mutation {
                        case .place(let id, let cell), .move(let id, let cell): action = .place(id, cell)
                        case .remove(let id): action = .remove(id)
                        default: continue
                        }
                        log.append(
                            LoggedAction(
                                board: entry.boardID, action: action, status: entry.status, version: entry.version))
                    }
                }
                return (grid, log)
            }
            defer { group.cancelAll() }
            while let result = try await group.next() { if let result { return result } }
            throw TestSetupFailure("the hub's store ended before it was read")
        }
    }
}

/// What each board's host typed, by board.
private final class ScanTally: Sendable {
    let typed = Mutex<[Int: [HostAction: Int]]>([:])
}
/// A campaign that could not run to its end, with what happened until then.
struct ChaosFailure: Error, CustomStringConvertible {
    var error: String
    var log: [String]
    var description: String { "\(error)\n" + log.suffix(60).joined(separator: "\n") }
}
