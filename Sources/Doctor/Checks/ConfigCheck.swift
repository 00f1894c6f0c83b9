import BoardModel
import Settings

/// The settings: the file, the environment and the options load, and the layout they name is usable.
public enum ConfigCheck {
    static let title = "config"

    /// Settings that could not be loaded: the key, where the value came from, and why.
    public static func refused(_ error: ConfigError) -> CheckResult {
        CheckResult(
            .blocking, title, "\(error.origin): \(error.key): \(error.reason)",
            fix: "correct \(error.key) where it is set (\(error.origin)), then run `openspace doctor` again; "
                + "`openspace board --config FILE --check` prints the settings in effect")
    }

    /// The settings loaded: the layout must load too, and show something.
    public static func loaded(_ config: BoardConfig, file: String?) -> CheckResult {
        let source = file ?? "no config file (defaults, environment and options)"
        let layout: ConferenceLayout
        do {
            layout = try ConferenceLayout.load(path: config.layoutPath)
        } catch {
            return CheckResult(
                .blocking, title, "the conference layout \(config.layoutPath) is not usable: \(error)",
                fix: "set board.layout to the conference's layout file (the same file the hub has)")
        }
        do {
            try config.checkShown(against: layout, file: file)
        } catch {
            return refused(error)
        }
        return CheckResult(.ok, title, "\(source) loads; layout \(config.layoutPath) (\(layout.eventName))")
    }
}
