import Foundation

/// This process's resident memory, read from /proc/self/status.
struct MemoryReport: CustomStringConvertible {
    var residentKiB: Int
    var peakResidentKiB: Int

    static func current() -> MemoryReport {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return MemoryReport(residentKiB: field("VmRSS"), peakResidentKiB: field("VmHWM"))
    }

    var description: String { "memory: resident \(residentKiB) KiB, peak \(peakResidentKiB) KiB" }
}
