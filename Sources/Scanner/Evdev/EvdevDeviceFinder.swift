import Foundation
import LinuxIO

/// Finds the scanner among the input devices by walking sysfs (`class/input/eventN/device`).
///
/// Both roots are parameters so tests can build a fake tree; on a board they are `/sys` and `/dev`.
public struct EvdevDeviceFinder: Sendable {
    public let sysfsRoot: String
    public let deviceRoot: String

    public init(sysfsRoot: String = "/sys", deviceRoot: String = "/dev") {
        self.sysfsRoot = sysfsRoot
        self.deviceRoot = deviceRoot
    }

    /// Every event device, in the order of its number.
    public func inputDevices() -> [InputDeviceInfo] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "\(sysfsRoot)/class/input")) ?? []
        return
            entries
            .compactMap { entry in Self.eventNumber(entry).map { (number: $0, entry: entry) } }
            .sorted { $0.number < $1.number }
            .map { info(event: $0.entry) }
    }

    /// The device `match` names. Among several (a scanner can show a keyboard node and a consumer
    /// control node), one that types text comes first. Throws a `ScannerError` listing the devices
    /// present when none matches.
    public func find(_ match: EvdevDeviceMatch) throws -> InputDeviceInfo {
        let devices = inputDevices()
        let matching: [InputDeviceInfo]
        switch match {
        case .vendorProduct(let vendor, let product):
            matching = devices.filter { $0.vendor == vendor && $0.product == product }
        case .name(let name):
            let wanted = name.lowercased()
            let exact = devices.filter { $0.name?.lowercased() == wanted }
            matching =
                exact.isEmpty && !wanted.isEmpty
                ? devices.filter { $0.name?.lowercased().contains(wanted) ?? false } : exact
        case .path(let path):
            var status = stat()
            matching = stat(path, &status) == 0 ? [info(forPath: path)] : []
        }
        guard let best = matching.enumerated().min(by: { Self.preference($0, $1) })?.element else {
            throw ScannerError.inputDeviceNotFound(match, present: devices, sysfsRoot: sysfsRoot)
        }
        return best
    }

    /// Devices that type text first, then those sysfs says nothing about, each in device order.
    private static func preference(
        _ first: (offset: Int, element: InputDeviceInfo), _ second: (offset: Int, element: InputDeviceInfo)
    ) -> Bool {
        func rank(_ device: InputDeviceInfo) -> Int {
            switch device.typesText {
            case true: 0
            case nil: 1
            case false: 2
            }
        }
        return (rank(first.element), first.offset) < (rank(second.element), second.offset)
    }

    /// What sysfs says about the node a path leads to (a by-id link resolves to its eventN), kept
    /// under the path asked for, so a replugged device is found by the same path.
    func info(forPath path: String) -> InputDeviceInfo {
        guard let resolved = realpath(path, nil) else { return InputDeviceInfo(path: path) }
        defer { free(resolved) }
        let node = URL(fileURLWithPath: String(cString: resolved)).lastPathComponent
        guard Self.eventNumber(node) != nil,
            FileManager.default.fileExists(atPath: "\(sysfsRoot)/class/input/\(node)")
        else { return InputDeviceInfo(path: path) }
        var info = info(event: node)
        info.path = path
        return info
    }

    private func info(event: String) -> InputDeviceInfo {
        let device = "\(sysfsRoot)/class/input/\(event)/device"
        return InputDeviceInfo(
            path: "\(deviceRoot)/input/\(event)",
            name: Self.firstLine(of: "\(device)/name"),
            vendor: Self.firstLine(of: "\(device)/id/vendor").flatMap { UInt16($0, radix: 16) },
            product: Self.firstLine(of: "\(device)/id/product").flatMap { UInt16($0, radix: 16) },
            typesText: Self.firstLine(of: "\(device)/capabilities/key").map(Self.typesText))
    }

    /// Whether a `capabilities/key` bitmap has the keys a wedge scanner types: 1, A and Enter.
    /// sysfs writes it as hex words of the kernel's long size, most significant first.
    static func typesText(capabilities: String) -> Bool {
        let words = capabilities.split(separator: " ").reversed().map { UInt64($0, radix: 16) ?? 0 }
        let bitsPerWord = MemoryLayout<Int>.size * 8
        func has(_ key: UInt16) -> Bool {
            let index = Int(key) / bitsPerWord
            return index < words.count && words[index] >> (Int(key) % bitsPerWord) & 1 == 1
        }
        return [2, LinuxKeyCodes.enter, 30].allSatisfy(has)
    }

    static func eventNumber(_ entry: String) -> Int? {
        entry.hasPrefix("event") ? Int(entry.dropFirst("event".count)) : nil
    }

    static func firstLine(of path: String) -> String? {
        guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let line = contents.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        return line.trimmingCharacters(in: .whitespaces)
    }
}
