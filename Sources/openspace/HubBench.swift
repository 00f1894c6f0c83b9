import AsyncHTTPClient
import BoardModel
import BoardStore
import Foundation
import Logging
import Sync
import SyncWire
import Synchronization

/// The hub's figures for `openspace bench`: pushes per second on SQLite and PostgreSQL, how fast
/// a scan on one board shows on another, and how many event-stream listeners one hub holds.
///
/// The hub always runs as `openspace hub serve` in a child process, so its figures are its own;
/// the load comes from this process (and, for the listeners, from a Python script), on the same
/// cores, which the figures' labels say.
struct HubBench {
    /// Where `make bench` puts the URL of the throwaway PostgreSQL it started.
    static let postgresVariable = "OPENSPACE_BENCH_POSTGRES_URL"
    static let pushingBoards = 16
    static let batchSize = 50
    static let warmUp = Duration.seconds(1)
    static let window = Duration.seconds(5)
    static let propagationBoards = 50
    static let propagationRounds = 100
    static let listenerLevels = [1000, 2000, 5000, 10000]
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    let layoutPath: String
    let layout: ConferenceLayout
    let folder: String
    let listenerScript: String

    func run() async throws {
        Self.raiseOpenFileLimit()
        // A child that exited early must turn a write to its input into an error, not end the bench.
        signal(SIGPIPE, SIG_IGN)
        print(
            "hub: `openspace hub serve` in a child process; \(Self.cores) cores shared by the hub, its database and "
                + "the load; load average before: \(Self.loadAverage())")
        // Every board here keeps connections open at once: the default of 8 per host would queue them.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 4 * Self.propagationBoards)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        await measure("hub pushes, SQLite") { try await pushes(database: folder + "/pushes/hub.sqlite", http: http) }
        if let url = ProcessInfo.processInfo.environment[Self.postgresVariable], !url.isEmpty {
            await measure("hub pushes, PostgreSQL") { try await pushes(database: url, http: http) }
        } else {
            print(
                "hub pushes, PostgreSQL: not measured: \(Self.postgresVariable) is not set (`make bench` sets it "
                    + "when Tests/postgres/pg-test-server.sh can start a throwaway PostgreSQL)")
        }
        await measure("board to board propagation") { try await propagation(http: http) }
        await measure("SSE listeners") { try await listeners(http: http) }
        try await http.shutdown()
    }

    /// Runs one figure; a figure that cannot be measured says why and the others still run.
    private func measure(_ name: String, _ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            print("\(name): not measured: \(error)")
        }
    }

    // MARK: Pushes

    /// Figure 1: boards pushing as fast as the hub answers, one mutation per push and then 50.
    private func pushes(database: String, http: HTTPClient) async throws {
        let postgres = database.hasPrefix("postgres")
        let (hub, boards) = try await startHub(
            database: database, boards: (1...Self.pushingBoards).map { "push-\($0)" }, http: http)
        defer { hub.stop() }
        for (phase, batch) in [1, Self.batchSize].enumerated() {
            let rate = try await pushRate(
                hub: hub, boards: boards, batch: batch, phase: UInt32(phase), client: "bench-batch-\(batch)", http: http
            )
            let cards = batch == 1 ? "1 mutation" : "\(batch) mutations"
            let busy =
                "hub \(Self.share(rate.hubCPU)) cores, load \(Self.share(rate.loadCPU))"
                + (postgres ? ", PostgreSQL's not counted" : "") + ", of \(Self.cores) shared"
            print(
                "hub pushes, \(postgres ? "PostgreSQL" : "SQLite"), \(boards.count) boards x \(cards) per push, "
                    + "\(Self.seconds(Self.window)) s after \(Self.seconds(Self.warmUp)) s warm-up (\(busy)): "
                    + String(format: "%.0f requests/s, %.0f mutations/s", rate.requests, rate.mutations))
        }
    }

    private struct PushRate {
        var requests: Double
        var mutations: Double
        /// Cores the hub process and this process kept busy during the window.
        var hubCPU: Double
        var loadCPU: Double
    }

    /// Each board pushes new cards with ids 1, 2, 3, … of its own client, one request after the
    /// other; requests that end inside the window count.
    private func pushRate(
        hub: HubChild, boards: [BenchBoard], batch: Int, phase: UInt32, client: String, http: HTTPClient
    ) async throws -> PushRate {
        let from = ContinuousClock.now + Self.warmUp
        let to = from + Self.window
        let pid = hub.pid
        async let cpu = Self.cpuDuring(from: from, to: to, pid: pid)
        let requests = try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, board) in boards.enumerated() {
                group.addTask {
                    let connection = HubConnection(base: hub.base, token: board.token, boardID: board.id, http: http)
                    var next: Int64 = 1
                    var counted = 0
                    while ContinuousClock.now < to {
                        let mutations = (next..<next + Int64(batch)).map { id in
                            PushedMutation(
                                id: id, mutation: .registerCard(Self.benchCard(phase: phase, board: index, number: id)),
                                actor: .host, createdAt: Date())
                        }
                        let response = try await connection.push(
                            PushRequest(boardID: board.id, clientID: client, mutations: mutations))
                        guard response.lastMutationID == next + Int64(batch) - 1 else {
                            throw BenchFailure(
                                "board \(board.id): the hub applied up to \(response.lastMutationID), not "
                                    + "\(next + Int64(batch) - 1)")
                        }
                        next += Int64(batch)
                        let now = ContinuousClock.now
                        if now >= from && now <= to { counted += 1 }
                    }
                    return counted
                }
            }
            return try await group.reduce(0, +)
        }
        let (hubCPU, loadCPU) = await cpu
        let seconds = Double(Self.window.components.seconds)
        return PushRate(
            requests: Double(requests) / seconds, mutations: Double(requests * batch) / seconds, hubCPU: hubCPU,
            loadCPU: loadCPU)
    }

    /// A card no other board or phase of the bench registers: 30 bits of id, split as phase,
    /// board and number.
    static func benchCard(phase: UInt32, board: Int, number: Int64) -> Card {
        let id = CardID(value: phase << 29 | UInt32(board) << 22 | UInt32(number))
        return Card(id: id, title: "Bench card \(number)", host: "Board \(board)")
    }

    /// The cores the hub and this process used between two instants.
    private static func cpuDuring(from: ContinuousClock.Instant, to: ContinuousClock.Instant, pid: Int32) async
        -> (hub: Double, load: Double)
    {
        try? await Task.sleep(until: from)
        let (hubBefore, ownBefore) = (cpuSeconds(pid: "\(pid)"), cpuSeconds(pid: "self"))
        try? await Task.sleep(until: to)
        let elapsed = Double((to - from).components.seconds)
        return ((cpuSeconds(pid: "\(pid)") - hubBefore) / elapsed, (cpuSeconds(pid: "self") - ownBefore) / elapsed)
    }

    /// User and system CPU time of a process so far (fields 14 and 15 of /proc/<pid>/stat).
    private static func cpuSeconds(pid: String) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // After the command name in parentheses, the fields start at the third one (state).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    // MARK: Propagation

    /// Figure 2: 50 boards syncing with the hub as the board service does (pokes drive the pulls,
    /// the timer is out of the way); a card registered on one shows up on the others.
    private func propagation(http: HTTPClient) async throws {
        let count = Self.propagationBoards
        let place = folder + "/propagation"
        try FileManager.default.createDirectory(atPath: place, withIntermediateDirectories: true)
        let ids = (1...count).map { "board-\($0)" }
        let journals = try ids.map { try BoardJournal(path: "\(place)/\($0).sqlite") }
        let (hub, boards) = try await startHub(database: place + "/hub.sqlite", boards: ids, http: http)
        var logger = Logger(label: "openspace.bench.sync")
        logger.logLevel = .critical
        let arrivals = Arrivals()
        let clients = boards.enumerated().map { index, board in
            SyncClient(
                connection: HubConnection(base: hub.base, token: board.token, boardID: board.id, http: http),
                journal: journals[index], layout: layout, settings: .init(pullInterval: .seconds(3600)),
                logger: logger
            ) { report in
                arrivals.note(board: index, online: report.online, grid: try? journals[index].grid())
            }
        }
        let running = clients.map { client in Task { await client.run() } }
        let result: Result<(toOne: [Duration], toAll: [Duration]), any Error>
        do {
            result = .success(try await propagationRounds(journals: journals, clients: clients, arrivals: arrivals))
        } catch {
            result = .failure(error)
        }
        for task in running { task.cancel() }
        hub.stop()
        for task in running { await task.value }
        let (toOne, toAll) = try result.get()
        let label =
            "board to board, \(count) boards syncing from this process (pokes drive the pulls), \(toOne.count) rounds, "
            + "from a board's commit until"
        print(
            "\(label) another board's journal shows it: median \(Self.format(Self.percentile(toOne, 0.5))), "
                + "p99 \(Self.format(Self.percentile(toOne, 0.99)))")
        print(
            "\(label) all \(count - 1) others' journals show it: median \(Self.format(Self.percentile(toAll, 0.5))), "
                + "p99 \(Self.format(Self.percentile(toAll, 0.99)))")
    }

    /// Each round, one board registers a card; the time from its commit until one other board's
    /// journal shows it, and until the last of them does.
    private func propagationRounds(journals: [BoardJournal], clients: [SyncClient], arrivals: Arrivals) async throws
        -> (toOne: [Duration], toAll: [Duration])
    {
        let count = clients.count
        guard await Self.wait(seconds: 30, until: { arrivals.onlineCount == count }) else {
            throw BenchFailure("only \(arrivals.onlineCount) of \(count) boards synced within 30 s")
        }
        var toOne: [Duration] = []
        var toAll: [Duration] = []
        for round in 0..<Self.propagationRounds {
            let from = round % count
            // A different pair each round: the receiver walks round the others.
            let to = (from + 1 + (round * 37) % (count - 1)) % count
            let card = Card(id: CardID(value: 1 << 28 | UInt32(round)), title: "Propagation \(round)", host: "Bench")
            arrivals.expect(card.id)
            let start = ContinuousClock.now
            try journals[from].commit(.registerCard(card), context: .init(layout: layout, now: Date(), actor: .host))
            clients[from].nudge()
            guard await Self.wait(seconds: 10, until: { arrivals.seenCount == count }) else {
                throw BenchFailure(
                    "round \(round): the card reached \(arrivals.seenCount) of \(count) boards within 10 s")
            }
            let seen = arrivals.seen
            toOne.append(seen[to]! - start)
            toAll.append(seen.filter { $0.key != from }.values.max()! - start)
        }
        return (toOne, toAll)
    }

    // MARK: Listeners

    /// Figure 3: more and more event-stream listeners (from a Python script in its own process)
    /// until one push no longer reaches every one of them within a second.
    private func listeners(http: HTTPClient) async throws {
        guard FileManager.default.fileExists(atPath: listenerScript) else {
            throw BenchFailure("the listener script \(listenerScript) is missing (run the bench from the repository)")
        }
        var held: (listeners: Int, residentKiB: Int)?
        var stop: String?
        for level in Self.listenerLevels {
            let outcome: ListenerLevel
            do {
                outcome = try await listenerLevel(level, http: http)
            } catch {
                stop = "\(level) listeners: \(error)"
                break
            }
            let result = outcome.result
            print(
                "SSE listeners, \(level) open: \(result.withinBudget) got the poke within 1 s, \(result.received) "
                    + "at all; median \(Self.milliseconds(result.medianDelay)), max \(Self.milliseconds(result.maxDelay)); "
                    + "hub resident \(outcome.residentKiB / 1024) MB, its /metrics counting \(outcome.counted) listeners"
            )
            guard result.withinBudget == level else {
                stop = "at \(level), \(level - result.withinBudget) listeners got the poke late or not at all"
                break
            }
            held = (level, outcome.residentKiB)
        }
        let summary =
            held.map { "\($0.listeners), all poked within 1 s; hub resident \($0.residentKiB / 1024) MB" }
            ?? "none of the levels"
        print(
            "SSE listeners one hub holds (Python asyncio listeners in another process, same \(Self.cores) cores; delays "
                + "include its read loop): \(summary)\(stop.map { " (stopped: \($0))" } ?? "")")
    }

    private struct ListenerLevel {
        var result: ListenerResult
        var residentKiB: Int
        var counted: Int
    }

    /// One level on a fresh hub: a hub notices a closed event stream only at its next write to
    /// it, so the listeners of the level before would still count.
    private func listenerLevel(_ level: Int, http: HTTPClient) async throws -> ListenerLevel {
        let (hub, boards) = try await startHub(
            database: "\(folder)/listeners-\(level)/hub.sqlite", boards: ["poker"], http: http)
        defer { hub.stop() }
        let script = try ListenerScript(script: listenerScript, base: hub.base, count: level)
        defer { script.close() }
        guard let ready = await script.line(startingWith: ["ready", "failed"], seconds: 120), ready.hasPrefix("ready")
        else { throw BenchFailure("could not all connect: \(script.problem)") }
        let residentKiB = hub.residentKiB()
        let counted = try await hub.listenerGauge(http: http)
        script.send("go")
        let poke = PushedMutation(
            id: 1, mutation: .registerCard(Self.benchCard(phase: 0, board: 0, number: 1)), actor: .host,
            createdAt: Date())
        _ = try await HubConnection(base: hub.base, token: boards[0].token, boardID: boards[0].id, http: http).push(
            PushRequest(boardID: boards[0].id, clientID: "poker", mutations: [poke]))
        guard let line = await script.line(startingWith: ["{"], seconds: 30),
            let result = try? JSONDecoder().decode(ListenerResult.self, from: Data(line.utf8))
        else { throw BenchFailure("no result from the listener script: \(script.problem)") }
        return ListenerLevel(result: result, residentKiB: residentKiB, counted: counted)
    }

    // MARK: Hub set-up

    /// A fresh hub in a child process with enrolled boards: the boards are added to the store from
    /// here before the hub starts (which migrates the fresh database), then enrol over HTTP.
    private func startHub(database: String, boards ids: [String], http: HTTPClient) async throws -> (
        HubChild, [BenchBoard]
    ) {
        let options = try HubOptions.parse(["--layout", layoutPath, "--database", database])
        let codes = try await options.withHub { hub in
            var codes: [String] = []
            for id in ids { codes.append(try await hub.addBoard(id: id, name: id)) }
            return codes
        }
        let hub = try await HubChild.start(layout: layoutPath, database: database)
        do {
            var boards: [BenchBoard] = []
            for (id, code) in zip(ids, codes) {
                let token = try await HubConnection(base: hub.base, token: nil, http: http).enrol(code: code).token
                boards.append(BenchBoard(id: id, token: token))
            }
            return (hub, boards)
        } catch {
            hub.stop()
            throw error
        }
    }

    // MARK: Helpers

    /// Children inherit the limit: the hub needs one descriptor per listener.
    private static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    private static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Checks `condition` every few milliseconds until it holds or the time is up.
    private static func wait(seconds: Double, until condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return true
    }

    private static func percentile(_ values: [Duration], _ fraction: Double) -> Duration {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .zero }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))]
    }

    private static func format(_ duration: Duration) -> String {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.2f ms", milliseconds)
    }

    private static func milliseconds(_ value: Double?) -> String {
        value.map { String(format: "%.1f ms", $0) } ?? "-"
    }

    private static func seconds(_ duration: Duration) -> Int64 { duration.components.seconds }

    private static func share(_ cores: Double) -> String { String(format: "%.2f", cores) }
}

/// A board the bench enrolled: its id and bearer token.
private struct BenchBoard: Sendable {
    var id: String
    var token: String
}

/// When each board's synced grid first showed the card the current round waits for.
private final class Arrivals: Sendable {
    private struct State {
        var card: CardID?
        var seen: [Int: ContinuousClock.Instant] = [:]
        var online: Set<Int> = []
    }

    private let state = Mutex(State())

    /// Called with every sync report and the grid the board's journal holds then; the time is
    /// taken here, right after the journal applied the pull.
    func note(board: Int, online: Bool, grid: Grid?) {
        let now = ContinuousClock.now
        state.withLock { state in
            if online { state.online.insert(board) }
            if let card = state.card, state.seen[board] == nil, grid?.cards[card] != nil {
                state.seen[board] = now
            }
        }
    }

    func expect(_ card: CardID) {
        state.withLock {
            $0.card = card
            $0.seen = [:]
        }
    }

    var onlineCount: Int { state.withLock { $0.online.count } }
    var seenCount: Int { state.withLock { $0.seen.count } }
    var seen: [Int: ContinuousClock.Instant] { state.withLock { $0.seen } }
}

/// `openspace hub serve` in a child process on a free loopback port.
private final class HubChild: Sendable {
    let base: String
    let pid: Int32
    private let process: Process
    private let errors: OutputLines

    private init(base: String, process: Process, errors: OutputLines) {
        self.base = base
        self.pid = process.processIdentifier
        self.process = process
        self.errors = errors
    }

    static func start(layout: String, database: String) async throws -> HubChild {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = [
            "hub", "serve", "--layout", layout, "--database", database, "--host", "127.0.0.1", "--port", "0",
        ]
        let output = Pipe()
        let errorOutput = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errorOutput
        try process.run()
        let lines = OutputLines(output.fileHandleForReading)
        let errors = OutputLines(errorOutput.fileHandleForReading)
        guard let ready = await lines.first(startingWith: ["hub ready: "], seconds: 30) else {
            process.terminate()
            process.waitUntilExit()
            throw BenchFailure("the hub did not start: \(errors.tail)")
        }
        var base = String(ready.dropFirst("hub ready: ".count))
        if base.hasSuffix("/") { base.removeLast() }
        return HubChild(base: base, process: process, errors: errors)
    }

    /// The hub's resident memory (VmRSS), in KiB.
    func residentKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// The event-stream listeners the hub counts (its /metrics gauge).
    func listenerGauge(http: HTTPClient) async throws -> Int {
        let response = try await http.execute(HTTPClientRequest(url: base + "/metrics"), timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        let line = text.split(separator: "\n").first { $0.hasPrefix("openspace_hub_sse_listeners ") } ?? ""
        return Int(Double(line.split(separator: " ").last ?? "") ?? -1)
    }

    /// SIGTERM, as systemd stops it; SIGKILL if it has not ended within 15 s.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            print("the hub did not stop within 15 s of SIGTERM: killed (\(errors.tail))")
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()
    }
}

/// bench/sse_listeners.py in a child process: its lines, and `go`/`close` on its input.
private final class ListenerScript: Sendable {
    private let process: Process
    private let input: FileHandle
    private let lines: OutputLines
    private let errors: OutputLines

    init(script: String, base: String, count: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--url", base, "--count", "\(count)"]
        let input = Pipe()
        let output = Pipe()
        let errorOutput = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errorOutput
        try process.run()
        self.process = process
        self.input = input.fileHandleForWriting
        lines = OutputLines(output.fileHandleForReading)
        errors = OutputLines(errorOutput.fileHandleForReading)
    }

    func line(startingWith prefixes: [String], seconds: Double) async -> String? {
        await lines.first(startingWith: prefixes, seconds: seconds)
    }

    func send(_ line: String) {
        try? input.write(contentsOf: Data((line + "\n").utf8))
    }

    /// What the script said last, for a figure that could not be measured.
    var problem: String {
        let said = [lines.all.last ?? "", errors.tail].filter { !$0.isEmpty }
        return said.isEmpty ? "the script said nothing" : said.joined(separator: "; ")
    }

    /// Closes the listeners: `close`, then the end of its input; SIGTERM if it lingers.
    func close() {
        send("close")
        try? input.close()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// The script's figures for one level.
private struct ListenerResult: Decodable {
    var listeners: Int
    var received: Int
    var withinBudget: Int
    var maxDelay: Double?
    var medianDelay: Double?

    enum CodingKeys: String, CodingKey {
        case listeners, received
        case withinBudget = "within_1s"
        case maxDelay = "max_delay_ms"
        case medianDelay = "median_delay_ms"
    }
}

/// A child's output read on its own thread, so the pipe never fills and blocks the child.
private final class OutputLines: Sendable {
    private let lines = Mutex<[String]>([])
    /// Lines kept: enough for a failure's context, not a whole log.
    private static let kept = 100

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            var buffer = Data()
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                buffer.append(contentsOf: chunk[..<count])
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    self.lines.withLock {
                        $0.append(line)
                        if $0.count > Self.kept { $0.removeFirst($0.count - Self.kept) }
                    }
                }
            }
        }
    }

    var all: [String] { lines.withLock { $0 } }

    /// The last few lines, on one line.
    var tail: String { all.suffix(5).joined(separator: " | ") }

    /// The first line starting with one of `prefixes`, waiting up to `seconds` for it.
    func first(startingWith prefixes: [String], seconds: Double) async -> String? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let line = all.first(where: { line in prefixes.contains { line.hasPrefix($0) } }) { return line }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}

/// Why a hub figure could not be measured.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
