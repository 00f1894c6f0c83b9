import Foundation

/// Reads a kernel clock as a `Duration`, the time base of key events.
///
/// evdev stamps events with `CLOCK_REALTIME` unless told otherwise, so a reader compares its own
/// "now" on the same clock as the events it reads.
public enum KernelClock {
    public static func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> Duration {
        var time = timespec()
        clock_gettime(clock, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// A poll timeout in milliseconds: until `deadline` (rounded up, so the deadline has passed
    /// when it ends), and never longer than `longest`, so a reader notices a stop request.
    public static func pollTimeout(until deadline: Duration?, now: Duration, longest: Duration) -> Int32 {
        let wait = deadline.map { min(max($0 - now, .zero), longest) } ?? longest
        let (seconds, attoseconds) = wait.components
        return Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000) + 1
    }
}
