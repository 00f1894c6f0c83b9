import Foundation
import Glibc
import LinuxIO
import SharedTestSupport
import XCTest

@testable import Printer

final class NetworkPrinterTransportTests: XCTestCase {
    func payload(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }

    func testBytesArriveWholeAndAStatusReplyIsRead() throws {
        let printer = try LoopbackPrinter()
        let data = payload(200_000)
        do {
            let transport = try NetworkPrinterTransport(host: "127.0.0.1", port: printer.port)
            XCTAssertEqual(transport.name, "127.0.0.1:\(printer.port)")
            try transport.write(data)
            let reply = try transport.readStatus(
                ESCPOS.statusRequest(.printer), replyLength: 1, timeout: .seconds(2))
            XCTAssertEqual(reply, [0x12])
        }
        let received = try XCTUnwrap(printer.received())
        XCTAssertEqual(received, [data + [0x10, 0x04, 0x01]])
    }

    func testStatusQueryThroughTheNetworkReadsOnline() throws {
        let printer = try LoopbackPrinter()
        do {
            let transport = try NetworkPrinterTransport(host: "127.0.0.1", port: printer.port)
            let status = try PrinterStatus.query(transport, timeout: .milliseconds(300))
            XCTAssertTrue(status.isKnown)
            XCTAssertTrue(status.isReady)
        }
        XCTAssertNotNil(printer.received())
    }

    func testConnectionClosedByThePrinterWhileIdleIsMadeAgainBeforeWriting() throws {
        let printer = try LoopbackPrinter(connections: 2, closeFirstConnections: 1)
        let data = payload(5000)
        do {
            let transport = try NetworkPrinterTransport(host: "127.0.0.1", port: printer.port)
            XCTAssertTrue(printer.waitForHangUp())
            // The hang-up must reach this side's socket before the write looks at it.
            Thread.sleep(forTimeInterval: 0.1)
            try transport.write(data)
        }
        XCTAssertEqual(printer.received(), [data])
    }

    func testRefusedConnectionNamesTheHostAndPort() throws {
        let port = try Self.closedPort()
        XCTAssertThrowsError(try NetworkPrinterTransport(host: "127.0.0.1", port: port)) { error in
            let failure = error as? PrinterTransportError
            XCTAssertEqual(failure?.kind, .notFound)
            XCTAssertTrue("\(error)".contains("127.0.0.1:\(port)"), "\(error)")
            XCTAssertTrue("\(error)".contains("refused"), "\(error)")
        }
    }

    func testUnknownHostNameSaysSo() {
        XCTAssertThrowsError(try NetworkPrinterTransport(host: "printer.invalid", connectTimeout: .seconds(1))) {
            XCTAssertTrue("\($0)".contains("cannot find network printer printer.invalid:9100"), "\($0)")
        }
    }

    /// A port nothing listens on: bound once to get a free one from the kernel, then closed.
    static func closedPort() throws -> UInt16 {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let found = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(probe, $0, length) == 0 && getsockname(probe, $0, &length) == 0
            }
        }
        guard found else { throw TestSetupFailure("cannot bind a loopback socket here") }
        return UInt16(bigEndian: address.sin_port)
    }
}

final class DevicePrinterTransportTests: XCTestCase {
    /// A pseudo-terminal in raw mode stands in for /dev/usb/lp0: the transport opens the
    /// terminal side, the test plays the printer on the controlling side.
    struct PseudoPrinter {
        let controller: Int32
        let terminal: Int32
        let path: String

        /// TIOCSPTLCK and TIOCGPTN from <asm-generic/ioctls.h>: unlock the terminal side and get
        /// its number (Glibc's Swift module hides posix_openpt and ptsname).
        static let unlockRequest: UInt = 0x4004_5431
        static let numberRequest: UInt = 0x8004_5430

        init() throws {
            controller = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            var unlock: Int32 = 0
            var number: UInt32 = 0
            guard controller >= 0, ioctl(controller, Self.unlockRequest, &unlock) == 0,
                ioctl(controller, Self.numberRequest, &number) == 0
            else { throw TestSetupFailure("no pseudo-terminals here") }
            path = "/dev/pts/\(number)"
            terminal = open(path, O_RDWR | O_NOCTTY)
            guard terminal >= 0 else { throw TestSetupFailure("cannot open \(path)") }
            var settings = termios()
            tcgetattr(terminal, &settings)
            cfmakeraw(&settings)
            tcsetattr(terminal, TCSANOW, &settings)
        }

        func close() {
            Glibc.close(terminal)
            Glibc.close(controller)
        }

        /// Reads exactly `count` bytes from the transport's side.
        func read(_ count: Int) -> [UInt8] {
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while data.count < count {
                let got = Glibc.read(controller, &buffer, min(buffer.count, count - data.count))
                guard got > 0 else { break }
                data += buffer[0..<got]
            }
            return data
        }

        func send(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { Glibc.write(controller, $0.baseAddress, $0.count) }
        }
    }

    func testBytesArriveWholeAndStaleInputIsDroppedBeforeAStatusReply() async throws {
        let printer = try PseudoPrinter()
        defer { printer.close() }
        let transport = try DevicePrinterTransport(path: printer.path, writeTimeout: .seconds(5))
        let data = (0..<20_000).map { UInt8(truncatingIfNeeded: $0) }
        let reader = Task.detached { printer.read(data.count) }
        try transport.write(data)
        let received = await reader.value
        XCTAssertEqual(received, data)

        printer.send([0x99])  // a late reply from earlier, which must not be taken as the answer
        try await Task.sleep(for: .milliseconds(50))
        let answerer = Task.detached {
            let request = printer.read(3)
            printer.send([0x16])
            return request
        }
        let reply = try transport.readStatus(ESCPOS.statusRequest(.printer), replyLength: 1, timeout: .seconds(2))
        let request = await answerer.value
        XCTAssertEqual(request, [0x10, 0x04, 0x01])
        XCTAssertEqual(reply, [0x16])
    }

    func testMissingDeviceNamesThePathAndTheFix() {
        XCTAssertThrowsError(try DevicePrinterTransport(path: "/dev/usb/lp9-missing")) { error in
            XCTAssertEqual((error as? PrinterTransportError)?.kind, .notFound)
            XCTAssertTrue("\(error)".contains("/dev/usb/lp9-missing"))
            XCTAssertTrue("\(error)".contains("modprobe usblp"))
        }
    }
}

final class USBPrinterTransportTests: XCTestCase {
    typealias Descriptor = USBInterfaceSetting
    typealias Endpoint = USBEndpoint

    func testPrinterClassInterfaceGivesItsBulkOutAndInEndpoints() {
        // The rig's printer gadget: bulk IN 0x81, bulk OUT 0x02.
        let interfaces = [
            Descriptor(
                number: 0, alternateSetting: 0, interfaceClass: 7,
                endpoints: [
                    Endpoint(address: 0x81, attributes: 2, maxPacketSize: 512), Endpoint(address: 0x02, attributes: 2),
                ])
        ]
        let chosen = USBPrinterInterface.choose(from: interfaces, acceptVendorClass: false)
        XCTAssertEqual(chosen?.bulkOut, 0x02)
        XCTAssertEqual(chosen?.bulkIn, 0x81)
        XCTAssertEqual(chosen?.bulkInMaxPacketSize, 512)
        XCTAssertEqual(chosen?.description, "interface 0 alt 0, bulk OUT 0x02, bulk IN 0x81")
    }

    func testInterruptEndpointsAndOtherClassesAreSkipped() {
        let interfaces = [
            Descriptor(
                number: 0, alternateSetting: 0, interfaceClass: 3, endpoints: [Endpoint(address: 0x81, attributes: 3)]),
            Descriptor(
                number: 1, alternateSetting: 0, interfaceClass: 7,
                endpoints: [Endpoint(address: 0x03, attributes: 3), Endpoint(address: 0x01, attributes: 2)]),
        ]
        let chosen = USBPrinterInterface.choose(from: interfaces, acceptVendorClass: false)
        XCTAssertEqual(chosen?.number, 1)
        XCTAssertEqual(chosen?.bulkOut, 0x01)
        XCTAssertNil(chosen?.bulkIn, "a unidirectional printer has no status channel")
    }

    func testVendorSpecificInterfaceIsUsedOnlyForADeviceNamedByItsID() {
        let interfaces = [
            Descriptor(
                number: 0, alternateSetting: 0, interfaceClass: 0xFF,
                endpoints: [Endpoint(address: 0x01, attributes: 2), Endpoint(address: 0x82, attributes: 2)])
        ]
        XCTAssertNil(USBPrinterInterface.choose(from: interfaces, acceptVendorClass: false))
        XCTAssertEqual(USBPrinterInterface.choose(from: interfaces, acceptVendorClass: true)?.bulkIn, 0x82)
    }

    func testDeviceIDsParseAsLsusbPrintsThem() {
        XCTAssertEqual(USBDeviceID("0525:a4a8"), USBDeviceID(vendor: 0x0525, product: 0xA4A8))
        XCTAssertEqual(USBDeviceID("0x0416:0x5011")?.description, "0416:5011")
        XCTAssertNil(USBDeviceID("0525"))
        XCTAssertNil(USBDeviceID("0525:a4a8x"))
    }

    func testAbsentDeviceIsReportedByItsID() {
        XCTAssertThrowsError(try USBPrinterTransport(device: USBDeviceID(vendor: 0xFFFF, product: 0xFFFE))) { error in
            let kind = (error as? PrinterTransportError)?.kind
            XCTAssertTrue(kind == .notFound || kind == .failed, "\(error)")
            XCTAssertTrue("\(error)".contains("ffff:fffe"), "\(error)")
        }
    }
}
