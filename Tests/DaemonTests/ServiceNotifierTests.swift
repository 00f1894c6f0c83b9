import Daemon
import Glibc
import Logging
import ServiceLifecycle
import SharedTestSupport
import XCTest

/// ServiceNotifier against a socket bound where NOTIFY_SOCKET points, as systemd's would be.
final class ServiceNotifierTests: XCTestCase {
    private static let variables = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"]
    private var socket: NotifySocket!

    override func setUpWithError() throws {
        socket = try NotifySocket()
        for variable in Self.variables { unsetenv(variable) }
    }

    override func tearDown() {
        for variable in Self.variables { unsetenv(variable) }
        socket = nil
    }

    private func listen() {
        setenv("NOTIFY_SOCKET", socket.path, 1)
    }

    func testReadySendsReadyAndStatusInOneDatagram() {
        listen()
        let notifier = ServiceNotifier()
        XCTAssertTrue(notifier.isSupervised)
        notifier.ready(status: "serving on 127.0.0.1:8080")
        XCTAssertEqual(socket.receive(), "READY=1\nSTATUS=serving on 127.0.0.1:8080")
    }

    func testReadyWithoutStatusSendsReadyAlone() {
        listen()
        ServiceNotifier().ready()
        XCTAssertEqual(socket.receive(), "READY=1")
    }

    func testWatchdogStatusAndStoppingSendTheirAssignments() {
        listen()
        let notifier = ServiceNotifier()
        notifier.watchdog()
        notifier.status("online, 2 pending")
        notifier.stopping()
        XCTAssertEqual(socket.receive(), "WATCHDOG=1")
        XCTAssertEqual(socket.receive(), "STATUS=online, 2 pending")
        XCTAssertEqual(socket.receive(), "STOPPING=1")
    }

    func testLineBreaksInAStatusDoNotStartANewAssignment() {
        listen()
        ServiceNotifier().status("printer offline\nREADY=1")
        XCTAssertEqual(socket.receive(), "STATUS=printer offline READY=1")
    }

    func testWithoutNotifySocketNothingIsSentAndNothingFails() {
        let notifier = ServiceNotifier()
        XCTAssertFalse(notifier.isSupervised)
        notifier.ready(status: "by hand")
        notifier.watchdog()
        notifier.stopping()
        XCTAssertNil(socket.receive(timeout: .milliseconds(200)))
    }

    func testWatchdogIntervalIsHalfOfWatchdogUSec() {
        setenv("WATCHDOG_USEC", "30000000", 1)
        setenv("WATCHDOG_PID", "\(getpid())", 1)
        XCTAssertEqual(ServiceNotifier().watchdogInterval, .seconds(15))
    }

    func testWatchdogIntervalWithoutWatchdogPidIsStillHalfOfWatchdogUSec() {
        setenv("WATCHDOG_USEC", "2000000", 1)
        XCTAssertEqual(ServiceNotifier().watchdogInterval, .seconds(1))
    }

    func testNoWatchdogIntervalWhenTheWatchdogIsForAnotherProcess() {
        setenv("WATCHDOG_USEC", "30000000", 1)
        setenv("WATCHDOG_PID", "\(getpid() + 1)", 1)
        XCTAssertNil(ServiceNotifier().watchdogInterval)
    }

    func testNoWatchdogIntervalWithoutWatchdogUSec() {
        XCTAssertNil(ServiceNotifier().watchdogInterval)
    }

    func testWatchdogServicePingsUntilShutdownThenSaysStopping() async throws {
        listen()
        setenv("WATCHDOG_USEC", "100000", 1)
        setenv("WATCHDOG_PID", "\(getpid())", 1)
        let notifier = ServiceNotifier()
        XCTAssertEqual(notifier.watchdogInterval, .milliseconds(50))
        let group = ServiceGroup(
            services: [WatchdogService(notifier: notifier)],
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let running = Task { try await group.run() }
        let socket = self.socket!
        XCTAssertEqual(socket.receive(), "WATCHDOG=1")
        XCTAssertEqual(socket.receive(), "WATCHDOG=1")
        await group.triggerGracefulShutdown()
        try await running.value
        var last: String?
        while let datagram = socket.receive(timeout: .milliseconds(500)) { last = datagram }
        XCTAssertEqual(last, "STOPPING=1")
    }

    func testWatchdogServiceWithoutWatchdogWaitsForShutdownWithoutPinging() async throws {
        listen()
        let group = ServiceGroup(
            services: [WatchdogService(notifier: ServiceNotifier())],
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let running = Task { try await group.run() }
        let socket = self.socket!
        XCTAssertNil(socket.receive(timeout: .milliseconds(300)), "nothing to ping without a watchdog")
        await group.triggerGracefulShutdown()
        try await running.value
        XCTAssertEqual(socket.receive(), "STOPPING=1")
    }
}
