import BoardService
import EPaper
import Foundation
import LinuxIO
import Settings

/// The e-paper panel's kernel interfaces: the SPI device, the GPIO chip, the configured lines
/// (free, and not a chip select the SPI driver holds), access to both devices, spidev's buffer.
public struct PanelChecks: Sendable {
    public let config: BoardConfig
    public let environment: DoctorEnvironment

    public init(config: BoardConfig, environment: DoctorEnvironment) {
        self.config = config
        self.environment = environment
    }

    var pins: PanelPins { config.panel.pins }
    var boot: BootFiles { BootFiles(root: environment.root) }

    /// Every panel finding, in the order they build on each other.
    public func run() -> [CheckResult] {
        guard config.panel.model != .simulated else {
            return [
                CheckResult(.info, "panel", "simulated (panel.model: simulated): no GPIO or SPI to check"),
                runningBoard(),
            ]
        }
        var results = [runningBoard(), spi()]
        let (chipResult, chip) = gpioChip()
        results.append(chipResult)
        if let chip { results += lines(on: chip) }
        results += deviceAccess(chip: chip)
        results += bufferSize()
        return results
    }

    // MARK: The running board

    /// What the running board service last said of its panel (`panel-health` beside the journal):
    /// a panel that keeps failing is retried while the board takes scans, and is said here.
    public func runningBoard() -> CheckResult {
        let file = PanelHealthFile(journalPath: config.journalPath)
        guard let said = environment.root.text(file.path)?.trimmingCharacters(in: .whitespacesAndNewlines) else {
            return CheckResult(.info, "panel now", "no board service has run with this journal yet (\(file.path))")
        }
        guard said != PanelHealthFile.working else {
            return CheckResult(.ok, "panel now", "the board service says its panel works")
        }
        return CheckResult(
            .warning, "panel now", "the board service says: \(said); it keeps taking scans and tries the panel again",
            fix: "check the panel's wiring and power with the checks below, then watch journalctl -u openspace-board")
    }

    // MARK: SPI

    /// The spidev device exists; if not, what turns SPI on here.
    public func spi() -> CheckResult {
        let device = pins.spiDevice
        if environment.root.exists(device) {
            return CheckResult(.ok, "SPI", "\(device) present")
        }
        let others = environment.root.entries("/dev").filter { $0.hasPrefix("spidev") }.map { "/dev/" + $0 }
        let present = others.isEmpty ? "" : "; present: " + others.joined(separator: ", ")
        let elsewhere = others.isEmpty ? "" : ", or set panel.spi_device to one of those"
        guard let model = boot.piModel else {
            return CheckResult(
                .blocking, "SPI", "\(device) is missing\(present)",
                fix: "load the spidev driver and enable the SPI controller (modprobe spidev; the device tree needs "
                    + "a spidev device on the bus)\(elsewhere)")
        }
        let configPath = boot.configPath
        if boot.spiEnabled {
            return CheckResult(
                .blocking, "SPI", "\(device) is missing although \(configPath) has dtparam=spi=on\(present)",
                fix: "reboot (config.txt is read at boot); if it is still missing, look in \(configPath) for a "
                    + "later dtparam=spi=off or an overlay that takes SPI0's pins\(elsewhere)")
        }
        return CheckResult(
            .blocking, "SPI", "\(device) is missing: SPI is off on this \(model)\(present)",
            fix: "add `dtparam=spi=on` to \(configPath) and reboot (or `sudo raspi-config nonint do_spi 0`)")
    }

    // MARK: GPIO chip

    /// How the chip was chosen, for the finding's text.
    func chipWanted() -> String {
        guard let chip = pins.chip else {
            let labels = GPIOChip.raspberryPiHeaderLabels
            return "labelled " + labels.dropLast().joined(separator: ", ") + " or " + labels[labels.count - 1]
                + " (panel.gpio_chip: auto)"
        }
        return chip.hasPrefix("/") ? chip : "labelled \(chip)"
    }

    /// The chip the board would open: by path, by label, or the first Raspberry Pi header label.
    public func gpioChip() -> (CheckResult, ChipListing?) {
        let chips = environment.gpio.chips()
        let listed =
            chips.isEmpty ? "no /dev/gpiochip* at all" : "chips: " + chips.map(\.description).joined(separator: ", ")
        let readable = chips.filter { $0.label != nil }
        let unreadable = chips.filter { $0.label == nil }
        var found: ChipListing?
        if let chip = pins.chip, chip.hasPrefix("/") {
            found = chips.first { $0.path == chip }
            if let found, found.label == nil {
                return (
                    CheckResult(
                        .blocking, "gpiochip", "cannot open \(chip): \(found.problem ?? "unknown error")",
                        fix: "give the user access to the GPIO chips (see the access finding)"), nil
                )
            }
        } else {
            let labels = pins.chip.map { [$0] } ?? GPIOChip.raspberryPiHeaderLabels
            found = labels.lazy.compactMap { label in readable.first { $0.label == label } }.first
        }
        if let found {
            return (CheckResult(.ok, "gpiochip", "\(found.description) at \(found.path)"), found)
        }
        if !unreadable.isEmpty {
            return (
                CheckResult(
                    .blocking, "gpiochip",
                    "no readable chip \(chipWanted()); \(listed)",
                    fix: "give the user access to the GPIO chips (see the access finding below), then check again"),
                nil
            )
        }
        let fix: String
        if chips.isEmpty {
            fix =
                "on a Raspberry Pi the kernel creates /dev/gpiochip* at boot: check that the kernel is the Pi's; "
                + "elsewhere load the GPIO driver that carries the panel's lines"
        } else {
            let example = readable.first?.label ?? "LABEL"
            fix =
                "set panel.gpio_chip in board.yaml to the label of the chip that carries the HAT's pins "
                + "(gpiodetect lists them), e.g. `gpio_chip: \(example)`, or to its /dev/gpiochipN path"
        }
        return (CheckResult(.blocking, "gpiochip", "no chip \(chipWanted()); \(listed)", fix: fix), nil)
    }

    // MARK: Lines

    /// A configured line: what it is for and the key that sets it.
    struct Wanted {
        let role: String
        let key: String
        let line: GPIOLineID
    }

    var wanted: [Wanted] {
        var wanted = [
            Wanted(role: "RST", key: "panel.pins.rst", line: pins.reset),
            Wanted(role: "DC", key: "panel.pins.dc", line: pins.dataCommand),
            Wanted(role: "BUSY", key: "panel.pins.busy", line: pins.busy),
        ]
        if let power = pins.power { wanted.append(Wanted(role: "PWR", key: "panel.pins.pwr", line: power)) }
        if let buzzer = config.buzzer { wanted.append(Wanted(role: "buzzer", key: "feedback.buzzer", line: buzzer)) }
        if let led = config.led { wanted.append(Wanted(role: "LED", key: "feedback.led", line: led)) }
        return wanted
    }

    /// Each configured line exists, is configured once, and nobody else holds it; a line held by
    /// the SPI driver as a chip select gets the `spi0-0cs` fix.
    public func lines(on chip: ChipListing) -> [CheckResult] {
        let infos: [GPIOLineInfo]
        do {
            infos = try environment.gpio.lines(ofChipAt: chip.path)
        } catch {
            return [CheckResult(.blocking, "lines", "cannot read the lines of \(chip.name): \(error)")]
        }
        var results: [CheckResult] = []
        var resolved: [(Wanted, GPIOLineInfo)] = []
        for item in wanted {
            switch item.line {
            case .offset(let offset):
                guard let info = infos.first(where: { $0.offset == offset }) else {
                    results.append(
                        CheckResult(
                            .blocking, "lines",
                            "\(item.role) (\(item.key)) is GPIO\(offset), but \(chip.name) has lines 0 to \(infos.count - 1)",
                            fix: "set \(item.key) to the BCM number of the line the HAT uses"))
                    continue
                }
                resolved.append((item, info))
            case .name(let name):
                guard let info = infos.first(where: { $0.name == name }) else {
                    results.append(
                        CheckResult(
                            .blocking, "lines",
                            "\(item.role) (\(item.key)) is line \"\(name)\", which \(chip.name) has not",
                            fix: "set \(item.key) to a BCM number or a name `gpioinfo \(chip.name)` shows"))
                    continue
                }
                resolved.append((item, info))
            }
        }
        for offset in Set(resolved.map(\.1.offset)).sorted() {
            let sharing = resolved.filter { $0.1.offset == offset }.map(\.0)
            guard sharing.count > 1 else { continue }
            let keys = sharing.map { "\($0.key) (\($0.role))" }.joined(separator: " and ")
            results.append(
                CheckResult(
                    .blocking, "lines", "GPIO\(offset) is configured twice: \(keys)",
                    fix: "give each its own line: change \(sharing.last!.key)"))
        }
        for (item, info) in resolved where info.used {
            results.append(held(item, info, chip: chip))
        }
        if results.isEmpty {
            let list = resolved.map { "\($0.0.role) GPIO\($0.1.offset)" }.joined(separator: ", ")
            results.append(CheckResult(.ok, "lines", "\(list) free on \(chip.name)"))
        }
        return results
    }

    private func held(_ item: Wanted, _ info: GPIOLineInfo, chip: ChipListing) -> CheckResult {
        let named = info.name.flatMap { $0 == "GPIO\(info.offset)" ? nil : " (\($0))" } ?? ""
        let line = "\(item.role) GPIO\(info.offset)\(named)"
        guard let consumer = info.consumer else {
            return CheckResult(
                .blocking, "lines", "\(line) is held by a driver or process that gives no name",
                fix: "free it (`gpioinfo \(chip.name)` shows the line as used) or choose another pin for \(item.key)")
        }
        if consumer.hasPrefix("openspace") {
            return CheckResult(
                .warning, "lines", "\(line) is held by \"\(consumer)\": the board service is running",
                fix: "stop it for a full check: `sudo systemctl stop openspace-board`")
        }
        if Self.isChipSelect(consumer: consumer, offset: info.offset, chipLabel: chip.label) {
            return CheckResult(
                .blocking, "lines", "\(line) is held by \"\(consumer)\": the SPI driver claims it as a chip select",
                fix: "add `dtoverlay=spi0-0cs` to \(boot.configPath) and reboot (the HAT drives its own CS), "
                    + "or choose another pin for \(item.key)")
        }
        return CheckResult(
            .blocking, "lines", "\(line) is held by \"\(consumer)\"",
            fix: "stop the program holding it (`gpioinfo \(chip.name)` shows it) or choose another pin for \(item.key)")
    }

    /// The SPI core names the chip-select lines it requests "spiB CSN"; on a Pi's header chip,
    /// GPIO8 and GPIO7 are SPI0's CE0 and CE1 whatever the consumer is called.
    static func isChipSelect(consumer: String, offset: Int, chipLabel: String?) -> Bool {
        let words = consumer.lowercased().split(separator: " ")
        if words.count == 2, words[0].hasPrefix("spi"), words[1].hasPrefix("cs") { return true }
        return [7, 8].contains(offset) && GPIOChip.raspberryPiHeaderLabels.contains(chipLabel ?? "")
    }

    // MARK: Access

    /// The user running the doctor, and when that is root the service user `openspace`, may read
    /// and write the chip and the SPI device.
    public func deviceAccess(chip: ChipListing?) -> [CheckResult] {
        var devices: [String] = []
        if let chip {
            devices.append(chip.path)
        } else {
            devices += environment.gpio.chips().filter { $0.label == nil }.map(\.path)
        }
        if environment.root.exists(pins.spiDevice) { devices.append(pins.spiDevice) }
        guard !devices.isEmpty else { return [] }
        var results: [CheckResult] = []
        let user = environment.user
        let denied = devices.filter { !environment.access($0, R_OK | W_OK) }
        for device in denied {
            results.append(
                CheckResult(
                    .blocking, "access", "\(user.name) cannot read and write \(device) (\(describe(device)))",
                    fix: Self.udevFix(for: user.name)))
        }
        var checkedFor = [user.name]
        if user.isRoot, let service = environment.accounts.identity(of: Self.serviceUser) {
            checkedFor.append("the service user \(service.name)")
            for device in devices {
                guard let ownership = environment.ownership(device), !ownership.allowsReadWrite(by: service) else {
                    continue
                }
                let groups = service.groups.compactMap { environment.accounts.groupName($0) }.sorted()
                results.append(
                    CheckResult(
                        .blocking, "access",
                        "the service user \(service.name) (groups \(groups.joined(separator: ", "))) cannot read and "
                            + "write \(device) (\(ownership.description(accounts: environment.accounts)))",
                        fix: Self.udevFix(for: service.name)))
            }
        }
        if results.isEmpty {
            results.append(
                CheckResult(
                    .ok, "access",
                    "\(checkedFor.joined(separator: " and ")) can read and write "
                        + devices.joined(separator: " and ")))
        }
        return results
    }

    /// The account the packaged service runs as (deploy/systemd/openspace-board.service).
    public static let serviceUser = "openspace"

    static func udevFix(for user: String) -> String {
        "install the udev rules (`sudo cp udev/99-openspace.rules /etc/udev/rules.d/ && sudo udevadm control "
            + "--reload && sudo udevadm trigger`), which give the openspace group the GPIO chips and "
            + "/dev/spidev0.0, and add \(user) to that group (`sudo usermod -aG openspace \(user)`, then log in again)"
    }

    private func describe(_ device: String) -> String {
        environment.ownership(device)?.description(accounts: environment.accounts) ?? "cannot stat it"
    }

    // MARK: spidev buffer

    /// The bytes of one full 800x480 plane, which one transfer carries when spidev's buffer allows.
    static let planeBytes = WaveshareV2Driver.width * WaveshareV2Driver.height / 8

    /// spidev's `bufsiz`: below a plane the driver splits each plane into several transfers
    /// (`SPITransferPlan`), which works, so this only ever warns.
    public func bufferSize() -> [CheckResult] {
        guard environment.root.exists(pins.spiDevice) else { return [] }
        guard let text = environment.root.text(SpidevBufferSize.parameterPath),
            let size = SpidevBufferSize.parse(text)
        else {
            return [
                CheckResult(
                    .info, "spidev",
                    "no \(SpidevBufferSize.parameterPath): transfers are cut to \(SpidevBufferSize.kernelDefault) bytes"
                )
            ]
        }
        guard size < Self.planeBytes else {
            return [CheckResult(.ok, "spidev", "bufsiz \(size): a full plane goes in one transfer")]
        }
        let transfers = (Self.planeBytes + size - 1) / size
        let commandLine =
            boot.piModel != nil
            ? "the kernel command line (the one line of \(boot.cmdlinePath))" : "the kernel command line"
        return [
            CheckResult(
                .warning, "spidev",
                "bufsiz \(size): each \(Self.planeBytes)-byte plane goes out in \(transfers) transfers (it works, "
                    + "a little slower)",
                fix: "add `spidev.bufsiz=65536` to \(commandLine) and reboot")
        ]
    }
}
