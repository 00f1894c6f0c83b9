import ArgumentParser

/// The `openspace` command: the board service, and the tools around it.
@main
struct OpenSpace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openspace",
        abstract: "OpenSpace Board: a live Open Spaces board on a Raspberry Pi.",
        subcommands: [
            BoardCommand.self, HubCommand.self, DemoCommand.self, CardCommand.self, CodesCommand.self,
            BadgeCommand.self,
            PrintCommand.self,
            BenchCommand.self,
        ])
}
