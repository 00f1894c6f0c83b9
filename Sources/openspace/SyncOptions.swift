import ArgumentParser
import BoardModel
import BoardService
import BoardStore
import Foundation
import Logging
import Render
import Settings
import Sync

/// Command-line overrides of how a board reaches its hub (`hub.*` in board.yaml).
struct SyncOptions: ParsableArguments {
    @Option(
        name: .customLong("sync-with"),
        help: ArgumentHelp(
            "The hub to sync with (http://hub.local:8080; hub.url); without one the board keeps its changes to itself.",
            valueName: "address"))
    var syncWith: String?

    @Option(help: "Enrol with the hub using this one-time code (from `openspace hub board add`) and keep the token.")
    var enrol: String?

    @Option(help: "Where the board's hub token is kept (hub.token_file; default: hub-token beside the journal).")
    var tokenFile: String?

    @Option(help: "Seconds between pulls when no poke arrives (hub.pull_interval; default 30).")
    var pullInterval: Double?

    var overrides: [(key: String, value: String?, option: String)] {
        [
            ("hub.url", syncWith, "--sync-with"), ("hub.enrol", enrol, "--enrol"),
            ("hub.token_file", tokenFile, "--token-file"),
            ("hub.pull_interval", pullInterval.map { "\($0)" }, "--pull-interval"),
        ]
    }
}

/// The token file: the token, then the board's id, one per line (mode 0600).
struct HubToken: Equatable {
    var token: String
    var boardID: String?

    static func read(_ path: String) -> HubToken? {
        let lines = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let token = lines.first, !token.isEmpty else { return nil }
        return HubToken(token: token, boardID: lines.dropFirst().first)
    }

    /// Writes the token readable by its owner only.
    func save(to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data("\(token)\n\(boardID ?? "")\n".utf8),
                attributes: [.posixPermissions: 0o600])
        else { throw ValidationError("cannot write the hub token to \(path)") }
    }
}

extension BoardConfig {
    /// Enrols when a code is configured and no token is kept yet (a code is used once), so the
    /// code may stay in board.yaml; returns the token, or nil when there is no hub.
    /// `again` enrols even when a token is kept (the code was given on the command line).
    func enrolIfNeeded(again: Bool = false) async throws -> HubToken? {
        guard let hub else { return nil }
        if !again, let kept = HubToken.read(tokenPath) { return kept }
        guard let code = hub.enrolCode else {
            throw ValidationError(
                "no hub token at \(tokenPath): set hub.enrol to a code from `openspace hub board add ID` "
                    + "(or run once with --enrol CODE)")
        }
        let answer = try await HubConnection(base: hub.url, token: nil).enrol(code: code)
        let token = HubToken(token: answer.token, boardID: answer.boardID)
        try token.save(to: tokenPath)
        Console.line("enrolled with \(hub.url) as board \(answer.boardID)")
        return token
    }

    /// Starts syncing the journal with the hub in the background; nil when no hub is named.
    func startSync(token: HubToken?, journal: BoardJournal, layout: ConferenceLayout, board: Board) async
        -> Task<Void, Never>?
    {
        guard let hub, let token else { return nil }
        let client = SyncClient(
            connection: HubConnection(base: hub.url, token: token.token, boardID: token.boardID),
            journal: journal, layout: layout,
            settings: .init(pullInterval: .milliseconds(Int(hub.pullInterval * 1000))),
            logger: Logger(label: "openspace.sync")
        ) { report in
            let notes = report.settled.map { result in
                Feedback(
                    .refused,
                    result.status == .parked
                        ? "Hub: a card needs a slot (\(result.reason ?? "slot taken")): pick another slot"
                        : "Hub refused a change: \(result.reason ?? "no reason given")")
            }
            for note in notes { Console.line("sync: \(note.message)") }
            Console.line(
                report.online
                    ? "sync: online, \(report.pending) pending"
                    : "sync: offline (\(report.problem ?? "")), \(report.pending) pending")
            try? await board.synced(grid: report.grid, online: report.online, notes: notes, problem: report.problem)
        }
        await board.link { client.nudge() }
        Console.line("syncing with \(hub.url)")
        return Task { await client.run() }
    }
}

extension BoardConfig {
    /// What the panel shows from start until the first sync: the board's name, this release, the
    /// machine's addresses, the hub's state, and a QR code of the board's page on the hub.
    func bootScreen(layout: ConferenceLayout, token: HubToken?) -> BootScreen {
        let hubLine: BootScreen.HubLine =
            hub.map { token == nil ? .notEnrolled($0.url) : .connecting($0.url) } ?? .noHub
        return BootScreen(
            boardName: name ?? BootInfo.hostName(), version: OpenSpaceVersion.current, addresses: BootInfo.addresses(),
            hub: hubLine, pageURL: token?.boardID.flatMap { $0.isEmpty ? nil : codes.boardPage(for: $0) },
            conference: layout.eventName)
    }
}
