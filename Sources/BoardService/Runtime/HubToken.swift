import BoardModel
import Foundation
import LinuxIO
import Render
import Settings
import Sync

/// The board's hub token file: the token, then the board's id, one per line (mode 0600).
public struct HubToken: Equatable, Sendable {
    public var token: String
    public var boardID: String?

    public init(token: String, boardID: String?) {
        self.token = token
        self.boardID = boardID
    }

    /// The kept token, nil when there is none yet.
    public static func read(_ path: String) -> HubToken? {
        let lines = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let token = lines.first, !token.isEmpty else { return nil }
        return HubToken(token: token, boardID: lines.dropFirst().first)
    }

    /// Writes the token readable by its owner only.
    public func save(to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        do {
            try DurableFile.replace(path, Array("\(token)\n\(boardID ?? "")\n".utf8), mode: 0o600)
        } catch {
            throw BoardSetupError(
                "cannot write the hub token to \(path) (\(error)): check the folder's owner and mode")
        }
    }
}

/// Something the board's settings ask for that cannot be done (no token and no enrolment code, a
/// panel that cannot be opened); says what to do about it.
public struct BoardSetupError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension BoardConfig.HubLink {
    /// Which certificates the board accepts from its hub: the venue CA's file or fingerprint
    /// when board.yaml names one, the system's trust store otherwise.
    public var trust: HubTrust {
        if let caFile { return .caFile(caFile) }
        if let caFingerprint { return .pinned(fingerprint: caFingerprint) }
        return .system
    }
}

extension BoardConfig {
    /// Enrols when a code is configured and no token is kept yet (a code is used once), so the
    /// code may stay in board.yaml; returns the token, or nil when there is no hub.
    /// `again` enrols even when a token is kept (the code was given on the command line).
    public func enrolIfNeeded(again: Bool = false, say: @Sendable (String) -> Void) async throws -> HubToken? {
        guard let hub else { return nil }
        if !again, let kept = HubToken.read(tokenPath) { return kept }
        guard let code = hub.enrolCode else {
            throw BoardSetupError(
                "no hub token at \(tokenPath): set hub.enrol to a code from `openspace hub board add ID` "
                    + "(or run once with --enrol CODE)")
        }
        let transport = HubTransport(trust: hub.trust)
        let enrolled = await Result(awaiting: {
            try await HubConnection(base: hub.url, token: nil, transport: transport).enrol(code: code)
        })
        await transport.shutdown()
        let answer = try enrolled.get()
        let token = HubToken(token: answer.token, boardID: answer.boardID)
        try token.save(to: tokenPath)
        say("enrolled with \(hub.url) as board \(answer.boardID)")
        return token
    }

    /// What the panel shows from start until the first sync: the board's name, this release, the
    /// machine's addresses, the hub's state, and a QR code of the board's page on the hub.
    public func bootScreen(layout: ConferenceLayout, token: HubToken?) -> BootScreen {
        let hubLine: BootScreen.HubLine =
            hub.map { token == nil ? .notEnrolled($0.url) : .connecting($0.url) } ?? .noHub
        return BootScreen(
            boardName: name ?? BootInfo.hostName(), version: OpenSpaceVersion.current, addresses: BootInfo.addresses(),
            hub: hubLine, pageURL: token?.boardID.flatMap { $0.isEmpty ? nil : codes.boardPage(for: $0) },
            conference: layout.eventName)
    }
}
