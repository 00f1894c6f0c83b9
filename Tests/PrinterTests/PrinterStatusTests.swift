import XCTest

@testable import Printer

/// Status bytes as the Epson DLE EOT tables define them (fixed bits 0x12 always present).
final class PrinterStatusTests: XCTestCase {
    func testOnlinePrinterWithPaperIsReady() throws {
        let status = try PrinterStatus.parse([(.printer, 0x12), (.paperSensor, 0x12)])
        XCTAssertTrue(status.isReady)
        XCTAssertEqual(status.description, "ready")
    }

    func testOfflineBitMakesThePrinterNotReady() throws {
        let status = try PrinterStatus.parse([(.printer, 0x1A)])
        XCTAssertTrue(status.offline)
        XCTAssertFalse(status.isReady)
        XCTAssertEqual(status.problems, ["off-line"])
    }

    func testCoverOpenComesFromTheOfflineCause() throws {
        let status = try PrinterStatus.parse([(.printer, 0x1A), (.offlineCause, 0x16)])
        XCTAssertTrue(status.coverOpen)
        XCTAssertFalse(status.paperOut)
        XCTAssertEqual(status.problems, ["cover open"])
    }

    func testPaperEndStopIsPaperOut() throws {
        let status = try PrinterStatus.parse([(.printer, 0x1A), (.offlineCause, 0x32)])
        XCTAssertTrue(status.paperOut)
        XCTAssertEqual(status.problems, ["paper out"])
    }

    func testPaperEndSensorIsPaperOut() throws {
        let status = try PrinterStatus.parse([(.paperSensor, 0x72)])
        XCTAssertTrue(status.paperOut)
        XCTAssertFalse(status.isReady)
    }

    func testNearEndSensorWarnsButStaysReady() throws {
        let status = try PrinterStatus.parse([(.printer, 0x12), (.paperSensor, 0x1E)])
        XCTAssertTrue(status.paperNearEnd)
        XCTAssertTrue(status.isReady)
        XCTAssertEqual(status.problems, ["paper near end"])
    }

    func testErrorBitAndItsCauses() throws {
        let status = try PrinterStatus.parse([(.printer, 0x1A), (.offlineCause, 0x52), (.errorCause, 0x7A)])
        XCTAssertTrue(status.error)
        XCTAssertEqual(status.errorCauses, [.autocutter, .unrecoverable, .autoRecoverable])
        XCTAssertFalse(status.isReady)
    }

    func testEachErrorCauseBit() throws {
        XCTAssertEqual(try PrinterStatus.parse([(.errorCause, 0x1A)]).errorCauses, [.autocutter])
        XCTAssertEqual(try PrinterStatus.parse([(.errorCause, 0x32)]).errorCauses, [.unrecoverable])
        XCTAssertEqual(try PrinterStatus.parse([(.errorCause, 0x52)]).errorCauses, [.autoRecoverable])
    }

    func testByteWithWrongFixedBitsIsNotAStatusReply() {
        XCTAssertThrowsError(try PrinterStatus.parse([(.printer, 0xFF)])) { error in
            XCTAssertEqual(
                error as? PrinterStatus.MalformedReply, PrinterStatus.MalformedReply(request: .printer, byte: 0xFF))
            XCTAssertTrue("\(error)".contains("0xFF"))
        }
    }

    func testRigGadgetReplyReadsAsOnline() throws {
        // prnread.py in the rig answers DLE EOT 1 with 0x16: fixed bits plus the drawer pin high.
        XCTAssertTrue(try PrinterStatus.parse([(.printer, 0x16)]).isReady)
    }

    func testQueryAsksTheCauseOnlyWhenOffline() throws {
        let online = FakeTransport(replies: [1: [0x12], 4: [0x12]])
        XCTAssertTrue(try PrinterStatus.query(online, timeout: .milliseconds(10)).isReady)
        XCTAssertEqual(online.statusRequests, [1, 4])

        let coverOpen = FakeTransport(replies: [1: [0x1A], 2: [0x16], 4: [0x12]])
        let status = try PrinterStatus.query(coverOpen, timeout: .milliseconds(10))
        XCTAssertTrue(status.coverOpen)
        XCTAssertEqual(coverOpen.statusRequests, [1, 2, 4])

        let jammed = FakeTransport(replies: [1: [0x1A], 2: [0x52], 3: [0x1A], 4: [0x12]])
        XCTAssertEqual(try PrinterStatus.query(jammed, timeout: .milliseconds(10)).errorCauses, [.autocutter])
        XCTAssertEqual(jammed.statusRequests, [1, 2, 3, 4])
    }

    func testPrinterAnsweringWithoutStatusBytesIsUnknownAndCountsAsReady() throws {
        let odd = FakeTransport(replies: [1: [0x00]])
        let status = try PrinterStatus.query(odd, timeout: .milliseconds(10))
        XCTAssertFalse(status.isKnown)
        XCTAssertTrue(status.isReady)
        XCTAssertTrue(status.description.contains("0x0"), status.description)
    }

    func testPrinterThatNeverAnswersIsUnknownAndCountsAsReady() throws {
        let silent = FakeTransport(replies: [:])
        let status = try PrinterStatus.query(silent, timeout: .milliseconds(10))
        XCTAssertFalse(status.isKnown)
        XCTAssertTrue(status.isReady)
        XCTAssertEqual(silent.statusRequests, [1], "one unanswered request, not four timeouts")
    }
}
