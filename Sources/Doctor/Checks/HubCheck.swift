import AsyncHTTPClient
import BoardService
import Foundation
import Settings
import Sync
import SyncWire

/// The hub: reachable, and this board enrolled (its token accepted). Unreachable only warns (the
/// board works offline and syncs later); no way to enrol, or a refused token, blocks.
public struct HubCheck: Sendable {
    public let config: BoardConfig
    public let environment: DoctorEnvironment
    /// How long the hub has to answer.
    public var timeout: Duration = .seconds(5)

    public init(config: BoardConfig, environment: DoctorEnvironment) {
        self.config = config
        self.environment = environment
    }

    /// Where the token is kept, as the board keeps it.
    public var tokenPath: String { config.tokenPath }

    /// The token and board id the board keeps (first and second line of the token file).
    func keptToken() -> (token: String, boardID: String?)? {
        let lines = (environment.root.text(tokenPath) ?? "").split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let token = lines.first, !token.isEmpty else { return nil }
        return (token, lines.dropFirst().first.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The finding, and the hub's clock when it answered (for the clock check).
    public func run() async -> (CheckResult, hubDate: Date?) {
        guard let hub = config.hub else {
            return (CheckResult(.info, "hub", "none configured (hub.url): the board works on its own"), nil)
        }
        let kept = keptToken()
        if kept == nil, hub.enrolCode == nil {
            return (
                CheckResult(
                    .blocking, "hub", "no hub token at \(tokenPath) and no hub.enrol code: the service cannot start",
                    fix: "on the hub run `openspace hub board add ID`, then set hub.enrol to the code it prints "
                        + "(or run `openspace board --enrol CODE` once)"), nil
            )
        }
        let url = hub.url + SyncProtocol.basePath + "/pull?protocol=\(SyncProtocol.version)"
        let started = ContinuousClock.now
        let answer: HubAnswer
        do {
            answer = try await environment.hub.get(url, token: kept?.token, timeout: timeout, trust: hub.trust)
        } catch let untrusted as HubTrustFailure {
            return (
                CheckResult(
                    .blocking, "hub", "\(hub.url): \(untrusted)",
                    fix: "on the hub, `openspace hub tls show` prints the CA's fingerprint and the names its "
                        + "certificate is for: hub.url must use one of them, and hub.ca_fingerprint (or the file in "
                        + "hub.ca_file) must be that CA's"), nil
            )
        } catch {
            return (
                CheckResult(
                    .warning, "hub",
                    "\(hub.url) unreachable (\(reason(error))): the board works offline and syncs when it is back",
                    fix: "check hub.url and the network (`curl \(hub.url)/` from the board), and that the hub runs"),
                nil
            )
        }
        let took = (ContinuousClock.now - started).components
        let milliseconds = took.seconds * 1000 + took.attoseconds / 1_000_000_000_000_000
        guard let kept else {
            return (
                CheckResult(
                    .ok, "hub",
                    "\(hub.url) answered in \(milliseconds) ms; not enrolled yet: the board enrols with "
                        + "hub.enrol when it starts"), answer.date
            )
        }
        let board = kept.boardID.map { "board \($0)" } ?? "this board"
        switch answer.status {
        case 200..<300:
            return (
                CheckResult(.ok, "hub", "\(hub.url) answered in \(milliseconds) ms; \(board) enrolled"), answer.date
            )
        case 401, 403:
            let id = kept.boardID ?? "ID"
            return (
                CheckResult(
                    .blocking, "hub", "\(hub.url) refused the token of \(board) (\(answer.status)): revoked or unknown",
                    fix: "add the board again on the hub (`openspace hub board add \(id)`), set hub.enrol to the new "
                        + "code and delete \(tokenPath) (or run `openspace board --enrol CODE` once)"), answer.date
            )
        default:
            let body = answer.body.prefix(200).trimmingCharacters(in: .whitespacesAndNewlines)
            return (
                CheckResult(
                    .warning, "hub", "\(hub.url) answered \(answer.status)\(body.isEmpty ? "" : ": \(body)")",
                    fix: "check that hub.url is the hub's address and that hub and board run the same release"),
                answer.date
            )
        }
    }

    /// A connection error in a few words (AsyncHTTPClient's and NIO's own texts nest several layers).
    func reason(_ error: any Error) -> String {
        if let error = error as? HTTPClientError,
            [.deadlineExceeded, .connectTimeout, .readTimeout].contains(error)
        {
            return "no answer within \(timeout.components.seconds) s"
        }
        let text = String(describing: error)
        for (clue, words) in [
            ("Connection refused", "connection refused"), ("No route to host", "no route to host"),
            ("Network is unreachable", "network unreachable"), ("UnknownHost", "its host name does not resolve"),
        ] where text.contains(clue) {
            return words
        }
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}
