/// Numbers of the Linux input (evdev) interface: event types and codes from
/// include/uapi/linux/input-event-codes.h, and ioctl requests from include/uapi/linux/input.h.
public enum LinuxInput {
    /// `EV_SYN`: the end of a batch of events (`SYN_REPORT`) or a buffer overrun (`SYN_DROPPED`).
    public static let eventSynchronization: UInt16 = 0
    /// `EV_KEY`: a key going down (value 1), up (0) or auto-repeating (2).
    public static let eventKey: UInt16 = 1
    public static let synchronizationReport: UInt16 = 0
    public static let synchronizationDropped: UInt16 = 3

    /// `struct input_event`: a `struct timeval` (two longs), then type and code (u16) and value
    /// (s32): 24 bytes on 64-bit Linux, 16 on 32-bit.
    public static let eventSize = 2 * MemoryLayout<Int>.size + 8

    /// `_IOW('E', 0x90, int)`: take the device for this open file alone (nonzero) or release it (0).
    public static let grab = ioctlRequest(direction: write, number: 0x90, size: 4)
    /// `_IOW('E', 0xa0, int)`: the clock of event timestamps (CLOCK_REALTIME unless set).
    public static let setClock = ioctlRequest(direction: write, number: 0xA0, size: 4)
    /// `_IOR('E', 0x02, struct input_id)`: bus type, vendor, product, version (four u16).
    public static let getID = ioctlRequest(direction: read, number: 0x02, size: 8)

    /// `EVIOCGNAME(len)`, `_IOC(_IOC_READ, 'E', 0x06, len)`: the device's name.
    public static func getName(length: Int) -> UInt {
        ioctlRequest(direction: read, number: 0x06, size: length)
    }

    /// `_IOC_WRITE` and `_IOC_READ` of include/uapi/asm-generic/ioctl.h (x86 and ARM alike).
    static let write: UInt = 1
    static let read: UInt = 2

    /// `_IOC(dir, 'E', nr, size)`: direction in bits 30-31, size in 16-29, type in 8-15, number in 0-7.
    static func ioctlRequest(direction: UInt, number: UInt, size: Int) -> UInt {
        direction << 30 | UInt(size) << 16 | UInt(UInt8(ascii: "E")) << 8 | number
    }
}

/// One `struct input_event` as this machine's kernel lays it out: a `struct timeval` (two longs,
/// so 24 bytes on 64-bit Linux, x86 and ARM alike, and 16 on 32-bit), type, code and value.
public struct InputEvent: Equatable, Sendable {
    /// The event's timestamp, on the clock the device was set to (`EVIOCSCLOCKID`).
    public var time: Duration
    public var type: UInt16
    public var code: UInt16
    public var value: Int32

    public init(time: Duration, type: UInt16, code: UInt16, value: Int32) {
        self.time = time
        self.type = type
        self.code = code
        self.value = value
    }

    /// The event that starts at `offset` of `raw`, which holds at least `LinuxInput.eventSize`
    /// bytes from there.
    public init(_ raw: UnsafeRawBufferPointer, at offset: Int) {
        let long = MemoryLayout<Int>.size
        let seconds = raw.loadUnaligned(fromByteOffset: offset, as: Int.self)
        let microseconds = raw.loadUnaligned(fromByteOffset: offset + long, as: Int.self)
        time = .seconds(seconds) + .microseconds(microseconds)
        type = raw.loadUnaligned(fromByteOffset: offset + 2 * long, as: UInt16.self)
        code = raw.loadUnaligned(fromByteOffset: offset + 2 * long + 2, as: UInt16.self)
        value = raw.loadUnaligned(fromByteOffset: offset + 2 * long + 4, as: Int32.self)
    }

    /// The event's bytes, as a read from the device returns them.
    public var bytes: [UInt8] {
        let (seconds, attoseconds) = time.components
        var bytes: [UInt8] = []
        bytes.reserveCapacity(LinuxInput.eventSize)
        withUnsafeBytes(of: Int(seconds)) { bytes += $0 }
        withUnsafeBytes(of: Int(attoseconds / 1_000_000_000_000)) { bytes += $0 }
        withUnsafeBytes(of: type) { bytes += $0 }
        withUnsafeBytes(of: code) { bytes += $0 }
        withUnsafeBytes(of: value) { bytes += $0 }
        return bytes
    }
}
