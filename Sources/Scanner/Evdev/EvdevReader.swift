import Foundation
import LinuxIO

/// Reads key events from one open evdev descriptor and assembles them into scans.
///
/// Any descriptor works: an input device taken with EVIOCGRAB, a FIFO, or a pipe in tests.
/// Event timestamps drive the assembler, so a pause is measured where the keys happened, not
/// where the reads did; the clock of "now" (for ending a scan after a pause) must be the clock
/// of the timestamps. The reader owns the descriptor and closes it on deinit, which also
/// releases the grab.
final class EvdevReader: ScannerConnection {
    let description: String
    private let descriptor: Int32
    private let clock: clockid_t
    private var decoder = EvdevEventDecoder()
    private var assembler: ScanAssembler

    /// Takes over `descriptor`, whose event timestamps are on `clock`.
    init(descriptor: Int32, description: String, clock: clockid_t, rules: ScanRules) {
        self.descriptor = descriptor
        self.description = description
        self.clock = clock
        self.assembler = ScanAssembler(rules: rules)
    }

    /// A made-up scan (shift, A, Enter) read once per process from a pipe by a throwaway reader,
    /// before a device is read. Otherwise the first real scan runs the read path for the first
    /// time (paging it in, setting up runtime metadata) while evdev's buffer of 64 events, about
    /// five shifted characters, fills up: on the rig the first scan was lost to SYN_DROPPED in
    /// nine runs out of ten without this. Kept as a value so the optimizer cannot drop the work.
    private static let warmUp: [ScannerEvent] = {
        let keys: [(UInt16, Int32)] = [
            (LinuxKeyCodes.leftShift, 1), (30, 1), (30, 0), (LinuxKeyCodes.leftShift, 0), (LinuxKeyCodes.enter, 1),
            (LinuxKeyCodes.enter, 0),
        ]
        // Each key event is followed by an all-zero event: SYN_REPORT.
        let bytes = keys.flatMap { code, value in
            InputEvent(time: .zero, type: LinuxInput.eventKey, code: code, value: value).bytes
                + InputEvent(time: .zero, type: 0, code: 0, value: 0).bytes
        }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return [] }
        let written = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        close(ends[1])
        let reader = EvdevReader(descriptor: ends[0], description: "warm-up", clock: CLOCK_REALTIME, rules: ScanRules())
        var results: [ScannerEvent] = []
        if written == bytes.count {
            _ = reader.read(until: { false }, emit: { results.append($0) })
        }
        return results
    }()

    deinit {
        close(descriptor)
    }

    /// Opens `device` without blocking, and takes it for this service alone, so its keys do not
    /// also go to a console or desktop. Its events are stamped on CLOCK_MONOTONIC, which a
    /// change of the wall clock cannot move. A FIFO is read as it is, without a grab.
    static func open(_ device: InputDeviceInfo, rules: ScanRules) throws -> EvdevReader {
        _ = warmUp
        let descriptor = Foundation.open(device.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw ScannerError.inputOpenFailed(device.path, code: errno) }
        var status = stat()
        fstat(descriptor, &status)
        switch status.st_mode & S_IFMT {
        case S_IFIFO:
            return EvdevReader(
                descriptor: descriptor, description: "\(device) (a FIFO, read without a grab)",
                clock: CLOCK_REALTIME, rules: rules)
        case S_IFCHR:
            guard ioctl(descriptor, LinuxInput.grab, CInt(1)) == 0 else {
                let code = errno
                close(descriptor)
                if code == ENOTTY || code == EINVAL { throw ScannerError.notAnInputDevice(device.path) }
                throw ScannerError.grabFailed(device.path, code: code)
            }
            var monotonic = CLOCK_MONOTONIC
            let clock = ioctl(descriptor, LinuxInput.setClock, &monotonic) == 0 ? CLOCK_MONOTONIC : CLOCK_REALTIME
            return EvdevReader(
                descriptor: descriptor, description: describe(device, descriptor: descriptor), clock: clock,
                rules: rules)
        default:
            close(descriptor)
            throw ScannerError.notAnInputDevice(device.path)
        }
    }

    /// The device as sysfs described it, or, for a path sysfs did not explain, as the device
    /// itself says (EVIOCGID, EVIOCGNAME).
    private static func describe(_ device: InputDeviceInfo, descriptor: Int32) -> String {
        guard device.name == nil else { return device.description }
        var described = device
        var id = (bus: UInt16(0), vendor: UInt16(0), product: UInt16(0), version: UInt16(0))
        if ioctl(descriptor, LinuxInput.getID, &id) == 0 {
            described.vendor = id.vendor
            described.product = id.product
        }
        var name = [UInt8](repeating: 0, count: 256)
        if ioctl(descriptor, LinuxInput.getName(length: name.count - 1), &name) >= 0 {
            described.name = String(decoding: name.prefix { $0 != 0 }, as: UTF8.self)
        }
        return described.description
    }

    func read(until shouldStop: () -> Bool, emit: (ScannerEvent) -> Void) -> ScannerReadEnd {
        var buffer = [UInt8](repeating: 0, count: LinuxInput.eventSize * 64)
        while !shouldStop() {
            let timeout = KernelClock.pollTimeout(
                until: assembler.nextDeadline, now: KernelClock.now(clock), longest: ScannerReadLoop.longestWait)
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return .lost("poll failed: \(String(cString: strerror(errno)))")
            }
            // Only a wait with nothing to read ends a scan by time: events still queued may
            // belong to it.
            guard ready > 0 else {
                assembler.tick(at: KernelClock.now(clock)).forEach(emit)
                continue
            }
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.withUnsafeBytes { bytes in
                    for decoded in decoder.decode(UnsafeRawBufferPointer(rebasing: bytes[..<count])) {
                        switch decoded {
                        case .key(let event): assembler.feed(event).forEach(emit)
                        case .overrun(let time): assembler.abandon(because: .inputOverrun, at: time).forEach(emit)
                        }
                    }
                }
            } else if count == 0 {
                return .lost("its input ended (the writer closed it)")
            } else {
                switch errno {
                case EAGAIN, EINTR: continue
                case ENODEV: return .lost("unplugged (ENODEV)")
                default: return .lost("read failed: \(String(cString: strerror(errno)))")
                }
            }
        }
        return .stopped
    }
}
