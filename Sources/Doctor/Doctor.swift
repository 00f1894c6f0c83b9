import Settings

/// `openspace doctor`'s checks, run in order on loaded settings: the panel's SPI and GPIO, the
/// scanner (and its keyboard layout with the scan test), the printer, the hub, the clock and the
/// journal's disk. Each says what it found and, for a problem, the fix.
public struct Doctor: Sendable {
    public let config: BoardConfig
    /// The settings file, for the findings' texts (nil: defaults, environment and options only).
    public let configFile: String?
    public let environment: DoctorEnvironment
    /// Seconds to wait for a scan of the test code; nil skips the scan test.
    public var scanTest: Int?

    public init(config: BoardConfig, configFile: String?, environment: DoctorEnvironment, scanTest: Int? = nil) {
        self.config = config
        self.configFile = configFile
        self.environment = environment
        self.scanTest = scanTest
    }

    public func run() async -> DoctorReport {
        var results = [ConfigCheck.loaded(config, file: configFile)]
        results += PanelChecks(config: config, environment: environment).run()
        let scanner = ScannerChecks(config: config, environment: environment)
        let (found, usable) = scanner.presence()
        results.append(found)
        results.append(await scanner.keyboard(scanTest: scanTest, scannerUsable: usable))
        results.append(PrinterCheck(config: config, environment: environment).run())
        let (hub, hubDate) = await HubCheck(config: config, environment: environment).run()
        results.append(hub)
        results.append(ClockCheck(now: environment.now(), hubDate: hubDate).run())
        results += JournalDiskCheck(journalPath: config.journalPath, environment: environment).run()
        return DoctorReport(results)
    }
}
