import Foundation
import XCTest

@testable import LinuxIO

final class InputEventTests: XCTestCase {
    func testAnEventsBytesDecodeToTheSameEventInTheMachinesLayout() {
        let event = InputEvent(time: .seconds(1_700_000_000) + .microseconds(123_456), type: 1, code: 30, value: 2)
        let bytes = event.bytes
        XCTAssertEqual(bytes.count, LinuxInput.eventSize)
        XCTAssertEqual(bytes.count, 2 * MemoryLayout<Int>.size + 8, "struct timeval of two longs, u16, u16, s32")
        let decoded = bytes.withUnsafeBytes { InputEvent($0, at: 0) }
        XCTAssertEqual(decoded, event)
        // Behind another event, at an offset that is not aligned for the longs of the second.
        let both = [0x55] + event.bytes + InputEvent(time: .zero, type: 0, code: 0, value: 0).bytes
        let second = both.withUnsafeBytes { InputEvent($0, at: 1 + LinuxInput.eventSize) }
        XCTAssertEqual(second, InputEvent(time: .zero, type: 0, code: 0, value: 0))
    }
}

final class SerialPortTests: XCTestCase {
    func testAMissingTtyAndAFileThatIsNoTtyFailWithTheirErrno() throws {
        XCTAssertThrowsError(try SerialPort.openRaw("/dev/ttyACM-not-there")) { error in
            XCTAssertEqual(error as? SerialPort.Failure, .open(code: ENOENT))
        }
        let file = NSTemporaryDirectory() + "not-a-tty-\(getpid())"
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        defer { unlink(file) }
        XCTAssertThrowsError(try SerialPort.openRaw(file)) { error in
            XCTAssertEqual(error as? SerialPort.Failure, .setup(code: ENOTTY))
        }
    }

    func testAPseudoTerminalOpensRawAndPassesBytesAsTheyWereSent() throws {
        // A pseudo-terminal pair, opened as posix_openpt, unlockpt and ptsname do (which Glibc's
        // Swift module does not export): TIOCSPTLCK and TIOCGPTN, asm-generic numbers (x86, ARM).
        let primary = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        XCTAssertGreaterThanOrEqual(primary, 0)
        defer { close(primary) }
        var unlock: CInt = 0
        XCTAssertEqual(ioctl(primary, UInt(0x4004_5431), &unlock), 0)
        var number: CUnsignedInt = 0
        XCTAssertEqual(ioctl(primary, UInt(0x8004_5430), &number), 0)
        let path = "/dev/pts/\(number)"
        let port = try SerialPort.openRaw(path)
        defer { close(port) }
        // Raw: a carriage return stays a carriage return, no line editing waits for a newline.
        let sent: [UInt8] = Array("ABC\r".utf8)
        XCTAssertEqual(sent.withUnsafeBytes { write(primary, $0.baseAddress, $0.count) }, sent.count)
        var request = pollfd(fd: port, events: Int16(POLLIN), revents: 0)
        XCTAssertEqual(poll(&request, 1, 5000), 1)
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = buffer.withUnsafeMutableBytes { read(port, $0.baseAddress, $0.count) }
        XCTAssertEqual(Array(buffer.prefix(max(count, 0))), sent)
    }
}
