import Foundation

/// What a Raspberry Pi's boot files say: the model, `config.txt` (SPI and its chip selects) and
/// the kernel command line. Bookworm keeps them in /boot/firmware, older Pi OS in /boot.
public struct BootFiles: Sendable {
    public let root: SystemRoot

    public init(root: SystemRoot) {
        self.root = root
    }

    /// "Raspberry Pi 4 Model B Rev 1.5", or nil on a machine that is not a Raspberry Pi.
    public var piModel: String? {
        guard let text = root.text("/proc/device-tree/model") else { return nil }
        let model = text.split(separator: "\0").first.map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let model, model.contains("Raspberry Pi") else { return nil }
        return model
    }

    /// The config.txt in use: /boot/firmware/config.txt, else /boot/config.txt, else (neither
    /// exists) where bookworm expects it.
    public var configPath: String {
        Self.firstExisting(["/boot/firmware/config.txt", "/boot/config.txt"], in: root)
    }

    /// The kernel command line file (one line): /boot/firmware/cmdline.txt or /boot/cmdline.txt.
    public var cmdlinePath: String {
        Self.firstExisting(["/boot/firmware/cmdline.txt", "/boot/cmdline.txt"], in: root)
    }

    /// The `dtparam` and `dtoverlay` settings of config.txt, in order, comments left out.
    var settings: [(key: String, value: String)] {
        (root.text(configPath) ?? "").split(whereSeparator: \.isNewline).compactMap { raw in
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "=") else { return nil }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            return (key, trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces))
        }
    }

    /// Whether config.txt turns SPI on: the last `dtparam` naming `spi` says `on` (or nothing).
    /// `dtparam=i2c_arm=on,spi=on` counts too.
    public var spiEnabled: Bool {
        var enabled = false
        for (key, value) in settings where key == "dtparam" {
            for parameter in value.split(separator: ",") {
                let parts = parameter.split(separator: "=", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces).lowercased()
                }
                guard parts.first == "spi" else { continue }
                enabled = parts.count == 1 || ["on", "true", "yes", "1"].contains(parts[1])
            }
        }
        return enabled
    }

    /// Whether an overlay frees the SPI chip-select lines (`dtoverlay=spi0-0cs`).
    public var chipSelectsFreed: Bool {
        settings.contains { $0.key == "dtoverlay" && $0.value.lowercased().hasPrefix("spi0-0cs") }
    }

    private static func firstExisting(_ paths: [String], in root: SystemRoot) -> String {
        paths.first { root.exists($0) } ?? paths[0]
    }
}
