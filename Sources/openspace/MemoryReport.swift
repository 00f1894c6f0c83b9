import Foundation

/// A process's resident memory, read from /proc/<pid>/status.
struct MemoryReport: CustomStringConvertible {
    var residentKiB: Int
    var peakResidentKiB: Int

    /// This process's, or with `process` another one's.
    static func current(process: Int32? = nil) -> MemoryReport {
        let path = "/proc/\(process.map(String.init) ?? "self")/status"
        let status = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return MemoryReport(residentKiB: field("VmRSS"), peakResidentKiB: field("VmHWM"))
    }

    var description: String { "memory: resident \(residentKiB) KiB, peak \(peakResidentKiB) KiB" }
}
