import BoardService
import Foundation
import Printer
import Scanner
import Settings

/// Everything the checks reach outside the settings: the system's files (under a root folder),
/// the clock, the user, the devices and the hub. `system` is the real board; tests put fakes in.
public struct DoctorEnvironment: Sendable {
    public var root: SystemRoot
    public var now: @Sendable () -> Date
    /// Who runs the doctor.
    public var user: UserIdentity
    public var accounts: UserAccounts
    /// access(2) of a path as the board names it: whether the user may (R_OK | W_OK, …).
    public var access: @Sendable (_ path: String, _ mode: Int32) -> Bool
    /// stat(2) of a path as the board names it.
    public var ownership: @Sendable (_ path: String) -> FileOwnership?
    /// Bytes free for an unprivileged user in the file system holding `path` (statvfs).
    public var freeSpace: @Sendable (_ path: String) -> UInt64?
    public var gpio: any GPIOInspecting
    public var scanners: any ScannerAccess
    /// The source the board would read the scanner with (for the scan test).
    public var scannerSource: @Sendable (ScannerSelection) -> any ScannerSource
    public var openPrinter: @Sendable (PrinterSelection) throws -> any PrinterTransport
    public var hub: any HubProbing
    /// Says something to the person at the board while a check waits for them (the scan test).
    public var say: @Sendable (String) -> Void

    public init(
        root: SystemRoot, now: @escaping @Sendable () -> Date, user: UserIdentity, accounts: UserAccounts,
        access: @escaping @Sendable (String, Int32) -> Bool, ownership: @escaping @Sendable (String) -> FileOwnership?,
        freeSpace: @escaping @Sendable (String) -> UInt64?, gpio: any GPIOInspecting, scanners: any ScannerAccess,
        scannerSource: @escaping @Sendable (ScannerSelection) -> any ScannerSource,
        openPrinter: @escaping @Sendable (PrinterSelection) throws -> any PrinterTransport, hub: any HubProbing,
        say: @escaping @Sendable (String) -> Void
    ) {
        self.root = root
        self.now = now
        self.user = user
        self.accounts = accounts
        self.access = access
        self.ownership = ownership
        self.freeSpace = freeSpace
        self.gpio = gpio
        self.scanners = scanners
        self.scannerSource = scannerSource
        self.openPrinter = openPrinter
        self.hub = hub
        self.say = say
    }

    /// The running system. `scannerSource` reads the scanner as the board does (its scan rules).
    public static func system(
        scannerSource: @escaping @Sendable (ScannerSelection) -> any ScannerSource,
        say: @escaping @Sendable (String) -> Void
    ) -> DoctorEnvironment {
        let root = SystemRoot.system
        let accounts = UserAccounts(root: root)
        return DoctorEnvironment(
            root: root, now: { Date() }, user: .current(accounts: accounts), accounts: accounts,
            access: { path, mode in Glibc.access(root.resolve(path), mode) == 0 },
            ownership: { FileOwnership.of(root.resolve($0)) },
            freeSpace: { path in
                var status = statvfs()
                guard statvfs(root.resolve(path), &status) == 0 else { return nil }
                return UInt64(status.f_bavail) * UInt64(status.f_frsize)
            },
            gpio: SystemGPIO(root: root), scanners: SystemScanners(root: root), scannerSource: scannerSource,
            openPrinter: { try $0.open() }, hub: HTTPHubProbe(), say: say)
    }
}
