import ArgumentParser
import BoardModel
import BoardService
import BoardStore
import Foundation
import Logging
import Sync

/// How a board reaches its hub.
struct SyncOptions: ParsableArguments {
    @Option(
        name: .customLong("sync-with"),
        help: ArgumentHelp(
            "The hub to sync with (http://hub.local:8080); without it the board keeps its changes to itself.",
            valueName: "address"))
    var syncWith: String?

    @Option(help: "Enrol with the hub using this one-time code (from `openspace hub board add`) and keep the token.")
    var enrol: String?

    @Option(help: "Where the board's hub token is kept (default: hub-token beside the journal).")
    var tokenFile: String?

    @Option(help: "Seconds between pulls when no poke arrives.")
    var pullInterval = 30.0

    func validate() throws {
        if let syncWith {
            guard let url = URL(string: syncWith), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--sync-with must be an http:// or https:// address, not '\(syncWith)'")
            }
        } else if enrol != nil {
            throw ValidationError("--enrol needs --sync-with: the hub to enrol with")
        }
        guard pullInterval >= 0.2, pullInterval <= 3600 else {
            throw ValidationError("--pull-interval must be between 0.2 and 3600 seconds")
        }
    }

    /// Enrols when asked, then starts syncing the journal with the hub in the background;
    /// nil when no hub is named.
    func start(journal: BoardJournal, layout: ConferenceLayout, board: Board) async throws -> Task<Void, Never>? {
        guard let syncWith else { return nil }
        let tokenPath =
            tokenFile
            ?? ((journal.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
                "hub-token")
        if let enrol {
            let answer = try await HubConnection(base: syncWith, token: nil).enrol(code: enrol)
            try Self.save(token: answer.token, board: answer.boardID, to: tokenPath)
            Console.line("enrolled with \(syncWith) as board \(answer.boardID)")
        }
        // The token file holds the token, then the board's id, one per line.
        let saved = ((try? String(contentsOfFile: tokenPath, encoding: .utf8)) ?? "").split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let token = saved.first, !token.isEmpty else {
            throw ValidationError(
                "no hub token at \(tokenPath): enrol once with --enrol CODE (from `openspace hub board add`)")
        }
        let client = SyncClient(
            connection: HubConnection(base: syncWith, token: token, boardID: saved.dropFirst().first),
            journal: journal, layout: layout,
            settings: .init(pullInterval: .milliseconds(Int(pullInterval * 1000))),
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
            try? await board.synced(grid: report.grid, online: report.online, notes: notes)
        }
        await board.link { client.nudge() }
        Console.line("syncing with \(syncWith)")
        return Task { await client.run() }
    }

    /// Writes the token readable by its owner only.
    static func save(token: String, board: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data("\(token)\n\(board)\n".utf8), attributes: [.posixPermissions: 0o600])
        else { throw ValidationError("cannot write the hub token to \(path)") }
    }
}
