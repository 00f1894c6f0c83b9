import Foundation
import LinuxIO
import Render
import Synchronization

/// A UC8179 panel controller in software, behind the same seams as the real wiring, so the real
/// driver can draw on it in-process: it interprets the command stream (with the DC level) into
/// the image the panel would show.
///
/// Modelled: the OLD and NEW RAM planes; Resolution Setting; the partial window (0x90, decoded
/// as the chip does) with Partial In and Out, which confine RAM writes and refreshes to the
/// window; the CDI bits that matter for the image (DDX[0] data polarity, N2OCP new-to-old copy);
/// Power ON/OFF (a refresh with the charge pumps off changes nothing); Display Refresh, which
/// copies the NEW plane (whole, or the window in partial mode) onto the glass, `displayed`;
/// deep sleep, in which everything but a reset pulse is ignored; the HAT's PWR switch; BUSY.
/// Refreshes take effect on the glass at once; BUSY then stays low for as long as `timing` says
/// (the real panel's times, or none at all), and so it does after Power ON and Power OFF.
///
/// Assumptions where the datasheet was not at hand, none of which the driver depends on: after a
/// reset the resolution is 800x480 (Waveshare's fast and partial inits never send 0x61), DDX[0] is
/// set (a set bit is white; every reference sequence sets CDI before drawing), and RAM keeps its
/// contents.
///
/// Anything the chip would not take, such as a byte sent while BUSY is low, a parameter too many,
/// or a refresh without power, lands in `protocolViolations`; commands it does not know land in
/// `unknownCommands`.
public final class UC8179Emulator: Sendable {
    /// How `holdBusy` holds BUSY low, to simulate a slow or stuck panel.
    public enum BusyHold: Equatable, Sendable {
        /// Busy for this long from now, then idle (unless a refresh keeps it busy longer).
        case lasting(Duration)
        /// The next Display Refresh hangs: it leaves the glass as it was and keeps BUSY low
        /// until a reset pulse, like a controller that a reset cures.
        case nextRefreshUntilReset
        /// Busy until `releaseBusy()`, whatever happens: a panel that is gone or broken.
        case forever
    }

    /// The SPI seam: bytes are commands while DC is low and parameters or image data while high.
    public let spi: any SPIDevice
    /// The data/command select line.
    public let dc: any OutputLine
    /// RST: a low-then-high pulse resets the chip and wakes it from deep sleep.
    public let reset: any OutputLine
    /// The HAT's PWR switch for the panel's supply.
    public let power: any OutputLine
    /// BUSY_N: low while the chip is busy (and while it has no supply).
    public let busy: any InputLine

    private let core: Core

    /// - Parameters:
    ///   - timing: how long BUSY stays low after Power ON, Power OFF and each Display Refresh:
    ///     `.waveshare7in5V2` behaves as the real panel does, `.instant` suits tests that do not
    ///     look at time.
    ///   - hasPowerSwitch: true for HAT rev 2.3, whose panel has no supply until PWR goes high;
    ///     false for older HATs, where the supply is always on and PWR writes are ignored.
    public init(timing: UC8179Timing = .instant, hasPowerSwitch: Bool = true) {
        let core = Core(timing: timing, hasPowerSwitch: hasPowerSwitch)
        self.core = core
        spi = EmulatedSPI(core: core)
        dc = EmulatedLine(core: core, pin: .dataCommand)
        reset = EmulatedLine(core: core, pin: .reset)
        power = EmulatedLine(core: core, pin: .power)
        busy = EmulatedBusy(core: core)
    }

    /// What the panel shows: 800x480, set bit = black.
    public var displayed: Bitmap { core.state.withLock { $0.displayed } }

    /// What the panel shows, as a call: a copy of `displayed`.
    public func displayedFrame() -> Bitmap { displayed }

    /// Command bytes the emulator does not know, in the order received.
    public var unknownCommands: [UInt8] { core.state.withLock { $0.unknownCommands } }

    /// Traffic the real chip would not accept, one sentence each.
    public var protocolViolations: [String] { core.state.withLock { $0.violations } }

    /// Whole-panel Display Refreshes that reached the glass.
    public var fullRefreshCount: Int { core.state.withLock { $0.fullRefreshCount } }
    /// Windowed (Partial In) Display Refreshes that reached the glass.
    public var partialRefreshCount: Int { core.state.withLock { $0.partialRefreshCount } }

    /// Whether the chip is in deep sleep.
    public var isAsleep: Bool { core.state.withLock { $0.asleep } }

    /// Whether Partial In is active.
    public var isInPartialMode: Bool { core.state.withLock { $0.partialMode } }

    /// The last partial window received, as the chip decoded it.
    public var partialWindow: UC8179PartialWindow? { core.state.withLock { $0.window } }

    /// The resolution the chip addresses its RAM with (Resolution Setting, 0x61).
    public var resolution: (width: Int, height: Int) {
        core.state.withLock { ($0.resolutionWidth, $0.resolutionHeight) }
    }

    /// How long BUSY stays low after each operation that makes the chip busy.
    public var timing: UC8179Timing {
        get { core.state.withLock { $0.timing } }
        set { core.state.withLock { $0.timing = newValue } }
    }

    /// Holds BUSY low, to test how a driver copes with a slow or stuck panel.
    public func holdBusy(_ hold: BusyHold) {
        core.change { state in
            switch hold {
            case .lasting(let duration): state.hold = .until(ContinuousClock.now + duration)
            case .nextRefreshUntilReset: state.nextRefreshHangs = true
            case .forever: state.hold = .forever
            }
        }
    }

    /// Ends any `holdBusy`, including a hang still waiting for its refresh.
    public func releaseBusy() {
        core.change { state in
            state.hold = nil
            state.nextRefreshHangs = false
        }
    }
}

// MARK: - Controller state

/// The state all seams share, and the doorbell BUSY waiters sleep on.
///
/// Waiters take the doorbell's lock before they look at the state and keep it until they sleep,
/// and every change rings the doorbell only after it is made, so no wake-up is lost.
private final class Core: Sendable {
    let state: Mutex<UC8179ChipState>
    private let doorbell = NSCondition()

    init(timing: UC8179Timing, hasPowerSwitch: Bool) {
        state = Mutex(UC8179ChipState(timing: timing, hasPowerSwitch: hasPowerSwitch))
    }

    /// Changes the state and wakes every BUSY waiter to look again.
    func change(_ body: (inout UC8179ChipState) -> Void) {
        state.withLock { body(&$0) }
        doorbell.lock()
        doorbell.broadcast()
        doorbell.unlock()
    }

    func waitForBusy(level: Bool, timeout: Duration) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        doorbell.lock()
        defer { doorbell.unlock() }
        while true {
            let now = clock.now
            let (idle, busyEnds) = state.withLock { ($0.isIdle(at: now), $0.busyEnds(after: now)) }
            if idle == level { return true }
            if now >= deadline { return false }
            // A timed busy period ends by itself, with no change to ring the doorbell.
            let wake = busyEnds.map { min($0, deadline) } ?? deadline
            let (seconds, attoseconds) = (wake - now).components
            _ = doorbell.wait(until: Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18))
        }
    }
}

// MARK: - Seams

private struct EmulatedSPI: SPIDevice {
    let core: Core

    func write(_ bytes: [UInt8]) throws {
        core.change { $0.receive(bytes) }
    }
}

private struct EmulatedLine: OutputLine {
    enum Pin {
        case dataCommand
        case reset
        case power
    }

    let core: Core
    let pin: Pin

    func set(_ high: Bool) throws {
        core.change { state in
            switch pin {
            case .dataCommand: state.dcHigh = high
            case .reset: state.setReset(high)
            case .power: state.setPower(high)
            }
        }
    }
}

private struct EmulatedBusy: InputLine {
    let core: Core

    func read() throws -> Bool {
        core.state.withLock { $0.isIdle(at: .now) }
    }

    func wait(for level: Bool, timeout: Duration) throws -> Bool {
        core.waitForBusy(level: level, timeout: timeout)
    }
}
