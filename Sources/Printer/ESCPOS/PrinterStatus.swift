/// What a printer reported through `DLE EOT`: whether it can print now, and if not, why.
///
/// A printer that never answers (no back channel, or a firmware without real-time status) gives
/// a status with nothing answered, which counts as ready: the job is sent and the spooler finds
/// out from the write whether the printer took it.
public struct PrinterStatus: Equatable, Sendable, CustomStringConvertible {
    /// The requests the printer answered with a well-formed byte.
    public var answered: Set<StatusRequest> = []
    public var offline = false
    public var coverOpen = false
    /// Printing stopped at a paper end, or the end sensor sees no paper.
    public var paperOut = false
    /// The near-end sensor sees little paper left; printing goes on.
    public var paperNearEnd = false
    /// The off-line cause says an error occurred; `errorCauses` says which when known.
    public var error = false
    public var errorCauses: [ErrorCause] = []
    /// Replies that were not status bytes; `query` skips them rather than stop printing on a
    /// printer whose firmware answers in its own way.
    public var malformedReplies: [MalformedReply] = []

    /// The error kinds of `DLE EOT 3`.
    public enum ErrorCause: String, Sendable, Equatable {
        /// A paper jam at the cutter; clear it and close the cover.
        case autocutter = "autocutter error"
        /// A circuit failure; the printer needs service.
        case unrecoverable = "unrecoverable error"
        /// Print head too hot, or the cover opened while printing; clears by itself.
        case autoRecoverable = "recoverable error (print head too hot or cover opened while printing)"
    }

    /// A byte that cannot be a status reply: its fixed bits are wrong.
    public struct MalformedReply: Error, Equatable, Sendable, CustomStringConvertible {
        public let request: StatusRequest
        public let byte: UInt8
        public var description: String {
            "The printer answered \(request) with 0x\(String(byte, radix: 16, uppercase: true)), which is not an "
                + "ESC/POS status byte (bits 1 and 4 set, 0 and 7 clear); it may not speak ESC/POS or the input "
                + "held other data."
        }
    }

    public init() {}

    /// Nothing known stops printing: not off-line, cover closed, paper present, no error.
    public var isReady: Bool { !offline && !coverOpen && !paperOut && !error }

    /// Whether the printer answered anything at all.
    public var isKnown: Bool { !answered.isEmpty }

    /// What stops the printer or needs attention, in words for the log and the status line.
    public var problems: [String] {
        var problems: [String] = []
        if paperOut { problems.append("paper out") }
        if coverOpen { problems.append("cover open") }
        if error {
            problems.append(errorCauses.isEmpty ? "printer error" : errorCauses.map(\.rawValue).joined(separator: ", "))
        }
        if offline && problems.isEmpty { problems.append("off-line") }
        if paperNearEnd && !paperOut { problems.append("paper near end") }
        return problems
    }

    public var description: String {
        guard isKnown else {
            guard let reply = malformedReplies.first else { return "status unknown (no reply)" }
            return "status unknown (\(reply))"
        }
        let problems = problems
        return problems.isEmpty ? "ready" : problems.joined(separator: ", ")
    }

    /// Reads one reply byte of `request` into this status.
    public mutating func record(_ byte: UInt8, for request: StatusRequest) throws(MalformedReply) {
        guard byte & ESCPOSReference.statusFixedBitsMask == ESCPOSReference.statusFixedBitsValue else {
            throw MalformedReply(request: request, byte: byte)
        }
        answered.insert(request)
        switch request {
        case .printer:
            offline = byte & ESCPOSReference.printerOfflineBit != 0
        case .offlineCause:
            coverOpen = byte & ESCPOSReference.offlineCoverOpenBit != 0
            if byte & ESCPOSReference.offlinePaperEndStopBit != 0 { paperOut = true }
            error = byte & ESCPOSReference.offlineErrorBit != 0
        case .errorCause:
            errorCauses = []
            if byte & ESCPOSReference.errorAutocutterBit != 0 { errorCauses.append(.autocutter) }
            if byte & ESCPOSReference.errorUnrecoverableBit != 0 { errorCauses.append(.unrecoverable) }
            if byte & ESCPOSReference.errorAutoRecoverableBit != 0 { errorCauses.append(.autoRecoverable) }
            if !errorCauses.isEmpty { error = true }
        case .paperSensor:
            paperNearEnd = byte & ESCPOSReference.paperNearEndBits != 0
            if byte & ESCPOSReference.paperEndBits != 0 { paperOut = true }
        }
    }

    /// The status from replies to several requests, in the order given.
    public static func parse(_ replies: [(StatusRequest, UInt8)]) throws(MalformedReply) -> PrinterStatus {
        var status = PrinterStatus()
        for (request, byte) in replies { try status.record(byte, for: request) }
        return status
    }

    /// Asks the printer through `transport`: `DLE EOT 1` first; when off-line, the cause
    /// (`DLE EOT 2`, then `3` if it names an error); always the paper sensor (`DLE EOT 4`) for
    /// the near-end warning. A request left unanswered within `timeout`, or answered with
    /// something that is not a status byte, is skipped, so printers without real-time status
    /// cost one timeout and print anyway. Throws only when the transport fails.
    public static func query(_ transport: any PrinterTransport, timeout: Duration) throws -> PrinterStatus {
        var status = PrinterStatus()
        func ask(_ request: StatusRequest) throws -> Bool {
            let reply = try transport.readStatus(
                ESCPOS.statusRequest(request), replyLength: 1, timeout: timeout)
            guard let byte = reply.last else { return false }
            do {
                try status.record(byte, for: request)
            } catch {
                status.malformedReplies.append(error)
                return false
            }
            return true
        }
        guard try ask(.printer) else { return status }
        if status.offline, try ask(.offlineCause), status.error {
            _ = try ask(.errorCause)
        }
        _ = try ask(.paperSensor)
        return status
    }
}
