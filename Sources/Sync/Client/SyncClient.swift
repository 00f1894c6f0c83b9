import BoardModel
import BoardStore
import Foundation
import Logging
import SyncWire
import Synchronization

/// The board's side of sync: pushes the outbox, pulls what changed, listens for pokes.
///
/// It pushes after every local scan (`nudge`), pulls after every push, on every poke the hub
/// sends and every `pullInterval` anyway, and after a failure waits with exponential backoff
/// (1 s doubling to a minute, with jitter) before it tries again. Nothing is dropped: the outbox
/// keeps a mutation until a pull shows the hub applied it.
///
/// The client changes the journal only; each round's `Report` tells the board, which reads the
/// journal again for the grid it shows.
public final class SyncClient: Sendable {
    public struct Settings: Sendable {
        public var pullInterval: Duration
        public var minimumBackoff: Duration
        public var maximumBackoff: Duration

        public init(
            pullInterval: Duration = .seconds(30), minimumBackoff: Duration = .seconds(1),
            maximumBackoff: Duration = .seconds(60)
        ) {
            self.pullInterval = pullInterval
            self.minimumBackoff = minimumBackoff
            self.maximumBackoff = maximumBackoff
        }
    }

    /// What a round of sync came to, for the board's status line.
    public struct Report: Sendable {
        public var online: Bool
        /// Outbox mutations the hub has not confirmed yet.
        public var pending: Int
        /// Cards the hub asked this board to print with this round, now in the print queue.
        public var queuedPrints: Int
        /// The hub's word on this board's mutations that it parked or rejected.
        public var settled: [MutationResult]
        /// Why the hub could not be reached, when it could not.
        public var problem: String?
        /// The hub was reached but its certificate is not one the board trusts: nothing was
        /// sent to it, and nothing will be until the certificate or the board's settings change.
        public var untrusted = false
    }

    private let connection: HubConnection
    private let journal: BoardJournal
    private let layout: ConferenceLayout
    private let settings: Settings
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let onReport: @Sendable (Report) async -> Void
    private let panelProblem: @Sendable () -> String?
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    private let known = Mutex<Int64?>(nil)

    public init(
        connection: HubConnection, journal: BoardJournal, layout: ConferenceLayout, settings: Settings = .init(),
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "openspace.sync"),
        panelProblem: @escaping @Sendable () -> String? = { nil }, onReport: @escaping @Sendable (Report) async -> Void
    ) {
        self.panelProblem = panelProblem
        self.connection = connection
        self.journal = journal
        self.layout = layout
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.onReport = onReport
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a round of sync soon (a scan was just committed).
    public func nudge() { wake.yield() }

    /// Syncs until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.listen() }
            group.addTask { await self.tickPulls() }
            group.addTask { await self.loop() }
            await group.next()
            group.cancelAll()
        }
    }

    private func loop() async {
        var backoff = settings.minimumBackoff
        wake.yield()
        for await _ in wakes {
            if Task.isCancelled { return }
            while !Task.isCancelled {
                do {
                    try await syncOnce()
                    backoff = settings.minimumBackoff
                    break
                } catch {
                    let problem = Self.explain(error)
                    logger.warning("sync failed", metadata: ["error": "\(problem)"])
                    let pending = (try? journal.outbox().count) ?? 0
                    await onReport(
                        Report(
                            online: false, pending: pending, queuedPrints: 0, settled: [], problem: problem,
                            untrusted: error is HubTrustFailure))
                    let jitter = Double.random(in: 0.8...1.2)
                    try? await Task.sleep(for: backoff * jitter)
                    backoff = min(backoff * 2, settings.maximumBackoff)
                }
            }
        }
    }

    private func tickPulls() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: settings.pullInterval)
            wake.yield()
        }
    }

    /// Keeps an event stream open; a poke newer than the last pull wakes the loop.
    private func listen() async {
        var backoff = settings.minimumBackoff
        while !Task.isCancelled {
            do {
                let versions = try await connection.versions(lastEventID: known.withLock { $0 })
                backoff = settings.minimumBackoff
                for try await version in versions where version > (known.withLock { $0 } ?? -1) {
                    wake.yield()
                }
            } catch {
                logger.debug("event stream closed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, settings.maximumBackoff)
        }
    }

    /// One round: push everything pending, then pull and apply.
    public func syncOnce() async throws {
        let state = try journal.syncState()
        var outbox = try journal.outbox()
        while !outbox.isEmpty {
            let batch = Array(outbox.prefix(SyncProtocol.maxBatch))
            let response = try await connection.push(
                PushRequest(
                    boardID: connection.boardID, clientID: state.clientID,
                    mutations: batch.map {
                        PushedMutation(id: $0.id, mutation: $0.mutation, actor: $0.actor, createdAt: $0.createdAt)
                    }))
            if let expected = response.expectedID, expected < (batch.first?.id ?? 0) {
                // The hub has lost mutations this board already saw confirmed (its data went back
                // to an older backup): they cannot be sent again, so say so loudly.
                logger.critical(
                    "the hub expects a mutation this board no longer holds",
                    metadata: ["expected": "\(expected)", "first pending": "\(batch.first?.id ?? 0)"])
                break
            }
            outbox.removeAll { $0.id <= response.lastMutationID }
            if response.lastMutationID < (batch.last?.id ?? 0) { break }
        }
        let pull = try await connection.pull(
            cookie: state.cookie, clientID: state.clientID, after: state.lastMutationID,
            pending: try journal.outbox().count, panelProblem: panelProblem())
        guard pull.protocolVersion == SyncProtocol.version else {
            throw HubConnection.Failure.unreadable("the hub answered with protocol version \(pull.protocolVersion)")
        }
        let applied = try journal.applyPull(
            .init(
                cookie: pull.cookie, reset: pull.reset, cards: pull.cards, blocks: pull.blocks,
                lastMutationID: pull.lastMutationID, prints: pull.prints.map { ($0.id, $0.card) }),
            layout: layout, now: clock())
        known.withLock { $0 = max($0 ?? -1, pull.cookie) }
        let settled = pull.results.filter { $0.status != .applied }
        for result in settled {
            logger.notice(
                "the hub settled a mutation differently",
                metadata: ["id": "\(result.id)", "status": "\(result.status)", "reason": "\(result.reason ?? "")"])
        }
        await onReport(
            Report(
                online: true, pending: applied.pending, queuedPrints: applied.queuedPrints, settled: settled,
                problem: nil))
    }

    static func explain(_ error: any Error) -> String {
        if let failure = error as? HubConnection.Failure { return failure.description }
        if let failure = error as? HubTrustFailure { return failure.description }
        return "the hub cannot be reached (\(error))"
    }
}
