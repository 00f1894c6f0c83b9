import Dispatch
import Foundation
import Glibc
import Synchronization

/// A pretend network printer on 127.0.0.1: accepts connections one after another, keeps every
/// byte received per connection, and answers `DLE EOT 1` with "online" (0x12), like the rig's
/// gadget reader. `closeFirstConnections` hangs up that many connections at once, as a printer
/// dropping an idle client does. Shared by the printer's and the board's tests.
public final class LoopbackPrinter: Sendable {
    public let port: UInt16
    private let listener: Int32
    private let connections = Mutex<[[UInt8]]>([])
    /// Every byte received so far, over all connections, the open one included.
    private let everything = Mutex<[UInt8]>([])
    private let finished = DispatchSemaphore(value: 0)
    private let hungUp = DispatchSemaphore(value: 0)

    /// `port` 0 takes any free port.
    public init(connections expected: Int = 1, closeFirstConnections: Int = 0, port wanted: UInt16 = 0) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw LoopbackError(step: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = wanted.bigEndian
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 4) == 0 else { throw LoopbackError(step: "bind", code: errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        self.port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in
            for index in 0..<expected {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { break }
                if index < closeFirstConnections {
                    close(client)
                    hungUp.signal()
                    continue
                }
                serve(client)
            }
            finished.signal()
        }
        thread.start()
    }

    deinit { close(listener) }

    /// Waits until the first `closeFirstConnections` connections were hung up.
    public func waitForHangUp() -> Bool { hungUp.wait(timeout: .now() + 5) == .success }

    /// The bytes of each served connection, after all expected connections ended.
    public func received(timeout: TimeInterval = 5) -> [[UInt8]]? {
        guard finished.wait(timeout: .now() + timeout) == .success else { return nil }
        return connections.withLock { $0 }
    }

    private func serve(_ client: Int32) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(client, &buffer, buffer.count)
            guard count > 0 else { break }
            data += buffer[0..<count]
            everything.withLock { $0 += buffer[0..<count] }
            // A status request is the last thing a client sends before it waits for the reply.
            if data.suffix(3).elementsEqual([0x10, 0x04, 0x01]) {
                var online: UInt8 = 0x12
                _ = write(client, &online, 1)
            }
        }
        close(client)
        connections.withLock { $0.append(data) }
    }

    /// Every byte received so far, without waiting for connections to end.
    public var receivedSoFar: [UInt8] { everything.withLock { $0 } }

    /// A free port on 127.0.0.1 now (nothing listens on it until a printer is made with it).
    public static func freePort() throws -> UInt16 {
        let probe = try LoopbackPrinter(connections: 0)
        return probe.port
    }

    public struct LoopbackError: Error, CustomStringConvertible {
        let step: String
        let code: Int32
        public var description: String { "loopback printer \(step) failed: \(String(cString: strerror(code)))" }
    }
}
