import Glibc

/// A transport that failed: which printer, what went wrong, and what to do about it.
public struct PrinterTransportError: Error, Sendable, CustomStringConvertible {
    /// The broad reason, for callers that react differently (the spooler treats all as "wait").
    public enum Kind: Sendable, Equatable {
        /// No such printer is connected or reachable.
        case notFound
        /// Another driver or program holds it.
        case busy
        /// The user may not open it.
        case permissionDenied
        /// It went away while in use (unplugged, connection closed).
        case disconnected
        /// It stopped taking data or did not answer in time.
        case timedOut
        /// Anything else the system reported.
        case failed
    }

    public let kind: Kind
    /// The printer, as in `PrinterTransport.name`.
    public let device: String
    /// The whole message: what failed, why, and the fix.
    public let message: String

    public init(_ kind: Kind, device: String, message: String) {
        self.kind = kind
        self.device = device
        self.message = message
    }

    public var description: String { message }

    /// The text of an errno value.
    static func explain(_ code: Int32) -> String { String(cString: strerror(code)) }
}
