import Foundation
import Logging
import SharedTestSupport
import Synchronization
import XCTest

@testable import Scanner

/// The scanner's reading thread as the board's watchdog sees it.
final class ScannerWatchdogTests: XCTestCase {
    struct Absent: Error {}

    func testAnOpenThatHangsSilencesTheReadingThreadAndAnAbsentScannerDoesNot() async {
        let loop = ScannerReadLoop(
            label: "test", logger: Logger(label: "scanner-tests"), retryInterval: .milliseconds(20))
        let gate = DispatchSemaphore(value: 0)
        let opens = Atomic<Int>(0)
        let events = loop.events {
            // The first open hangs, as one into a wedged USB stack can; the later ones find nothing.
            if opens.add(1, ordering: .relaxed).newValue == 1 { gate.wait() }
            throw Absent()
        }
        let stuck = await waitUntil { !loop.isResponsive(longest: .milliseconds(300)) }
        XCTAssertTrue(stuck, "an open that never returns shows as silence")
        gate.signal()
        let back = await waitUntil {
            loop.isResponsive(longest: .milliseconds(300)) && opens.load(ordering: .relaxed) > 3
        }
        XCTAssertTrue(back, "looking for an absent scanner again and again is progress")
        let looked = opens.load(ordering: .relaxed)
        let lookedAgain = await waitUntil { opens.load(ordering: .relaxed) >= looked + 10 }
        XCTAssertTrue(lookedAgain && loop.isResponsive(longest: .milliseconds(300)), "it keeps checking in as it looks")
        loop.stop()
        for await _ in events {}
    }
}
