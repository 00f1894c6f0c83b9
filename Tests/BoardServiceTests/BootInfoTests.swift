import XCTest

@testable import BoardService

/// The machine's own facts on the boot screen: addresses a phone could use, and a name.
final class BootInfoTests: XCTestCase {
    func testAddressesLeaveOutLoopbackAndLinkLocalAndListIPv4First() {
        let addresses = BootInfo.addresses()
        for address in addresses {
            XCTAssertFalse(address.hasPrefix("127.") || address.hasPrefix("::1 "), address)
            XCTAssertFalse(address.lowercased().hasPrefix("fe80:"), address)
            XCTAssertTrue(address.hasSuffix(")"), "the interface is named: \(address)")
        }
        let isIPv6 = addresses.map { $0.prefix { $0 != " " }.contains(":") }
        XCTAssertEqual(isIPv6, isIPv6.sorted { !$0 && $1 }, "IPv4 first: \(addresses)")
        XCTAssertEqual(Set(addresses).count, addresses.count)
    }

    func testTheHostNameIsNeverEmpty() {
        let name = BootInfo.hostName()
        XCTAssertFalse(name.isEmpty)
        XCTAssertFalse(name.contains("\0"))
    }
}
