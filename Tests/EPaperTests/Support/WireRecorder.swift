import EPaper
import LinuxIO
import Render
import Synchronization

/// One thing a driver did on the wire, in order.
enum WireEvent: Equatable, CustomStringConvertible {
    /// An SPI write and the DC level it went out with.
    case spi(dc: Bool, [UInt8])
    /// RST or PWR set to a level.
    case pin(String, Bool)
    /// The driver paused.
    case pause(Duration)
    /// The driver waited for BUSY to read idle (high).
    case waitIdle

    var description: String {
        switch self {
        case .spi(let dc, let bytes):
            let shown = bytes.prefix(12).map { String($0, radix: 16) }.joined(separator: " ")
            return "\(dc ? "data" : "command")[\(bytes.count)](\(shown)\(bytes.count > 12 ? " ..." : ""))"
        case .pin(let name, let level): return "\(name)=\(level ? 1 : 0)"
        case .pause(let duration): return "pause(\(duration))"
        case .waitIdle: return "waitIdle"
        }
    }
}

/// A command byte as the reference sends it: one write with DC low.
func command(_ byte: UInt8) -> WireEvent { .spi(dc: false, [byte]) }

/// Parameters or image data: one write with DC high.
func data(_ bytes: [UInt8]) -> WireEvent { .spi(dc: true, bytes) }

/// How the fake BUSY line answers the driver's waits.
enum BusyScript: Sendable {
    /// Every wait finds the panel idle.
    case alwaysIdle
    /// The first `count` waits time out, later ones find the panel idle.
    case timesOut(first: Int)
    /// No wait ever finds the panel idle.
    case neverIdle
}

/// Fake SPI and GPIO that record what a driver does, in order, with the DC level of each SPI
/// write, and a scripted BUSY line; pauses are recorded instead of slept.
final class WireRecorder: Sendable {
    private let log = Mutex<[WireEvent]>([])
    private let dcLevel = Mutex(false)
    private let waits = Mutex(0)
    private let script: BusyScript

    init(busy script: BusyScript = .alwaysIdle) {
        self.script = script
    }

    var events: [WireEvent] { log.withLock { $0 } }

    /// Forgets what was recorded so far.
    func clear() { log.withLock { $0.removeAll() } }

    /// A driver wired to this recorder, with a PWR line unless `withPowerLine` is false.
    func driver(withPowerLine: Bool = true, busyTimeout: Duration = .milliseconds(5)) -> WaveshareV2Driver {
        WaveshareV2Driver(
            spi: RecordingSPI(recorder: self), dc: DCLine(recorder: self),
            reset: NamedLine(recorder: self, name: "RST"),
            power: withPowerLine ? NamedLine(recorder: self, name: "PWR") : nil, busy: ScriptedBusy(recorder: self),
            busyTimeout: busyTimeout, sleep: { [self] duration in record(.pause(duration)) })
    }

    fileprivate func record(_ event: WireEvent) { log.withLock { $0.append(event) } }

    fileprivate func setDC(_ high: Bool) { dcLevel.withLock { $0 = high } }

    fileprivate func write(_ bytes: [UInt8]) { record(.spi(dc: dcLevel.withLock { $0 }, bytes)) }

    fileprivate func nextWaitFindsIdle() -> Bool {
        record(.waitIdle)
        let number = waits.withLock { count in
            count += 1
            return count
        }
        switch script {
        case .alwaysIdle: return true
        case .timesOut(let first): return number > first
        case .neverIdle: return false
        }
    }
}

private struct RecordingSPI: SPIDevice {
    let recorder: WireRecorder
    func write(_ bytes: [UInt8]) throws { recorder.write(bytes) }
}

/// DC changes are not logged on their own: each SPI write carries the level it went out with.
private struct DCLine: OutputLine {
    let recorder: WireRecorder
    func set(_ high: Bool) throws { recorder.setDC(high) }
}

private struct NamedLine: OutputLine {
    let recorder: WireRecorder
    let name: String
    func set(_ high: Bool) throws { recorder.record(.pin(name, high)) }
}

private struct ScriptedBusy: InputLine {
    let recorder: WireRecorder
    func read() throws -> Bool { true }
    func wait(for level: Bool, timeout: Duration) throws -> Bool {
        precondition(level, "The driver only ever waits for BUSY to go idle (high)")
        return recorder.nextWaitFindsIdle()
    }
}

/// The sequences of Waveshare's EPD_7in5_V2.c, transcribed byte for byte from the reference
/// (not from the driver's settings), with the documented deviations marked where they apply.
enum Reference {
    static let resetPulse: [WireEvent] = [
        .pin("RST", true), .pause(.milliseconds(20)), .pin("RST", false), .pause(.milliseconds(2)),
        .pin("RST", true), .pause(.milliseconds(20)),
    ]

    /// `PON`, the reference's 100 ms pause, then the wait for idle.
    static let powerOn: [WireEvent] = [command(0x04), .pause(.milliseconds(100)), .waitIdle]

    /// `EPD_7IN5_V2_Init`.
    static let initFull: [WireEvent] =
        resetPulse + [
            command(0x01), data([0x07, 0x07, 0x3F, 0x3F]),
            command(0x06), data([0x17, 0x17, 0x28, 0x17]),
        ] + powerOn + [
            command(0x00), data([0x1F]),
            command(0x61), data([0x03, 0x20, 0x01, 0xE0]),
            command(0x15), data([0x00]),
            command(0x50), data([0x10, 0x07]),
            command(0x60), data([0x22]),
        ]

    /// `EPD_7IN5_V2_Init_Fast`.
    static let initFast: [WireEvent] =
        resetPulse + [command(0x00), data([0x1F]), command(0x50), data([0x10, 0x07])] + powerOn + [
            command(0x06), data([0x27, 0x27, 0x18, 0x17]),
            command(0xE0), data([0x02]),
            command(0xE5), data([0x5A]),
        ]

    /// `EPD_7IN5_V2_Init_Part`.
    static let initPartial: [WireEvent] =
        resetPulse + [command(0x00), data([0x1F])] + powerOn + [
            command(0xE0), data([0x02]),
            command(0xE5), data([0x6E]),
        ]

    /// `EPD_7IN5_V2_TurnOnDisplay`.
    static let refresh: [WireEvent] = [command(0x12), .pause(.milliseconds(100)), .waitIdle]

    /// `EPD_7IN5_V2_Display`: the paint buffer (set = white) to OLD, inverted to NEW.
    static func displayFull(_ frame: Bitmap) -> [WireEvent] {
        [command(0x10), data(frame.bytes.map { ~$0 }), command(0x13), data(frame.bytes)] + refresh
    }

    /// `EPD_7IN5_V2_Display_Part` with deviation (b), both planes, and GxEPD2's Partial Out.
    static func displayPartial(window: [UInt8], old: [UInt8], new: [UInt8]) -> [WireEvent] {
        [
            command(0x50), data([0xA9, 0x07]),
            command(0x91),
            command(0x90), data(window),
            command(0x10), data(old),
            command(0x13), data(new),
        ] + refresh + [command(0x92)]
    }

    /// `EPD_7IN5_V2_Sleep`.
    static let sleep: [WireEvent] = [
        command(0x50), data([0xF7]),
        command(0x02), .waitIdle,
        command(0x07), data([0xA5]),
    ]
}
