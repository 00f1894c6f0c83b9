import CSystemd
import Glibc
import Logging
import Synchronization

/// Tells systemd how the service is doing (sd_notify(3)): ready, a status line, watchdog pings, stopping.
///
/// Every call does nothing when systemd does not listen (`NOTIFY_SOCKET` unset, as when run by
/// hand), so the service calls it unconditionally.
public final class ServiceNotifier: Sendable {
    /// How often to ping the watchdog: half of systemd's `WATCHDOG_USEC`, so one late ping is not
    /// yet a missed one. Nil when systemd watches no watchdog for this process.
    public let watchdogInterval: Duration?
    private let logger: Logger
    /// Whether a failed notification was already logged: the board pings every second, and one
    /// warning says enough.
    private let failureLogged = Mutex(false)

    /// Reads the watchdog settings systemd gave this process (`WATCHDOG_USEC`, `WATCHDOG_PID`).
    public init(logger: Logger = Logger(label: "openspace.systemd")) {
        var microseconds: UInt64 = 0
        // sd_watchdog_enabled(3) checks WATCHDOG_PID against this process, so a child that
        // inherited the variables does not take its parent's watchdog for its own.
        if sd_watchdog_enabled(0, &microseconds) > 0 {
            watchdogInterval = .microseconds(Int64(clamping: microseconds / 2))
        } else {
            watchdogInterval = nil
        }
        self.logger = logger
    }

    /// Whether systemd listens for notifications: false when the service runs by hand.
    public var isSupervised: Bool { getenv("NOTIFY_SOCKET") != nil }

    /// Start-up is over (`Type=notify` units become active only now), with a status line for
    /// `systemctl status`.
    public func ready(status: String? = nil) {
        send(["READY=1"] + (status.map { ["STATUS=" + Self.oneLine($0)] } ?? []))
    }

    /// A status line for `systemctl status` ("online, 2 pending").
    public func status(_ text: String) {
        send(["STATUS=" + Self.oneLine(text)])
    }

    /// Tells the watchdog the service is alive; due every `watchdogInterval`, harmless more often.
    public func watchdog() {
        send(["WATCHDOG=1"])
    }

    /// The service is shutting down on purpose (so a slow stop is not taken for a hang).
    public func stopping() {
        send(["STOPPING=1"])
    }

    private func send(_ assignments: [String]) {
        let result = sd_notify(0, assignments.joined(separator: "\n"))
        guard result < 0 else { return }
        let first = failureLogged.withLock { logged in
            defer { logged = true }
            return !logged
        }
        logger.log(
            level: first ? .warning : .debug,
            "could not notify systemd through NOTIFY_SOCKET: \(String(cString: strerror(-result)))",
            metadata: ["notification": "\(assignments.first ?? "")"])
    }

    /// The protocol is one assignment per line: a line break in a value would end it early.
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
