import Glibc
import Synchronization

/// A printer through the kernel's usblp driver (`/dev/usb/lp0`): bytes are written to the
/// device file, status replies read from it when the printer has a way back (bidirectional).
public final class DevicePrinterTransport: PrinterTransport {
    /// Where usblp puts the first printer.
    public static let defaultPath = "/dev/usb/lp0"

    public let path: String
    public var name: String { path }
    /// The longest wait for the printer to take more data before the write fails.
    public let writeTimeout: Duration
    private let descriptor: Int32
    /// Held for a whole write or status exchange, so the two never interleave on the device.
    private let exclusive = Mutex(())

    /// Opens the device for reading and writing, without blocking.
    public init(path: String = DevicePrinterTransport.defaultPath, writeTimeout: Duration = .seconds(10)) throws {
        let descriptor = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.openFailed(path: path, code: errno) }
        self.path = path
        self.writeTimeout = writeTimeout
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    public func write(_ bytes: [UInt8]) throws {
        let io = DescriptorIO(descriptor: descriptor, isSocket: false)
        do throws(DescriptorIO.Failure) {
            try exclusive.withLock { _ throws(DescriptorIO.Failure) in
                try io.writeAll(bytes, timeout: writeTimeout, waitForCompletion: true)
            }
        } catch {
            throw writeFailed(error, total: bytes.count)
        }
    }

    public func readStatus(_ request: [UInt8], replyLength: Int, timeout: Duration) throws -> [UInt8] {
        let io = DescriptorIO(descriptor: descriptor, isSocket: false)
        do throws(DescriptorIO.Failure) {
            return try exclusive.withLock { _ throws(DescriptorIO.Failure) in
                try io.drain()
                try io.writeAll(request, timeout: writeTimeout, waitForCompletion: true)
                return try io.read(upTo: replyLength, timeout: timeout)
            }
        } catch let failure where failure.code == EINVAL || failure.code == EOPNOTSUPP {
            // usblp refuses reads from a printer without an IN endpoint: no status, print anyway.
            return []
        } catch {
            throw writeFailed(error, total: request.count)
        }
    }

    static func openFailed(path: String, code: Int32) -> PrinterTransportError {
        switch code {
        case ENOENT, ENODEV, ENXIO:
            return PrinterTransportError(
                .notFound, device: path,
                message: "cannot open printer \(path): it does not exist; check that the printer is plugged in and "
                    + "switched on, that usblp is loaded (modprobe usblp), and that no libusb program detached it "
                    + "(ls /dev/usb/ lists the printers)")
        case EACCES, EPERM:
            return PrinterTransportError(
                .permissionDenied, device: path,
                message: "cannot open printer \(path): permission denied; install the udev rules from udev/ with "
                    + "this printer's vendor:product id (lsusb shows it) and add the service user to the group they "
                    + "name, then log in again")
        case EBUSY:
            return PrinterTransportError(
                .busy, device: path,
                message: "cannot open printer \(path): resource busy; another program has it open (CUPS: "
                    + "sudo systemctl stop cups, or remove the printer from CUPS)")
        default:
            return PrinterTransportError(
                .failed, device: path,
                message: "cannot open printer \(path): \(PrinterTransportError.explain(code))")
        }
    }

    private func writeFailed(_ failure: DescriptorIO.Failure, total: Int) -> PrinterTransportError {
        let progress = "after \(failure.transferred) of \(total) bytes"
        guard let code = failure.code else {
            return PrinterTransportError(
                .timedOut, device: path,
                message: "printer \(path) took no data for \(writeTimeout) \(progress); check for paper out, an "
                    + "open cover or a jam, then the job is sent again")
        }
        if code == ENODEV || code == EIO || code == ESHUTDOWN {
            return PrinterTransportError(
                .disconnected, device: path,
                message:
                    "printer \(path) went away \(progress) (\(PrinterTransportError.explain(code))); check the USB "
                    + "cable and power, then the job is sent again")
        }
        return PrinterTransportError(
            .failed, device: path,
            message: "writing to printer \(path) failed \(progress): "
                + PrinterTransportError.explain(code))
    }
}
