import Foundation

/// The doctor's findings as a person reads them (one line each, the fix under each problem, a
/// summary last) or as JSON, and the exit status: 1 when something blocks the service.
public struct DoctorReport: Sendable, Equatable {
    public var results: [CheckResult]

    public init(_ results: [CheckResult]) {
        self.results = results
    }

    public var blocking: [CheckResult] { results.filter { $0.status == .blocking } }
    public var warnings: [CheckResult] { results.filter { $0.status == .warning } }

    /// 0 when nothing blocks the service (warnings allowed), 1 otherwise.
    public var exitStatus: Int32 { blocking.isEmpty ? 0 : 1 }

    /// `ok    SPI      /dev/spidev0.0 present`, and `      fix: …` under each problem.
    public var lines: [String] {
        var lines: [String] = []
        for result in results {
            lines.append(Self.line(result))
            if let fix = result.fix, result.status == .warning || result.status == .blocking {
                lines.append(String(repeating: " ", count: Self.statusWidth) + "fix: " + fix)
            }
        }
        lines.append(summary)
        return lines
    }

    public var text: String { lines.joined(separator: "\n") + "\n" }

    /// The last line: whether the service can run, and how many problems there are.
    public var summary: String {
        let warned = warnings.count
        let warningText = warned == 0 ? "" : "\(warned) warning\(warned == 1 ? "" : "s")"
        guard blocking.isEmpty else {
            let count = blocking.count
            let what = "\(count) problem\(count == 1 ? "" : "s") block\(count == 1 ? "s" : "") the board service"
            return warningText.isEmpty ? what : "\(what); \(warningText)"
        }
        return warningText.isEmpty
            ? "nothing blocks the board service" : "nothing blocks the board service; \(warningText)"
    }

    /// The findings as a JSON object: `results` (status, title, detail, fix) and `exitStatus`.
    public func json() throws -> String {
        struct Document: Encodable {
            let results: [CheckResult]
            let exitStatus: Int32
            let summary: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(results: results, exitStatus: exitStatus, summary: summary))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static let statusWidth = 6
    static let titleWidth = 9

    static func line(_ result: CheckResult) -> String {
        pad(result.status.label, statusWidth) + pad(result.title, titleWidth) + result.detail
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
