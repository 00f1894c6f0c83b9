import Foundation
import XCTest

@testable import LinuxIO

final class SPIBusTests: XCTestCase {
    func testMissingDeviceNamesItAndSaysHowToEnableSPI() {
        XCTAssertThrowsError(try SPIBus(path: "/dev/spidev-osb-missing.0")) { error in
            guard let error = error as? SPIError else { return XCTFail("not an SPIError: \(error)") }
            XCTAssertEqual(error.code, ENOENT)
            XCTAssertEqual(error.device, "/dev/spidev-osb-missing.0")
            XCTAssertTrue(error.message.contains("/dev/spidev-osb-missing.0"), error.message)
            XCTAssertTrue(error.message.contains("dtparam=spi=on"), error.message)
        }
    }

    func testClockAbove20MHzIsRefusedBeforeTheDeviceIsOpened() {
        XCTAssertThrowsError(try SPIBus(path: "/dev/spidev-osb-missing.0", speedHz: 30_000_000)) { error in
            guard let error = error as? SPIError else { return XCTFail("not an SPIError: \(error)") }
            XCTAssertEqual(error.code, 0)
            XCTAssertTrue(error.message.contains("30000000 Hz"), error.message)
            XCTAssertTrue(error.message.contains("20 MHz"), error.message)
        }
        XCTAssertThrowsError(try SPIBus(path: "/dev/spidev-osb-missing.0", speedHz: 0))
    }

    func testDeviceThatIsNotSpidevIsRefusedWhenSettingTheMode() {
        XCTAssertThrowsError(try SPIBus(path: "/dev/null")) { error in
            guard let error = error as? SPIError else { return XCTFail("not an SPIError: \(error)") }
            XCTAssertEqual(error.code, ENOTTY)
            XCTAssertTrue(error.message.contains("SPI_IOC_WR_MODE"), error.message)
            XCTAssertTrue(error.message.contains("not an spidev device"), error.message)
            XCTAssertTrue(error.message.contains("/dev/null"), error.message)
        }
    }

    func testPermissionProblemSaysToJoinTheSPIGroup() {
        let error = SPIError.openFailed(device: "/dev/spidev0.0", code: EACCES)
        XCTAssertTrue(error.message.contains("spi group"), error.message)
        XCTAssertTrue(error.message.contains("/dev/spidev0.0"), error.message)
    }

    func testTooLongTransferPointsAtTheBufferSizeParameter() {
        let error = SPIError.transferFailed(device: "/dev/spidev0.0", byteCount: 8192, bufferSize: 8192, code: EMSGSIZE)
        XCTAssertTrue(error.message.contains("8192 bytes"), error.message)
        XCTAssertTrue(error.message.contains(SpidevBufferSize.parameterPath), error.message)
    }
}
