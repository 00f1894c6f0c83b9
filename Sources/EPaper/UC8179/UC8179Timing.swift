/// How long an emulated UC8179 holds BUSY low for each operation that makes it busy.
public struct UC8179Timing: Equatable, Sendable {
    /// Power ON (PON, 0x04): the charge pumps coming up.
    public var powerOn: Duration
    /// Power OFF (POF, 0x02): the charge pumps going down.
    public var powerOff: Duration
    /// Display Refresh (DRF, 0x12) of the whole panel.
    public var fullRefresh: Duration
    /// Display Refresh inside Partial In: one window.
    public var partialRefresh: Duration

    public init(powerOn: Duration, powerOff: Duration, fullRefresh: Duration, partialRefresh: Duration) {
        self.powerOn = powerOn
        self.powerOff = powerOff
        self.fullRefresh = fullRefresh
        self.partialRefresh = partialRefresh
    }

    /// Every refresh the same length and power switching instant (a simple slow or quick panel).
    public static func refreshes(taking duration: Duration) -> UC8179Timing {
        UC8179Timing(powerOn: .zero, powerOff: .zero, fullRefresh: duration, partialRefresh: duration)
    }

    /// BUSY never goes low by itself: for tests that do not look at time.
    public static let instant = refreshes(taking: .zero)

    /// The Waveshare 7.5" V2 as measured (`WaveshareV2Settings`): 4.2 s for a full refresh, 1.6 s
    /// for a partial one, 140 ms to power on and 42 ms to power off.
    public static let waveshare7in5V2 = UC8179Timing(
        powerOn: WaveshareV2Settings.measuredPowerOn, powerOff: WaveshareV2Settings.measuredPowerOff,
        fullRefresh: WaveshareV2Settings.measuredFullRefresh, partialRefresh: WaveshareV2Settings.measuredPartialRefresh
    )
}
