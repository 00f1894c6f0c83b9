import BoardModel
import BoardStore
import Dispatch
import Foundation
import Logging
import Printer
import Render
import Scanner
import SharedTestSupport
import Synchronization
import XCTest

@testable import BoardService

/// A printer that keeps what it was sent, answers every status request with "online", and can
/// hold a write until the test lets it go (a slow printer).
final class RecordingPrinter: PrinterTransport {
    let name = "recording printer"
    private let writes = Mutex<[[UInt8]]>([])
    private let gate: DispatchSemaphore?
    let writing = DispatchSemaphore(value: 0)

    init(holdWrites: Bool = false) {
        gate = holdWrites ? DispatchSemaphore(value: 0) : nil
    }

    var written: [[UInt8]] { writes.withLock { $0 } }

    func release() { gate?.signal() }

    func write(_ bytes: [UInt8]) throws {
        writing.signal()
        gate?.wait()
        writes.withLock { $0.append(bytes) }
    }

    func readStatus(_ request: [UInt8], replyLength: Int, timeout: Duration) throws -> [UInt8] { [0x12] }
}

struct PrinterAbsent: Error, CustomStringConvertible {
    var description: String { "no USB printer 0416:5011 is connected" }
}

final class PrintingTests: XCTestCase {
    var folder: String!
    let codes = ScanCodeFormat(hub: "https://os.example.org")
    static let text = try! TextRenderer()
    static let quiet: Logger = {
        var logger = Logger(label: "test.printing")
        logger.logLevel = .critical
        return logger
    }()

    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("printing") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    var journalPath: String { folder + "/journal.sqlite" }

    func spooler(_ queue: PrintQueue, printer: @escaping @Sendable () throws -> any PrinterTransport) -> PrintSpooler {
        let renderer = PrintJobRenderer(profile: .paper58mm, renderer: Self.text, codes: codes)
        return PrintSpooler(
            jobs: QueuedPrintJobs(queue), openTransport: printer, render: { try renderer.bytes(for: $0) },
            settings: .init(retryInterval: .milliseconds(20), idleCheckInterval: .milliseconds(20)),
            logger: Self.quiet)
    }

    func testQueuedCardSurvivesARestartWaitsForThePrinterAndPrintsOnce() throws {
        let card = Card(id: CardID(value: 4242), title: "Offline-first sync", host: "Mo")
        let job = try PrintQueue(path: journalPath).enqueue(.card, card: card)
        // The service restarts: a new queue on the same file, and no printer plugged in yet.
        let queue = try PrintQueue(path: journalPath)
        let present = Mutex(false)
        let printer = RecordingPrinter()
        let spooler = spooler(queue) {
            guard present.withLock({ $0 }) else { throw PrinterAbsent() }
            return printer
        }
        guard case .waitingForPrinter(let reason) = spooler.step() else { return XCTFail("should wait") }
        XCTAssertTrue(reason.contains("0416:5011"), reason)
        XCTAssertEqual(try queue.job(job)?.state, .pending)
        XCTAssertEqual(try queue.job(job)?.attempts, 0, "a missing printer is not a failed attempt")

        present.withLock { $0 = true }
        XCTAssertEqual(spooler.step(), .printed(jobID: job))
        XCTAssertEqual(spooler.step(), .idle)
        XCTAssertEqual(try queue.job(job)?.state, .done)
        XCTAssertEqual(printer.written.count, 1, "printed once")
        let expected = try PrintJobRenderer(profile: .paper58mm, renderer: Self.text, codes: codes)
            .bytes(for: PrintJobTicket(id: job, kind: .card, card: card))
        XCTAssertEqual(printer.written.first, expected, "the bytes are the card's printout")
    }

    func testCancelledJobNeverPrintsAndTheNextOneDoes() throws {
        let queue = try PrintQueue(path: journalPath)
        let first = try queue.enqueue(.card, card: Card(id: CardID(value: 1), title: "Cancelled"))
        let second = try queue.enqueue(.blankCard, card: Card(id: CardID(value: 2), title: ""))
        XCTAssertTrue(try queue.cancel(first, reason: "room closed"))
        let printer = RecordingPrinter()
        let spooler = spooler(queue) { printer }
        XCTAssertEqual(spooler.step(), .printed(jobID: second))
        XCTAssertEqual(spooler.step(), .idle)
        XCTAssertEqual(printer.written.count, 1)
        XCTAssertEqual(try queue.job(first)?.state, .cancelled)
        XCTAssertEqual(try queue.job(first)?.lastError, "room closed")
    }

    func testJobInterruptedByACrashIsPrintedAgainOnce() throws {
        let queue = try PrintQueue(path: journalPath)
        let job = try queue.enqueue(.card, card: Card(id: CardID(value: 9), title: "Power cut"))
        XCTAssertTrue(try queue.markPrinting(job))
        // Power cut here: the next start finds the job `printing`.
        let restarted = try PrintQueue(path: journalPath)
        let printer = RecordingPrinter()
        let spooler = spooler(restarted) { printer }
        XCTAssertEqual(spooler.step(), .printed(jobID: job))
        XCTAssertEqual(spooler.step(), .idle)
        XCTAssertEqual(printer.written.count, 1)
        XCTAssertEqual(try restarted.job(job)?.attempts, 1)
    }

    func testScansAreTakenWhileThePrinterIsBusy() async throws {
        let layout = try ConferenceLayout.load(path: TestPaths.exampleLayout)
        let journal = try BoardJournal(path: journalPath)
        let clock = ManualClock(layout.instant(day: 1, at: ClockTime(hour: 9, minute: 0))!)
        let board = try Board(
            layout: layout, journal: journal, codes: codes, badges: nil, renderer: PanelRenderer(text: Self.text),
            sink: RecordingFrameSink(), clock: clock.clock)
        let card = Card(id: CardID(value: 77), title: "Printing never blocks")
        try await board.register(card)
        let queue = try PrintQueue(path: journalPath)
        try queue.enqueue(.card, card: card)
        let printer = RecordingPrinter(holdWrites: true)
        let spooler = spooler(queue) { printer }
        let running = Task { await spooler.run() }
        XCTAssertEqual(printer.writing.wait(timeout: .now() + 10), .success, "the spooler started sending")

        // The printer holds the write; the board still takes a card and a slot and commits them.
        let cell = CellRef(day: 1, room: "R101", start: ClockTime(hour: 10, minute: 0))
        _ = try await board.scan(codes.code(for: card.id))
        let feedback = try await board.scan(codes.code(for: cell))
        XCTAssertEqual(feedback.tone, .accepted, feedback.message)
        XCTAssertEqual(try journal.grid().placements[card.id], cell)
        XCTAssertTrue(printer.written.isEmpty, "the card is still being sent")

        printer.release()
        running.cancel()
        await running.value
        XCTAssertEqual(printer.written.count, 1)
    }

    /// `openspace print card --output` writes the raster as printed and the ESC/POS bytes; the
    /// PNG's QR code, read by zbarimg, is exactly the code the command printed.
    func testPrintCardToFilesGivesAPNGWhoseQRIsTheCardsURL() throws {
        let (status, printed, errors) = try TestPaths.openspace([
            "print", "card", "--layout", TestPaths.exampleLayout, "--journal", journalPath, "--title",
            "Rust <-> Swift: 開放空間", "--host", "Ana", "--output", folder + "/cards",
        ])
        XCTAssertEqual(status, 0, errors)
        let fields = printed.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 3 else { return XCTFail(printed) }
        let id = try CardID(validating: fields[0])
        XCTAssertEqual(String(fields[1]), codes.code(for: id))
        XCTAssertNotNil(try BoardJournal(path: journalPath).grid().cards[id], "the card is registered")

        let png = folder + "/cards/card-\(id.text).png"
        let escpos = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/cards/card-\(id.text).escpos")))
        let raster = try XCTUnwrap(try ESCPOSRaster.decode(escpos))
        XCTAssertEqual(try PNG.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: png)))), raster)
        XCTAssertEqual(raster.width, PrinterProfile.paper58mm.printableDots)
        XCTAssertEqual(try zbarimg(png), [codes.code(for: id)])
    }

    func testPrintWithoutADestinationOrWithTwoIsRefusedAndRegistersNothing() throws {
        for arguments in [[], ["--output", folder + "/x", "--queue"]] {
            let (status, _, errors) = try TestPaths.openspace(
                ["print", "card", "--journal", journalPath, "--title", "T"] + arguments)
            XCTAssertNotEqual(status, 0)
            XCTAssertTrue(errors.contains("exactly one of --printer, --output or --queue"), errors)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: journalPath), "nothing was registered")
    }

    func testQueuedCardsAreListedAndAWaitingOneCanBeCancelledOnce() throws {
        let common = ["--layout", TestPaths.exampleLayout, "--journal", journalPath]
        let queued = try TestPaths.openspace(["print", "card", "--title", "Queued", "--queue"] + common)
        XCTAssertEqual(queued.status, 0, queued.errors)
        XCTAssertTrue(queued.output.contains("queued as job 1"), queued.output)
        let blanks = try TestPaths.openspace(["print", "blank", "--count", "2", "--queue"] + common)
        XCTAssertEqual(blanks.output.split(separator: "\n").count, 2, blanks.output)

        let listed = try TestPaths.openspace(["print", "jobs"] + common)
        let lines = listed.output.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, listed.output)
        XCTAssertTrue(lines[0].hasPrefix("job 1  pending") && lines[0].hasSuffix("\"Queued\""), listed.output)
        XCTAssertTrue(lines[1].contains("(blank card)"), listed.output)

        XCTAssertEqual(try TestPaths.openspace(["print", "cancel", "1"] + common).status, 0)
        let again = try TestPaths.openspace(["print", "cancel", "1"] + common)
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.errors.contains("job 1 is cancelled"), again.errors)
        let missing = try TestPaths.openspace(["print", "cancel", "99"] + common)
        XCTAssertTrue(missing.errors.contains("there is no print job 99"), missing.errors)

        let queue = try PrintQueue(path: journalPath)
        XCTAssertEqual(try queue.jobs(in: [.pending]).map(\.id), [2, 3])
        XCTAssertEqual(try queue.job(1)?.state, .cancelled)
        XCTAssertEqual(try TestPaths.openspace(["print", "jobs"] + common).output.split(separator: "\n").count, 2)
    }

    /// The real board with a network printer that is off at first: the queued card waits, the
    /// status line says so, and the card prints once when the printer comes up.
    func testBoardPrintsAQueuedCardOnceWhenThePrinterComesUp() throws {
        let port = try LoopbackPrinter.freePort()
        let common = ["--layout", TestPaths.exampleLayout, "--journal", journalPath]
        let queued = try TestPaths.openspace(["print", "card", "--title", "Waits for paper", "--queue"] + common)
        XCTAssertEqual(queued.status, 0, queued.errors)
        let id = try CardID(validating: queued.output.prefix(CardID.length))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments =
            [
                "board", "--simulate", "--panel-timing", "instant", "--frames", folder + "/frames", "--start",
                "2027-05-14T08:00", "--printer",
            ]
            + ["tcp:127.0.0.1:\(port)", "--printer-retry", "0.2"] + common
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = Pipe()
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let lines = LineCollector(output.fileHandleForReading)
        XCTAssertTrue(lines.wait { $0.hasPrefix("printer waiting: no printer:") }, "\(lines.all)")
        XCTAssertEqual(try PrintQueue(path: journalPath).job(1)?.state, .pending)

        let printer = try LoopbackPrinter(port: port)
        XCTAssertTrue(lines.wait { $0 == "printer ready" }, "\(lines.all)")
        let end = Date().addingTimeInterval(10)
        while try PrintQueue(path: journalPath).job(1)?.state != .done, Date() < end { usleep(50_000) }
        XCTAssertEqual(try PrintQueue(path: journalPath).job(1)?.state, .done)
        usleep(600_000)  // three more retry periods: nothing more may arrive
        let received = printer.receivedSoFar
        let expected = try PrintJobRenderer(profile: .paper58mm, renderer: Self.text, codes: codes)
            .bytes(for: PrintJobTicket(id: 1, kind: .card, card: Card(id: id, title: "Waits for paper")))
        // The printer got status requests (DLE EOT n), then the card, whole and once.
        var rest = received[...]
        var statusRequests = 0
        while rest.count >= 3, rest.prefix(2).elementsEqual([0x10, 0x04]) {
            rest = rest.dropFirst(3)
            statusRequests += 1
        }
        XCTAssertGreaterThan(statusRequests, 0, "status was asked before printing")
        XCTAssertEqual(Array(rest), expected, "the card, whole, once, after the status")
        let raster = try XCTUnwrap(try ESCPOSRaster.decode(Array(rest)))
        try Data(try PNG.encode(raster)).write(to: URL(fileURLWithPath: folder + "/printed.png"))
        XCTAssertEqual(try zbarimg(folder + "/printed.png"), [codes.code(for: id)])
    }

    func zbarimg(_ path: String) throws -> [String] {
        try ZBar.decode(path: path)
    }
}
