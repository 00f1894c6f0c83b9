/// Numbers of the USB HID boot keyboard, from the Device Class Definition for HID 1.11 and the
/// HID Usage Tables 1.12.
enum HIDBootProtocol {
    /// bInterfaceClass of HID (HID 1.11, section 4.1).
    static let interfaceClass: UInt8 = 3
    /// bInterfaceSubClass of an interface that supports the boot protocol (section 4.2).
    static let bootSubclass: UInt8 = 1
    /// bInterfaceProtocol of a keyboard (section 4.3).
    static let keyboardProtocol: UInt8 = 1

    /// bmRequestType of a class request from host to interface (section 7.2).
    static let classRequestToInterface: UInt8 = 0x21
    /// SET_IDLE (section 7.2.4); wValue 0 asks for reports only when something changes.
    static let setIdle: UInt8 = 0x0A
    /// SET_PROTOCOL (section 7.2.6); wValue 0 selects the boot protocol.
    static let setProtocol: UInt8 = 0x0B
    static let bootProtocol: UInt16 = 0

    /// A boot keyboard report: modifiers, reserved, six key usages (appendix B.1).
    static let reportLength = 8
    /// Left Shift and Right Shift in the modifier byte (bits 1 and 5, appendix B.1 and section 8.3).
    static let shiftModifiers: UInt8 = 0x02 | 0x20
    /// ErrorRollOver, POSTFail and ErrorUndefined (HID Usage Tables, section 10): a report of
    /// these says the keyboard cannot tell which keys are down, not that keys changed.
    static let errorUsages: ClosedRange<UInt8> = 0x01...0x03
}
