/// Numbers of the Linux input (evdev) interface: event types and codes from
/// include/uapi/linux/input-event-codes.h, and ioctl requests from include/uapi/linux/input.h.
enum LinuxInput {
    /// `EV_SYN`: the end of a batch of events (`SYN_REPORT`) or a buffer overrun (`SYN_DROPPED`).
    static let eventSynchronization: UInt16 = 0
    /// `EV_KEY`: a key going down (value 1), up (0) or auto-repeating (2).
    static let eventKey: UInt16 = 1
    static let synchronizationReport: UInt16 = 0
    static let synchronizationDropped: UInt16 = 3

    /// `struct input_event`: a `struct timeval` (two longs), then type and code (u16) and value
    /// (s32): 24 bytes on 64-bit Linux, 16 on 32-bit.
    static let eventSize = 2 * MemoryLayout<Int>.size + 8

    /// `_IOW('E', 0x90, int)`: take the device for this open file alone (nonzero) or release it (0).
    static let grab = ioctlRequest(direction: write, number: 0x90, size: 4)
    /// `_IOW('E', 0xa0, int)`: the clock of event timestamps (CLOCK_REALTIME unless set).
    static let setClock = ioctlRequest(direction: write, number: 0xA0, size: 4)
    /// `_IOR('E', 0x02, struct input_id)`: bus type, vendor, product, version (four u16).
    static let getID = ioctlRequest(direction: read, number: 0x02, size: 8)

    /// `EVIOCGNAME(len)`, `_IOC(_IOC_READ, 'E', 0x06, len)`: the device's name.
    static func getName(length: Int) -> UInt {
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
