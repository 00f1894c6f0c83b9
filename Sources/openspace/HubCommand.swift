import ArgumentParser
import BoardModel
import Daemon
import Foundation
import Hub
import Logging
import Render
import ServiceLifecycle
import Settings

/// `openspace hub`: the central store, its web pages and its administration.
struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Run the hub (the central store, sync API and web pages), or administer it.",
        subcommands: [HubServe.self, HubBoardCommand.self, HubStaffCommand.self, HubTLSCommand.self],
        defaultSubcommand: HubServe.self)
}

/// What every hub command needs: the hub's config file, and overrides of its settings.
struct HubOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The hub's config file (/etc/openspace/hub.yaml on a server; see deploy/examples/hub.yaml).",
            valueName: "file"))
    var config: String?

    @Option(help: "The conference layout file (YAML; layout).")
    var layout: String?

    @Option(
        help: ArgumentHelp(
            "Where the hub keeps its data: a SQLite file path, or a postgres:// URL (storage; default out/hub/hub.sqlite).",
            valueName: "path-or-url"))
    var database: String?

    @Option(help: "The hub's public address: printed codes and page links start with it (public_url).")
    var publicURL: String?

    /// The settings: the config file (if any), the environment, then these options and `extra`.
    func resolved(_ extra: [(key: String, value: String?, option: String)] = []) throws -> HubConfig {
        try HubConfig.load(
            file: config,
            options: [
                ("layout", layout, "--layout"), ("storage", database, "--database"),
                ("public_url", publicURL, "--public-url"),
            ] + extra)
    }

    func makeHub(logger: Logger, extra: [(key: String, value: String?, option: String)] = []) throws -> Hub {
        let settings = try resolved(extra)
        let layout: ConferenceLayout
        do {
            layout = try ConferenceLayout.load(path: settings.layoutPath)
        } catch {
            throw SetupFailure("the conference layout \(settings.layoutPath) is not usable: \(error)")
        }
        let proxies: TrustedProxies
        do {
            proxies = try TrustedProxies(settings.trustedProxies)
        } catch {
            throw ConfigError(key: "proxy.trusted", origin: config ?? "settings", reason: error.description)
        }
        var limits = HubLimits()
        let refill = Double(settings.refillSeconds)
        limits.signInPerAddress = AttemptLimit(burst: settings.signInPerAddress, refillSeconds: refill)
        limits.signInPerName = AttemptLimit(burst: settings.signInPerName, refillSeconds: refill)
        limits.enrolPerAddress = AttemptLimit(burst: settings.enrolPerAddress, refillSeconds: refill)
        return Hub(
            store: try HubStores.open(settings.storage),
            settings: HubSettings(
                layout: layout, codes: ScanCodeFormat(hub: settings.publicURL),
                sessionLifetime: TimeInterval(settings.staffSessionHours * 3_600), limits: limits,
                trustedProxies: proxies),
            logger: logger)
    }

    /// Runs `body` with the hub's store running and its schema up to date (the admin commands).
    func withHub<T: Sendable>(_ body: @escaping @Sendable (Hub) async throws -> T) async throws -> T {
        var logger = Logger(label: "openspace.hub")
        logger.logLevel = .warning
        let hub = try makeHub(logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await hub.store.run { _ in }
                return nil
            }
            group.addTask {
                try await hub.prepare()
                return try await body(hub)
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }
}

struct HubServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the sync API, the web pages and /metrics.")

    @OptionGroup var options: HubOptions

    @Option(help: "The address to listen on (listen.host; default 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on (listen.port; default 8080; 0 picks a free one).")
    var port: Int?

    func run() async throws {
        try ServiceLogging.bootstrap()
        let logger = Logger(label: "openspace.hub")
        // Under systemd (Type=notify): ready once the schema is migrated and the port is open;
        // the watchdog is pinged while the service group runs.
        let systemd = ServiceNotifier(logger: logger)
        let listen: [(key: String, value: String?, option: String)] = [
            ("listen.host", self.host, "--host"), ("listen.port", self.port.map(String.init), "--port"),
        ]
        let settings = try options.resolved(listen)
        let hub = try options.makeHub(logger: logger, extra: listen)
        let (host, port) = (settings.host, settings.port)
        var tls: HubTLS?
        if let certificate = settings.tlsCertificate, let key = settings.tlsKey {
            tls = try HubTLS(certificate: certificate, key: key, logger: logger)
            // A reload asked for before the service that handles it runs is ignored, never the
            // default action (which ends the process).
            signal(SIGHUP, SIG_IGN)
        }
        let scheme = tls == nil ? "http" : "https"
        let app = try HubServer.application(hub: hub, host: host, port: port, tls: tls, logger: logger) { port in
            let address = "\(scheme)://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/"
            Console.line("hub ready: \(address)")
            systemd.ready(status: "serving \(address)")
        }
        // SIGTERM (systemd) or SIGINT (Ctrl-C) stops the hub gracefully; what is still running
        // after 10 s is cancelled, so a stop never hangs.
        var configuration = ServiceGroupConfiguration(
            services: [app, WatchdogService(notifier: systemd)], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(10)
        try await ServiceGroup(configuration: configuration).run()
        Console.line("hub stopped")
    }
}

struct HubBoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board", abstract: "Add, list and revoke the boards that may sync with the hub.",
        subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a board and print its one-time enrolment code (valid for 7 days).")

        @OptionGroup var options: HubOptions

        @Argument(help: "The board's id: 1 to 32 of a-z, 0-9 and '-' (hall-a).")
        var id: String

        @Option(help: "A name for people (\"Hall A, by the stairs\").")
        var name = ""

        @Option(help: "Also write the code as a QR code into this PNG file, to scan at the board.")
        var qr: String?

        func run() async throws {
            let (id, name) = (self.id, self.name)
            let code = try await options.withHub { hub in try await hub.addBoard(id: id, name: name) }
            if let qr {
                let bitmap = try QRCode(code).bitmap(moduleSize: 8, quietZone: 4)
                try PNG.write(bitmap, to: qr)
            }
            Console.line("board \(id): enrolment code \(code)")
            Console.line("on the board: openspace board --sync-with <hub address> --enrol \(code)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the boards.")

        @OptionGroup var options: HubOptions

        func run() async throws {
            let boards = try await options.withHub { hub in try await hub.store.boards() }
            for board in boards {
                let state = board.revoked ? "revoked" : board.enrolled ? "enrolled" : "waiting for enrolment"
                let seen = board.lastSeen.map { "last seen \($0.formatted(.iso8601))" } ?? "never seen"
                Console.line(
                    "\(board.id)  \(state)  \(seen)  pending \(board.pending.map(String.init) ?? "-")  "
                        + "\(board.software ?? "-")  \(board.name)"
                        + (board.panelProblem.map { "\n    \($0)" } ?? ""))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a board's token (it must enrol again).")

        @OptionGroup var options: HubOptions

        @Argument var id: String

        func run() async throws {
            let id = self.id
            guard try await options.withHub({ hub in try await hub.store.revokeBoard(id: id) }) else {
                throw ValidationError("there is no board \(id)")
            }
            Console.line("board \(id): revoked")
        }
    }
}

struct HubStaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Set a staff member's password (read from standard input).")

    @OptionGroup var options: HubOptions

    @Argument(help: "The staff member's sign-in name: 1 to 32 of a-z, 0-9 and '-'.")
    var name: String

    func run() async throws {
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            throw ValidationError("write the password on standard input (echo … | openspace hub staff NAME)")
        }
        let name = self.name
        try await options.withHub { hub in try await hub.setStaffPassword(name: name, password: password) }
        Console.line("staff \(name): password set")
    }
}
