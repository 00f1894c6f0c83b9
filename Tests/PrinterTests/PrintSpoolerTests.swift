import BoardModel
import Foundation
import Logging
import SharedTestSupport
import XCTest

@testable import Printer

final class PrintSpoolerTests: XCTestCase {
    static let quiet: Logger = {
        var logger = Logger(label: "test.printer")
        logger.logLevel = .critical
        return logger
    }()

    func ticket(_ id: Int64) -> PrintJobTicket {
        PrintJobTicket(id: id, kind: .card, card: TestSupport.card(UInt32(id), title: "Topic \(id)"))
    }

    /// Bytes that say which job they belong to, so writes can be counted per job.
    static let jobBytes: @Sendable (PrintJobTicket) throws -> [UInt8] = { [0x1B, 0x40, UInt8($0.id)] }

    func spooler(
        _ jobs: InMemoryJobSource, transport: FakeTransport, missingFor attempts: Int = 0,
        render: @escaping @Sendable (PrintJobTicket) throws -> [UInt8] = jobBytes,
        settings: PrintSpooler.Settings = PrintSpooler.Settings()
    ) -> (PrintSpooler, opens: Counter) {
        let opens = Counter()
        let spooler = PrintSpooler(
            jobs: jobs,
            openTransport: {
                if opens.increment() <= attempts {
                    throw PrinterTransportError(
                        .notFound, device: "USB printer", message: "no USB printer is connected")
                }
                return transport
            }, render: render, settings: settings, logger: Self.quiet)
        return (spooler, opens)
    }

    func testMissingPrinterLeavesTheJobPendingAndPrintsItOnceWhenThePrinterAppears() {
        let jobs = InMemoryJobSource([ticket(1)])
        let printer = FakeTransport()
        let (spooler, _) = spooler(jobs, transport: printer, missingFor: 2)

        for _ in 0..<2 {
            guard case .waitingForPrinter(let reason) = spooler.step() else { return XCTFail("should wait") }
            XCTAssertTrue(reason.contains("no USB printer"), reason)
            XCTAssertEqual(jobs.entry(1)?.state, "pending")
            XCTAssertEqual(jobs.entry(1)?.ticket.attempts, 0, "a missing printer is not a failed attempt")
        }
        XCTAssertEqual(spooler.state, .waiting(reason: "no printer: no USB printer is connected"))
        XCTAssertEqual(spooler.step(), .printed(jobID: 1))
        XCTAssertEqual(spooler.step(), .idle)
        XCTAssertEqual(printer.written, [[0x1B, 0x40, 1]], "printed once")
        XCTAssertEqual(jobs.entry(1)?.state, "done")
        XCTAssertEqual(spooler.state, .idle)
    }

    func testPaperOutWaitsWithoutSendingAndPrintsOnceWhenPaperIsLoaded() {
        let jobs = InMemoryJobSource([ticket(1)])
        let printer = FakeTransport(replies: [1: [0x1A, 0x1A, 0x12], 2: [0x32, 0x32], 4: [0x72, 0x72, 0x12]])
        let (spooler, _) = spooler(jobs, transport: printer)

        for _ in 0..<2 {
            guard case .waitingForPrinter(let reason) = spooler.step() else { return XCTFail("should wait") }
            XCTAssertTrue(reason.contains("paper out"), reason)
            XCTAssertEqual(printer.written, [], "nothing is sent to a printer without paper")
            XCTAssertEqual(jobs.entry(1)?.state, "pending")
        }
        XCTAssertEqual(spooler.step(), .printed(jobID: 1))
        XCTAssertEqual(spooler.step(), .idle)
        XCTAssertEqual(printer.written.count, 1)
    }

    func testCoverOpenIsTheReasonGiven() {
        let jobs = InMemoryJobSource([ticket(1)])
        let printer = FakeTransport(replies: [1: [0x1A], 2: [0x16], 4: [0x12]])
        let (spooler, _) = spooler(jobs, transport: printer)
        guard case .waitingForPrinter(let reason) = spooler.step() else { return XCTFail("should wait") }
        XCTAssertTrue(reason.contains("cover open"), reason)
    }

    func testFailedSendPutsTheJobBackAndTheNextTryPrintsItOnce() {
        let jobs = InMemoryJobSource([ticket(1)])
        let printer = FakeTransport(failingWrites: 1)
        let (spooler, opens) = spooler(jobs, transport: printer)

        guard case .sendFailed(1, let reason) = spooler.step() else { return XCTFail("the send should fail") }
        XCTAssertTrue(reason.contains("cable pulled"), reason)
        XCTAssertEqual(jobs.entry(1)?.state, "pending")
        XCTAssertEqual(jobs.entry(1)?.ticket.attempts, 1)
        XCTAssertEqual(spooler.step(), .printed(jobID: 1))
        XCTAssertEqual(spooler.step(), .idle)
        XCTAssertEqual(printer.written, [[0x1B, 0x40, 1]])
        XCTAssertEqual(opens.count, 2, "the printer is opened afresh after a failed send")
    }

    func testJobInterruptedByACrashIsPrintedOnceMoreWithANote() {
        let jobs = InMemoryJobSource([ticket(1)], state: "printing")
        let printer = FakeTransport()
        let (spooler, _) = spooler(jobs, transport: printer)
        XCTAssertEqual(spooler.step(), .printed(jobID: 1))
        XCTAssertEqual(jobs.entry(1)?.ticket.attempts, 1)
        XCTAssertEqual(jobs.entry(1)?.lastError, "interrupted")

        let (restarted, _) = self.spooler(jobs, transport: printer)
        XCTAssertEqual(restarted.step(), .idle)
        XCTAssertEqual(printer.written.count, 1, "a finished job is never sent again")
    }

    func testJobsPrintInQueueOrderEachOnce() {
        let jobs = InMemoryJobSource([ticket(1), ticket(2), ticket(3)])
        let printer = FakeTransport()
        let (spooler, _) = spooler(jobs, transport: printer)
        XCTAssertEqual(
            (0..<4).map { _ in spooler.step() }, [.printed(jobID: 1), .printed(jobID: 2), .printed(jobID: 3), .idle])
        XCTAssertEqual(printer.written.map { $0.last }, [1, 2, 3])
    }

    func testJobCancelledJustBeforeSendingIsSkippedAndTheNextOnePrints() {
        let jobs = InMemoryJobSource([ticket(1), ticket(2)])
        jobs.cancelWhenTaken(1)
        let printer = FakeTransport()
        let (spooler, _) = spooler(jobs, transport: printer)
        XCTAssertEqual(spooler.step(), .printed(jobID: 2))
        XCTAssertEqual(printer.written, [[0x1B, 0x40, 2]])
        XCTAssertEqual(jobs.entry(1)?.state, "cancelled")
    }

    func testJobThatCannotBeLaidOutIsCancelledAndTheNextOnePrints() {
        let jobs = InMemoryJobSource([ticket(1), ticket(2)])
        let printer = FakeTransport()
        let (spooler, _) = spooler(
            jobs, transport: printer,
            render: { ticket in
                if ticket.id == 1 { throw FakeFailure(description: "code too long") }
                return [UInt8(ticket.id)]
            })
        guard case .discarded(1, let reason) = spooler.step() else { return XCTFail("job 1 should be cancelled") }
        XCTAssertTrue(reason.contains("code too long"))
        XCTAssertEqual(jobs.entry(1)?.state, "cancelled")
        XCTAssertEqual(spooler.step(), .printed(jobID: 2))
        XCTAssertEqual(printer.written, [[2]])
    }

    func testUnreadableQueueSendsNothing() {
        let jobs = InMemoryJobSource([ticket(1)])
        jobs.setFailing(true)
        let printer = FakeTransport()
        let (spooler, _) = spooler(jobs, transport: printer)
        guard case .queueUnavailable(let reason) = spooler.step() else { return XCTFail("should report the queue") }
        XCTAssertTrue(reason.contains("database is locked"))
        XCTAssertEqual(printer.written, [])
    }

    func testRunningSpoolerPrintsQueuedJobsInTheBackgroundAndRetriesUntilThePrinterIsBack() async throws {
        let jobs = InMemoryJobSource()
        let printer = FakeTransport(replies: [1: [0x1A, 0x12], 2: [0x32], 4: [0x12]])
        let (spooler, _) = spooler(
            jobs, transport: printer, missingFor: 1,
            settings: PrintSpooler.Settings(retryInterval: .milliseconds(20), idleCheckInterval: .seconds(30)))
        let worker = Task { await spooler.run() }
        jobs.add(ticket(7))
        spooler.wake()
        let deadline = ContinuousClock.now + .seconds(10)
        while printer.written.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        worker.cancel()
        await worker.value
        XCTAssertEqual(printer.written, [[0x1B, 0x40, 7]])
        XCTAssertEqual(jobs.entry(7)?.state, "done")
    }

    func testRenderedCardThroughTheSpoolerDecodesToItsURL() throws {
        let card = TestSupport.card()
        let jobs = InMemoryJobSource([PrintJobTicket(id: 1, kind: .card, card: card)])
        let printer = FakeTransport()
        let renderer = PrintJobRenderer(profile: .paper58mm, renderer: TestSupport.renderer, codes: TestSupport.codes)
        let (spooler, _) = spooler(jobs, transport: printer, render: { try renderer.bytes(for: $0) })
        XCTAssertEqual(spooler.step(), .printed(jobID: 1))
        let paper = try XCTUnwrap(try ESCPOSRaster.decode(try XCTUnwrap(printer.written.first)))
        XCTAssertEqual(try TestSupport.zbarDecode(paper), [TestSupport.codes.code(for: card.id)])
    }
}

/// The spooler's thread as the board's watchdog sees it.
final class PrintSpoolerWatchdogTests: XCTestCase {
    func testAStepStuckInThePrinterSilencesTheSpoolerAndAMissingPrinterDoesNot() async {
        let jobs = InMemoryJobSource([PrintJobTicket(id: 1, kind: .card, card: TestSupport.card(1, title: "Topic"))])
        let printer = FakeTransport()
        let gate = DispatchSemaphore(value: 0)
        let opens = Counter()
        let spooler = PrintSpooler(
            jobs: jobs,
            openTransport: {
                switch opens.increment() {
                case 1: throw PrinterTransportError(.notFound, device: "USB printer", message: "not connected")
                case 2: gate.wait()
                default: break
                }
                return printer
            }, render: PrintSpoolerTests.jobBytes, logger: PrintSpoolerTests.quiet)
        XCTAssertTrue(spooler.isResponsive(longest: .milliseconds(100)), "no step yet")
        XCTAssertEqual(spooler.step(), .waitingForPrinter(reason: "no printer: not connected"))
        XCTAssertTrue(spooler.isResponsive(longest: .milliseconds(100)), "a missing printer is waited for, not stuck")

        let thread = Thread { _ = spooler.step() }
        thread.start()
        let stuck = await waitUntil { !spooler.isResponsive(longest: .milliseconds(100)) }
        XCTAssertTrue(stuck, "an open that never returns shows as a step that lasts")
        gate.signal()
        let printed = await waitUntil {
            printer.written.count == 1 && spooler.isResponsive(longest: .milliseconds(100))
        }
        XCTAssertTrue(printed, "once the call returns the card prints and the thread answers again")
    }
}
