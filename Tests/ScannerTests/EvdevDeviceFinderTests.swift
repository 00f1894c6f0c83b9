import Foundation
import LinuxIO
import XCTest

@testable import Scanner

final class EvdevDeviceFinderTests: XCTestCase {
    private var root: TemporaryDirectory!
    private var finder: EvdevDeviceFinder!

    /// A keyboard's `capabilities/key` as a 64-bit kernel writes it (bits 1-127 and more set).
    private let keyboardKeys = "1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe"
    /// A consumer control node's: media keys only, none of 1, A or Enter.
    private let mediaKeys = "1 0 0 0 0 7 0 0 0"

    override func setUpWithError() throws {
        root = try TemporaryDirectory()
        finder = EvdevDeviceFinder(sysfsRoot: "\(root.path)/sys", deviceRoot: "\(root.path)/dev")
        try addDevice(
            event: 0, name: "AT Translated Set 2 keyboard", vendor: "0001", product: "0001", keys: keyboardKeys)
        try addDevice(
            event: 4, name: "VMRig Barcode Scanner Consumer Control", vendor: "1d6b", product: "0104", keys: mediaKeys)
        try addDevice(event: 3, name: "VMRig Barcode Scanner", vendor: "1d6b", product: "0104", keys: keyboardKeys)
        try addDevice(event: 12, name: "Power Button", vendor: "0000", product: "0001", keys: "10000000000000 0")
    }

    override func tearDown() {
        root = nil
    }

    private func addDevice(event: Int, name: String, vendor: String, product: String, keys: String?) throws {
        let device = "sys/class/input/event\(event)/device"
        try root.write("\(name)\n", to: "\(device)/name")
        try root.write("\(vendor)\n", to: "\(device)/id/vendor")
        try root.write("\(product)\n", to: "\(device)/id/product")
        if let keys { try root.write("\(keys)\n", to: "\(device)/capabilities/key") }
        try root.write("", to: "dev/input/event\(event)")
    }

    func testDevicesAreListedInEventNumberOrderWithTheirNamesAndIDs() {
        let devices = finder.inputDevices()
        XCTAssertEqual(
            devices.map(\.path).map { URL(fileURLWithPath: $0).lastPathComponent },
            ["event0", "event3", "event4", "event12"])
        XCTAssertEqual(
            devices[1],
            InputDeviceInfo(
                path: "\(root.path)/dev/input/event3", name: "VMRig Barcode Scanner", vendor: 0x1D6B, product: 0x0104,
                typesText: true))
        XCTAssertEqual(devices[2].typesText, false)
    }

    func testVendorAndProductFindTheNodeThatTypesTextNotTheConsumerControlNode() throws {
        let found = try finder.find(.vendorProduct(0x1D6B, 0x0104))
        XCTAssertEqual(found.path, "\(root.path)/dev/input/event3")
    }

    func testANodeWithoutCapabilitiesComesAfterOneThatTypesText() throws {
        try addDevice(event: 1, name: "VMRig Barcode Scanner Mouse", vendor: "1d6b", product: "0104", keys: nil)
        XCTAssertEqual(try finder.find(.vendorProduct(0x1D6B, 0x0104)).path, "\(root.path)/dev/input/event3")
    }

    func testAnExactNameWinsOverNamesContainingItIgnoringCase() throws {
        XCTAssertEqual(try finder.find(.name("vmrig barcode scanner")).path, "\(root.path)/dev/input/event3")
        XCTAssertEqual(try finder.find(.name("Consumer Control")).path, "\(root.path)/dev/input/event4")
    }

    func testAByIDLinkResolvesToItsNodeButKeepsItsOwnPath() throws {
        let link = "\(root.path)/dev/input/by-id/usb-VMRig_Barcode_Scanner_0001-event-kbd"
        try FileManager.default.createDirectory(
            atPath: "\(root.path)/dev/input/by-id", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../event3")
        let found = try finder.find(.path(link))
        XCTAssertEqual(found.path, link)
        XCTAssertEqual(found.name, "VMRig Barcode Scanner")
        XCTAssertEqual(found.vendor, 0x1D6B)
    }

    func testAnAbsentScannerIsReportedWithTheDevicesPresentAndTheirIDs() {
        XCTAssertThrowsError(try finder.find(.vendorProduct(0x05E0, 0x1200))) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.hasPrefix("no scanner 05e0:1200 found; input devices present: "), message)
            XCTAssertTrue(message.contains("event0 0001:0001 \"AT Translated Set 2 keyboard\""), message)
            XCTAssertTrue(message.contains("event3 1d6b:0104 \"VMRig Barcode Scanner\""), message)
            XCTAssertTrue(message.contains("/dev/input/by-id"), message)
        }
        XCTAssertThrowsError(try finder.find(.name("Honeywell"))) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("no scanner named \"Honeywell\" found;"))
        }
        XCTAssertThrowsError(try finder.find(.path("\(root.path)/dev/input/by-id/gone"))) { error in
            XCTAssertTrue(String(describing: error).contains("VMRig Barcode Scanner"))
        }
    }

    func testNoInputDevicesAtAllSuggestsPluggingInAndTheEvdevModule() throws {
        let empty = try TemporaryDirectory()
        let finder = EvdevDeviceFinder(sysfsRoot: empty.path, deviceRoot: empty.path)
        XCTAssertThrowsError(try finder.find(.vendorProduct(0x1D6B, 0x0104))) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains("no input devices at all"), message)
            XCTAssertTrue(message.contains("modprobe evdev"), message)
        }
    }

    func testOpeningAnUnreadableNodeNamesTheInputGroupAndTheUdevRule() {
        let message = ScannerError.inputOpenFailed("/dev/input/event3", code: EACCES).description
        XCTAssertTrue(message.contains("/dev/input/event3"), message)
        XCTAssertTrue(message.contains("input group"), message)
        XCTAssertTrue(message.contains("udev/"), message)
    }

    func testAnUnsupportedFileIsRefusedAsNotAnInputDevice() throws {
        try root.write("not events", to: "plain-file")
        XCTAssertThrowsError(try EvdevReader.open(InputDeviceInfo(path: "\(root.path)/plain-file"), rules: ScanRules()))
        {
            error in
            XCTAssertTrue(String(describing: error).contains("is not an evdev input device"))
        }
    }

    func testUSBDevicesAreListedFromSysfsWithoutRootHubsForAMissingScanner() throws {
        try root.write("1d6b\n", to: "sys/bus/usb/devices/usb1/idVendor")
        try root.write("0002\n", to: "sys/bus/usb/devices/usb1/idProduct")
        try root.write("0525\n", to: "sys/bus/usb/devices/1-1/idVendor")
        try root.write("a4a8\n", to: "sys/bus/usb/devices/1-1/idProduct")
        try root.write("VMRig\n", to: "sys/bus/usb/devices/1-1/manufacturer")
        try root.write("Thermal Printer\n", to: "sys/bus/usb/devices/1-1/product")
        try root.write("3\n", to: "sys/bus/usb/devices/1-1:1.0/bInterfaceClass")
        let present = USBDeviceInfo.all(sysfsRoot: "\(root.path)/sys")
        XCTAssertEqual(
            present,
            [
                USBDeviceInfo(
                    port: "1-1", vendor: 0x0525, product: 0xA4A8, manufacturer: "VMRig", name: "Thermal Printer")
            ])
        let message = ScannerError.usbDeviceNotFound(vendor: 0x1D6B, product: 0x0104, present: present).description
        XCTAssertEqual(
            message,
            "no USB scanner 1d6b:0104 found; USB devices present: 0525:a4a8 \"VMRig Thermal Printer\" at USB port 1-1. "
                + "Plug the scanner in, or use one of these vendor:product pairs")
    }

    func testScannerPresentInSysfsButNotYetInLibusbIsSaidSo() {
        let present = [USBDeviceInfo(port: "1-1", vendor: 0x1D6B, product: 0x0104, manufacturer: nil, name: "Scanner")]
        let message = ScannerError.usbDeviceNotFound(vendor: 0x1D6B, product: 0x0104, present: present).description
        XCTAssertTrue(message.hasPrefix("USB scanner 1d6b:0104 \"Scanner\" at USB port 1-1 is plugged in"), message)
        XCTAssertFalse(message.contains("Plug the scanner in"), message)
    }
}
