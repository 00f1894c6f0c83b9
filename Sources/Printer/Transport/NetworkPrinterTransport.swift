import Glibc
import Synchronization

/// A network printer on its raw TCP port (9100, "JetDirect"): bytes are sent on one
/// connection, status replies come back on it. The connection is made when the transport is
/// created (so an unreachable printer shows at once) and made again when the printer closed it
/// while idle, which many do after a minute or two.
public final class NetworkPrinterTransport: PrinterTransport {
    /// The raw printing port of ESC/POS network printers.
    public static let defaultPort: UInt16 = 9100

    public let host: String
    public let port: UInt16
    public var name: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    public let connectTimeout: Duration
    public let writeTimeout: Duration
    /// The open socket, or nil after a failure; held for a whole write or status exchange.
    private let socket: Mutex<Int32?>

    /// Connects to `host` (a name or an address) within `connectTimeout`.
    public init(
        host: String, port: UInt16 = NetworkPrinterTransport.defaultPort, connectTimeout: Duration = .seconds(3),
        writeTimeout: Duration = .seconds(10)
    ) throws {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
        self.writeTimeout = writeTimeout
        socket = Mutex(nil)
        let descriptor = try connect()
        socket.withLock { $0 = descriptor }
    }

    deinit {
        socket.withLock { descriptor in
            if let descriptor { close(descriptor) }
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        _ = try exchange { io throws(DescriptorIO.Failure) in
            try io.writeAll(bytes, timeout: writeTimeout, waitForCompletion: false)
            return []
        } describing: { failure in
            self.failed(failure, doing: "sending \(bytes.count) bytes", total: bytes.count)
        }
    }

    public func readStatus(_ request: [UInt8], replyLength: Int, timeout: Duration) throws -> [UInt8] {
        try exchange { io throws(DescriptorIO.Failure) in
            try io.drain()
            try io.writeAll(request, timeout: writeTimeout, waitForCompletion: false)
            return try io.read(upTo: replyLength, timeout: timeout)
        } describing: { failure in
            self.failed(failure, doing: "asking for status", total: request.count)
        }
    }

    /// Runs `body` on a live connection, reconnecting first when the printer has closed the old
    /// one; a failure closes the connection so the next call starts afresh.
    private func exchange(
        _ body: (DescriptorIO) throws(DescriptorIO.Failure) -> [UInt8],
        describing describe: (DescriptorIO.Failure) -> PrinterTransportError
    ) throws -> [UInt8] {
        try socket.withLock { current in
            if let open = current, Self.peerClosed(open) {
                close(open)
                current = nil
            }
            let descriptor = try current ?? connect()
            current = descriptor
            do throws(DescriptorIO.Failure) {
                return try body(DescriptorIO(descriptor: descriptor, isSocket: true))
            } catch {
                close(descriptor)
                current = nil
                throw describe(error)
            }
        }
    }

    /// Whether the printer closed an idle connection: readable with nothing to read. Bytes
    /// waiting (a late status reply) mean it is still open; `drain` removes them.
    private static func peerClosed(_ descriptor: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 0) > 0 else { return false }
        if entry.revents & Int16(POLLERR | POLLHUP) != 0 { return true }
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) == 0
    }

    /// Resolves the host and connects to the first address that answers within the timeout.
    private func connect() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            throw PrinterTransportError(
                .notFound, device: name,
                message: "cannot find network printer \(name): \(String(cString: gai_strerror(resolved))); check the "
                    + "host name or use the printer's IP address (printed on its self-test page: hold FEED while "
                    + "switching it on)")
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = ETIMEDOUT
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let descriptor = Glibc.socket(
                address.pointee.ai_family,
                address.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue),
                address.pointee.ai_protocol)
            guard descriptor >= 0 else {
                lastError = errno
                continue
            }
            let code = Self.connect(descriptor, to: address.pointee, timeout: connectTimeout)
            if code == 0 { return descriptor }
            close(descriptor)
            lastError = code
        }
        throw connectFailed(lastError)
    }

    /// Connects a non-blocking socket, waiting at most `timeout`; 0 or the errno value.
    private static func connect(_ descriptor: Int32, to address: addrinfo, timeout: Duration) -> Int32 {
        if Glibc.connect(descriptor, address.ai_addr, address.ai_addrlen) == 0 { return 0 }
        guard errno == EINPROGRESS else { return errno }
        var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return ETIMEDOUT }
            let ready = poll(&entry, 1, DescriptorIO.milliseconds(remaining))
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 { return errno }
            if ready == 0 { return ETIMEDOUT }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return errno }
            return code
        }
    }

    private func connectFailed(_ code: Int32) -> PrinterTransportError {
        switch code {
        case ETIMEDOUT:
            return PrinterTransportError(
                .notFound, device: name,
                message: "network printer \(name) did not answer within \(connectTimeout); check that it is "
                    + "switched on, on the same network, and that its IP address has not changed")
        case ECONNREFUSED:
            return PrinterTransportError(
                .notFound, device: name,
                message: "network printer \(name) refused the connection; check the port (raw printing is "
                    + "usually \(Self.defaultPort)) and that no other computer is printing to it right now")
        case EHOSTUNREACH, ENETUNREACH:
            return PrinterTransportError(
                .notFound, device: name,
                message: "network printer \(name) is unreachable (\(PrinterTransportError.explain(code))); check "
                    + "the network cable or Wi-Fi and the printer's IP address")
        default:
            return PrinterTransportError(
                .failed, device: name,
                message: "cannot connect to network printer \(name): \(PrinterTransportError.explain(code))")
        }
    }

    private func failed(_ failure: DescriptorIO.Failure, doing action: String, total: Int) -> PrinterTransportError {
        let progress = "after \(failure.transferred) of \(total) bytes"
        guard let code = failure.code else {
            return PrinterTransportError(
                .timedOut, device: name,
                message: "network printer \(name) took no data for \(writeTimeout) while \(action) (\(progress)); "
                    + "check for paper out, an open cover or a jam")
        }
        if code == EPIPE || code == ECONNRESET || code == ENOTCONN {
            return PrinterTransportError(
                .disconnected, device: name,
                message: "network printer \(name) closed the connection while \(action) (\(progress)); it may have "
                    + "been switched off or restarted")
        }
        return PrinterTransportError(
            .failed, device: name,
            message:
                "network printer \(name) failed while \(action) (\(progress)): \(PrinterTransportError.explain(code))")
    }
}
