import LinuxIO
import XCTest

final class SPITransferPlanTests: XCTestCase {
    func testWritesAreCutIntoTransfersOfAtMostTheBufferSize() {
        let expected: [Int: [Int: [Int]]] = [
            4096: [
                0: [], 1: [1], 4095: [4095], 4096: [4096], 4097: [4096, 1],
                96000: Array(repeating: 4096, count: 23) + [1792],
            ],
            65536: [0: [], 1: [1], 4095: [4095], 4096: [4096], 4097: [4097], 96000: [65536, 30464]],
        ]
        for (bufferSize, cases) in expected {
            for (byteCount, sizes) in cases {
                let ranges = SPITransferPlan.ranges(byteCount: byteCount, bufferSize: bufferSize)
                XCTAssertEqual(ranges.map(\.count), sizes, "\(byteCount) bytes with bufsiz \(bufferSize)")
            }
        }
    }

    func testTransfersCoverEveryByteOnceAndInOrder() {
        for bufferSize in [4096, 65536] {
            for byteCount in [0, 1, 4095, 4096, 4097, 96000] {
                let ranges = SPITransferPlan.ranges(byteCount: byteCount, bufferSize: bufferSize)
                XCTAssertEqual(ranges.first?.lowerBound ?? 0, 0)
                XCTAssertEqual(ranges.last?.upperBound ?? 0, byteCount)
                for (earlier, later) in zip(ranges, ranges.dropFirst()) {
                    XCTAssertEqual(earlier.upperBound, later.lowerBound)
                }
                XCTAssertTrue(ranges.allSatisfy { !$0.isEmpty && $0.count <= bufferSize })
            }
        }
    }
}
