import XCTest

@testable import LinuxIO

final class CRC32Tests: XCTestCase {
    func testChecksumMatchesZlibCheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
    }
}
