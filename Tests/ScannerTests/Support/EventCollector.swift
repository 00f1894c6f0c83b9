import Foundation
import Synchronization
import XCTest

@testable import Scanner

/// Collects a source's events in the background, so a test can wait for them with a deadline
/// instead of hanging when one never comes.
final class EventCollector: Sendable {
    private let state = Mutex<(events: [ScannerEvent], finished: Bool)>(([], false))

    /// Reads `stream` until it ends.
    init(_ stream: AsyncStream<ScannerEvent>) {
        Task { [self] in
            for await event in stream {
                state.withLock { $0.events.append(event) }
            }
            state.withLock { $0.finished = true }
        }
    }

    var events: [ScannerEvent] { state.withLock { $0.events } }
    var finished: Bool { state.withLock { $0.finished } }

    /// Waits until `condition` holds for the events so far, or fails the test after `timeout`.
    @discardableResult
    func wait(
        for what: String, timeout: Duration = .seconds(5), file: StaticString = #filePath, line: UInt = #line,
        until condition: ([ScannerEvent]) -> Bool
    ) async -> [ScannerEvent] {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            let events = self.events
            if condition(events) { return events }
            try? await Task.sleep(for: .milliseconds(10))
        }
        XCTFail("timed out waiting for \(what); events: \(events)", file: file, line: line)
        return events
    }

    /// Waits until there are `count` events that are not `connected`/`disconnected`.
    @discardableResult
    func waitForInput(count: Int, file: StaticString = #filePath, line: UInt = #line) async -> [ScannerEvent] {
        await wait(for: "\(count) scans or drops", file: file, line: line) { $0.filter(\.isInput).count >= count }
            .filter(\.isInput)
    }

    func waitUntilFinished(file: StaticString = #filePath, line: UInt = #line) async {
        await wait(for: "the stream to end", file: file, line: line) { _ in finished }
    }
}

extension ScannerEvent {
    var isInput: Bool {
        switch self {
        case .scan, .dropped: true
        case .connected, .disconnected: false
        }
    }

    var isConnected: Bool {
        if case .connected = self { true } else { false }
    }

    var isDisconnected: Bool {
        if case .disconnected = self { true } else { false }
    }
}
