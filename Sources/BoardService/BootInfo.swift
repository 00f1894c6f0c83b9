import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the boot screen says about the machine: its network addresses and its host name.
public enum BootInfo {
    /// The addresses of the interfaces that are up, as `192.168.1.20 (wlan0)`: IPv4 first, then
    /// global IPv6, in interface order; loopback and IPv6 link-local addresses (which a phone
    /// cannot use without naming the interface) are left out. Empty without a network.
    public static func addresses() -> [String] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var version4: [String] = []
        var version6: [String] = []
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            let interface = entry.pointee
            let flags = Int32(interface.ifa_flags)
            guard let address = interface.ifa_addr, flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0
            else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6, let text = numericHost(address, family: family) else {
                continue
            }
            let line = "\(text) (\(String(cString: interface.ifa_name)))"
            if family == AF_INET {
                version4.append(line)
            } else if !text.lowercased().hasPrefix("fe80:") {
                version6.append(line)
            }
        }
        var seen: Set<String> = []
        return (version4 + version6).filter { seen.insert($0).inserted }
    }

    /// The machine's host name (`openspace-hall-a`), the board's name when none is configured.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "openspace-board" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "openspace-board" : name
    }

    private static func numericHost(_ address: UnsafeMutablePointer<sockaddr>, family: Int32) -> String? {
        let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else {
            return nil
        }
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
