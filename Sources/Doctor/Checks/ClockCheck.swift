import Foundation

/// The clock: the board decides from it which slot is current and which are over or frozen, and
/// a Raspberry Pi has no battery-backed clock, so until time sync runs it may think it is years ago.
public struct ClockCheck: Sendable {
    /// Before this year the clock was never set (no release of the board predates it).
    public static let earliestYear = 2025
    /// More skew than this from the hub's clock is worth fixing.
    public static let allowedSkew: TimeInterval = 120

    public let now: Date
    /// The hub's clock (its Date header), when the hub answered.
    public let hubDate: Date?

    public init(now: Date, hubDate: Date?) {
        self.now = now
        self.hubDate = hubDate
    }

    static let syncFix =
        "turn on time sync: `sudo timedatectl set-ntp true` (systemd-timesyncd; or install chrony) and let the "
        + "board reach an NTP server"

    public func run() -> CheckResult {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let stamp = now.formatted(.iso8601)
        if calendar.component(.year, from: now) < Self.earliestYear {
            let hub = hubDate.map { "; the hub says \($0.formatted(.iso8601))" } ?? ""
            return CheckResult(
                .blocking, "clock",
                "the clock says \(stamp)\(hub): the board would take the wrong slots as current, over or frozen",
                fix: Self.syncFix + "; or set it by hand: `sudo date -s '2027-05-14 09:30'`")
        }
        guard let hubDate else { return CheckResult(.ok, "clock", "\(stamp) (no hub clock to compare with)") }
        let skew = now.timeIntervalSince(hubDate)
        guard abs(skew) > Self.allowedSkew else {
            return CheckResult(.ok, "clock", "\(stamp), within \(Int(Self.allowedSkew)) s of the hub's")
        }
        let direction = skew > 0 ? "ahead of" : "behind"
        return CheckResult(
            .warning, "clock", "\(stamp) is \(Int(abs(skew))) s \(direction) the hub's clock",
            fix: Self.syncFix)
    }
}
