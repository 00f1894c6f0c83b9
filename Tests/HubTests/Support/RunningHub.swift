import BoardModel
import BoardStore
import Foundation
import Hub
import Logging
import SharedTestSupport
import Sync
import SyncWire
import Synchronization

/// A hub serving real HTTP on a free loopback port, inside the test process.
final class RunningHub: Sendable {
    let hub: Hub
    let base: String
    private let task: Task<Void, any Error>

    private init(hub: Hub, base: String, task: Task<Void, any Error>) {
        self.hub = hub
        self.base = base
        self.task = task
    }

    /// Starts a hub on `store` (a new SQLite file when nil), with its clock at 09:00 of the
    /// test conference's day.
    /// A hub on a free port of 127.0.0.1: over HTTPS when `tls` is given (its certificate must
    /// name 127.0.0.1).
    static func start(store: (any HubStore)? = nil, folder: String? = nil, tls: HubTLS? = nil) async throws
        -> RunningHub
    {
        let folder = try folder ?? TestPaths.temporaryFolder("hub")
        let store = try store ?? SQLiteHubStore(path: folder + "/hub.sqlite")
        var logger = Logger(label: "test.hub")
        logger.logLevel = .critical
        let hub = Hub(
            store: store, settings: HubSettings(layout: HubFixture.layout, codes: HubFixture.codes), logger: logger,
            clock: { HubFixture.morning })
        let (ports, portFound) = AsyncStream.makeStream(of: Int.self)
        let app = try HubServer.application(hub: hub, host: "127.0.0.1", port: 0, tls: tls, logger: logger) { port in
            portFound.yield(port)
        }
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestSetupFailure("the hub did not start") }
        return RunningHub(hub: hub, base: "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)", task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// Adds a board and enrols it over HTTP (through `transport`, for a hub over HTTPS); returns
    /// its token.
    func enrolBoard(_ id: String, transport: HubTransport = HubTransport(client: .shared)) async throws -> String {
        let code = try await hub.addBoard(id: id, name: id)
        return try await HubConnection(base: base, token: nil, transport: transport).enrol(code: code).token
    }
}

/// A board's journal and sync client, driven one round at a time.
final class TestBoard: Sendable {
    let journal: BoardJournal
    let token: String
    private let reports = Mutex<[SyncClient.Report]>([])
    private let base: Mutex<String>
    let name: String

    /// The board's link to the hub: the shared client for plain HTTP.
    let transport: HubTransport

    init(folder: String, name: String, hub: RunningHub, transport: HubTransport = HubTransport(client: .shared))
        async throws
    {
        self.name = name
        self.transport = transport
        journal = try BoardJournal(path: "\(folder)/\(name).sqlite")
        token = try await hub.enrolBoard(name, transport: transport)
        base = Mutex(hub.base)
    }

    /// Moves the board to another address of the hub (after a restart on a new port).
    func point(at hub: RunningHub) { base.withLock { $0 = hub.base } }

    var client: SyncClient {
        var connection = HubConnection(base: base.withLock { $0 }, token: token, boardID: name, transport: transport)
        // A hub stopped inside this process may leave a pooled connection that never answers.
        connection.requestTimeout = .seconds(2)
        return SyncClient(
            connection: connection, journal: journal,
            layout: HubFixture.layout, clock: { HubFixture.morning },
            onReport: { [self] report in self.reports.withLock { $0.append(report) } })
    }

    func sync() async throws { try await client.syncOnce() }

    var lastReport: SyncClient.Report? { reports.withLock { $0.last } }

    /// Commits a mutation as a scan would.
    @discardableResult
    func scan(_ mutation: Mutation, actor: Actor = .host) throws -> Int64 {
        try journal.commit(mutation, context: .init(layout: HubFixture.layout, now: HubFixture.morning, actor: actor))
            .outboxID
    }
}

/// A test could not get what it needs to run (a server, a line of output, a tool): it fails with
/// this reason, in words for whoever runs the tests.
struct TestSetupFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
