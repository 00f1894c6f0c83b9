import ArgumentParser

/// Command-line overrides of how a board reaches its hub (`hub.*` in board.yaml).
struct SyncOptions: ParsableArguments {
    @Option(
        name: .customLong("sync-with"),
        help: ArgumentHelp(
            "The hub to sync with (http://hub.local:8080; hub.url); without one the board keeps its changes to itself.",
            valueName: "address"))
    var syncWith: String?

    @Option(help: "Enrol with the hub using this one-time code (from `openspace hub board add`) and keep the token.")
    var enrol: String?

    @Option(help: "Where the board's hub token is kept (hub.token_file; default: hub-token beside the journal).")
    var tokenFile: String?

    @Option(help: "Seconds between pulls when no poke arrives (hub.pull_interval; default 30).")
    var pullInterval: Double?

    var overrides: [(key: String, value: String?, option: String)] {
        [
            ("hub.url", syncWith, "--sync-with"), ("hub.enrol", enrol, "--enrol"),
            ("hub.token_file", tokenFile, "--token-file"),
            ("hub.pull_interval", pullInterval.map { "\($0)" }, "--pull-interval"),
        ]
    }
}
