import CGPIOD
import XCTest

/// The spidev request numbers Swift gets from the C helper are the ones the kernel expects.
final class SPIRequestNumberTests: XCTestCase {
    /// The generic _IOW(type, number, size) encoding of x86_64 and aarch64: direction "write" (1)
    /// in bits 30-31, the argument size in bits 16-29, the type in bits 8-15, the number in 0-7.
    private func ioWrite(type: Character, number: UInt, size: Int) -> UInt {
        (1 << 30) | (UInt(size) << 16) | (UInt(type.asciiValue!) << 8) | number
    }

    func testTransferStructHasTheKernelsLayout() {
        XCTAssertEqual(MemoryLayout<spi_ioc_transfer>.size, 32)
    }

    func testRequestNumbersFollowTheIOWEncoding() {
        XCTAssertEqual(osb_spi_ioc_wr_mode(), ioWrite(type: "k", number: 1, size: 1))
        XCTAssertEqual(osb_spi_ioc_wr_bits_per_word(), ioWrite(type: "k", number: 3, size: 1))
        XCTAssertEqual(osb_spi_ioc_wr_max_speed_hz(), ioWrite(type: "k", number: 4, size: 4))
        XCTAssertEqual(
            osb_spi_ioc_message_1(), ioWrite(type: "k", number: 0, size: MemoryLayout<spi_ioc_transfer>.size))
    }

    func testRequestNumbersEqualTheKnownValuesOnX86AndArm64() {
        #if arch(x86_64) || arch(arm64)
            XCTAssertEqual(osb_spi_ioc_message_1(), 0x4020_6B00)
            XCTAssertEqual(osb_spi_ioc_wr_mode(), 0x4001_6B01)
            XCTAssertEqual(osb_spi_ioc_wr_bits_per_word(), 0x4001_6B03)
            XCTAssertEqual(osb_spi_ioc_wr_max_speed_hz(), 0x4004_6B04)
        #else
            XCTFail("known values are recorded for x86_64 and aarch64 only; add this architecture's")
        #endif
    }
}
