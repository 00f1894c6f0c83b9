import Foundation
import Logging
import XCTest

@testable import Scanner

final class ScannerReconnectTests: XCTestCase {
    private let logger = Logger(label: "scanner-tests")

    /// Opens `fifo` for writing as soon as a reader has it open.
    private func openWriter(_ fifo: String) async throws -> Int32 {
        let end = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < end {
            let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
            if descriptor >= 0 { return descriptor }
            try await Task.sleep(for: .milliseconds(10))
        }
        XCTFail("no reader opened \(fifo)")
        throw CancellationError()
    }

    private func type(_ text: String, into descriptor: Int32) {
        let bytes = InputEvents.typing(text, from: InputEvents.now())
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        XCTAssertEqual(written, bytes.count)
    }

    func testAScannerThatVanishesAndReappearsIsReadAgainWithinTwoSeconds() async throws {
        let folder = try TemporaryDirectory()
        let fifo = "\(folder.path)/scanner"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let source = EvdevScannerSource(match: .path(fifo), logger: logger)
        let collector = EventCollector(source.events())

        await collector.wait(for: "connected") { $0.contains(where: \.isConnected) }
        var writer = try await openWriter(fifo)
        type("HTTPS://OS.EXAMPLE.ORG/C/7K3M2QX\n", into: writer)
        await collector.waitForInput(count: 1)

        close(writer)
        unlink(fifo)
        await collector.wait(for: "disconnected") { $0.contains(where: \.isDisconnected) }
        let reappeared = ContinuousClock.now
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        await collector.wait(for: "connected again") { $0.filter(\.isConnected).count == 2 }
        writer = try await openWriter(fifo)
        type("HTTPS://OS.EXAMPLE.ORG/S/1-R101-1000\n", into: writer)
        let input = await collector.waitForInput(count: 2)
        XCTAssertLessThan(ContinuousClock.now - reappeared, .seconds(2))

        source.stop()
        await collector.waitUntilFinished()
        close(writer)
        XCTAssertEqual(
            input, [.scan("HTTPS://OS.EXAMPLE.ORG/C/7K3M2QX"), .scan("HTTPS://OS.EXAMPLE.ORG/S/1-R101-1000")])
        let lifecycle = collector.events.filter { !$0.isInput }
        XCTAssertEqual(lifecycle.count, 3, "\(lifecycle)")
        XCTAssertTrue(lifecycle[0].isConnected && lifecycle[1].isDisconnected && lifecycle[2].isConnected)
    }

    func testAnAbsentScannerIsReportedOnceAndLookedForUntilStopped() async throws {
        let folder = try TemporaryDirectory()
        try folder.write("VMRig Barcode Scanner\n", to: "sys/class/input/event3/device/name")
        try folder.write("1d6b\n", to: "sys/class/input/event3/device/id/vendor")
        try folder.write("0104\n", to: "sys/class/input/event3/device/id/product")
        let finder = EvdevDeviceFinder(sysfsRoot: "\(folder.path)/sys", deviceRoot: "\(folder.path)/dev")
        let source = EvdevScannerSource(
            match: .vendorProduct(0x05E0, 0x1200), logger: logger, finder: finder, retryInterval: .milliseconds(50))
        let collector = EventCollector(source.events())
        await collector.wait(for: "disconnected") { !$0.isEmpty }
        try await Task.sleep(for: .milliseconds(300))
        source.stop()
        await collector.waitUntilFinished()
        guard case .disconnected(let message) = collector.events.first else {
            return XCTFail("\(collector.events)")
        }
        XCTAssertEqual(collector.events.count, 1, "reported once, not at every attempt")
        XCTAssertTrue(message.contains("1d6b:0104 \"VMRig Barcode Scanner\""), message)
    }

    func testAUSBScannerThatIsAbsentIsReportedAndTheSourceStops() async throws {
        let folder = try TemporaryDirectory()
        let source = USBHIDScannerSource(
            vendor: 0xFFFF, product: 0xFFFE, logger: logger, sysfsRoot: folder.path, retryInterval: .milliseconds(50))
        let collector = EventCollector(source.events())
        await collector.wait(for: "disconnected") { !$0.isEmpty }
        XCTAssertTrue(collector.events.first?.isDisconnected ?? false, "\(collector.events)")
        source.stop()
        await collector.waitUntilFinished()
    }

    func testASecondStreamFromOneSourceEndsAtOnce() async throws {
        let folder = try TemporaryDirectory()
        let source = EvdevScannerSource(match: .path("\(folder.path)/absent"), logger: logger)
        let first = EventCollector(source.events())
        let second = EventCollector(source.events())
        await second.waitUntilFinished()
        source.stop()
        await first.waitUntilFinished()
    }
}
