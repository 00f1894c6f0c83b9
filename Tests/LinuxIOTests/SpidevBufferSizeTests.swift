import Foundation
import LinuxIO
import XCTest

final class SpidevBufferSizeTests: XCTestCase {
    func testParameterTextParsesToItsNumber() {
        XCTAssertEqual(SpidevBufferSize.parse("4096\n"), 4096)
        XCTAssertEqual(SpidevBufferSize.parse("65536"), 65536)
        XCTAssertEqual(SpidevBufferSize.parse("  8192 \n"), 8192)
    }

    func testEmptyZeroNegativeOrGarbageTextIsRefused() {
        for text in ["", "\n", "0\n", "-1", "4k", "abc"] {
            XCTAssertNil(SpidevBufferSize.parse(text), "\"\(text)\"")
        }
    }

    func testMissingParameterFileMeansTheKernelDefault() {
        XCTAssertEqual(SpidevBufferSize.current(path: "/sys/module/osb-no-such-module/parameters/bufsiz"), 4096)
    }

    func testParameterFileIsReadAndGarbageFallsBackToTheDefault() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bufsiz-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "65536\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(SpidevBufferSize.current(path: path), 65536)
        try "nonsense\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(SpidevBufferSize.current(path: path), SpidevBufferSize.kernelDefault)
    }
}
