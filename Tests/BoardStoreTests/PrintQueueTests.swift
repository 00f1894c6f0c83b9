import BoardModel
import BoardStore
import Foundation
import XCTest

final class PrintQueueTests: XCTestCase {
    var folder: String!
    var path: String { folder + "/journal.sqlite" }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("print-queue-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func card(_ value: UInt32, _ title: String = "開放空間 and packaging") -> Card {
        Card(id: CardID(value: value), title: title, host: "Ana", contact: "@ana", summary: "Bring questions")
    }

    func testQueuedJobsSurviveReopeningWithTheirCardAndState() throws {
        do {
            let journal = try BoardJournal(path: path)
            let queue = try PrintQueue(journal: journal)
            try queue.enqueue(.card, card: card(1))
            let second = try queue.enqueue(.blankCard, card: Card(id: CardID(value: 2), title: ""))
            XCTAssertTrue(try queue.markPrinting(second))
        }
        let queue = try PrintQueue(path: path)
        let jobs = try queue.jobs()
        XCTAssertEqual(jobs.map(\.kind), [.card, .blankCard])
        XCTAssertEqual(jobs.map(\.state), [.pending, .printing])
        XCTAssertEqual(jobs.first?.card, card(1))
        XCTAssertEqual(try queue.waitingCount(), 2)
    }

    func testNextPendingIsTheOldestAndSkipsJobsBeingSent() throws {
        let queue = try PrintQueue(path: path)
        let first = try queue.enqueue(.card, card: card(1))
        let second = try queue.enqueue(.card, card: card(2))
        XCTAssertEqual(try queue.nextPending()?.id, first)
        XCTAssertTrue(try queue.markPrinting(first))
        XCTAssertEqual(try queue.nextPending()?.id, second)
    }

    func testJobIsMarkedDoneExactlyOnce() throws {
        let queue = try PrintQueue(path: path)
        let id = try queue.enqueue(.card, card: card(1))
        XCTAssertFalse(try queue.markDone(id), "a job not being sent cannot be done")
        XCTAssertTrue(try queue.markPrinting(id))
        XCTAssertFalse(try queue.markPrinting(id), "a job is taken once")
        XCTAssertTrue(try queue.markDone(id))
        XCTAssertFalse(try queue.markDone(id))
        XCTAssertEqual(try queue.job(id)?.state, .done)
        XCTAssertNil(try queue.nextPending())
    }

    func testFailedSendStaysPendingWithTheErrorAndACountedAttempt() throws {
        let queue = try PrintQueue(path: path)
        let id = try queue.enqueue(.card, card: card(1))
        XCTAssertTrue(try queue.markPrinting(id))
        XCTAssertTrue(try queue.markFailed(id, error: "paper out"))
        let job = try XCTUnwrap(try queue.job(id))
        XCTAssertEqual(job.state, .pending)
        XCTAssertEqual(job.attempts, 1)
        XCTAssertEqual(job.lastError, "paper out")
        XCTAssertEqual(try queue.nextPending()?.id, id)
    }

    func testCancelledJobIsNeverOfferedAgainButAJobBeingSentCannotBeCancelled() throws {
        let queue = try PrintQueue(path: path)
        let cancelled = try queue.enqueue(.card, card: card(1))
        let sending = try queue.enqueue(.card, card: card(2))
        XCTAssertTrue(try queue.cancel(cancelled, reason: "host withdrew the topic"))
        XCTAssertEqual(try queue.job(cancelled)?.state, .cancelled)
        XCTAssertEqual(try queue.job(cancelled)?.lastError, "host withdrew the topic")
        XCTAssertFalse(try queue.markPrinting(cancelled))
        XCTAssertEqual(try queue.nextPending()?.id, sending)
        XCTAssertTrue(try queue.markPrinting(sending))
        XCTAssertFalse(try queue.cancel(sending))
        XCTAssertEqual(try PrintQueue(path: path).job(cancelled)?.state, .cancelled, "cancelling is durable")
    }

    func testJobLeftPrintingByACrashComesBackPendingWithANote() throws {
        let id: Int64
        do {
            let queue = try PrintQueue(path: path)
            id = try queue.enqueue(.card, card: card(1))
            XCTAssertTrue(try queue.markPrinting(id))
        }
        let queue = try PrintQueue(path: path)
        let recovered = try queue.recoverInterrupted()
        XCTAssertEqual(recovered.map(\.id), [id])
        let job = try XCTUnwrap(try queue.job(id))
        XCTAssertEqual(job.state, .pending)
        XCTAssertEqual(job.attempts, 1)
        XCTAssertTrue(job.lastError?.contains("may have printed") ?? false)
        XCTAssertEqual(try queue.recoverInterrupted(), [], "recovered once")
    }

    func testQueueAndJournalShareTheFileAndItsMigrations() throws {
        let queue = try PrintQueue(path: path)
        try queue.enqueue(.card, card: card(1))
        let journal = try BoardJournal(path: path)
        XCTAssertEqual(try journal.grid().cards, [:], "the journal opens a file the queue created")
        XCTAssertEqual(try PrintQueue(journal: journal).waitingCount(), 1)
    }
}
