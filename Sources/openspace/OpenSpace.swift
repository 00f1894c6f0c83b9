import ArgumentParser
import BoardModel

/// The `openspace` command: the board service, and the tools around it.
@main
struct OpenSpace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openspace",
        abstract: "OpenSpace Board: a live Open Spaces board on a Raspberry Pi.",
        version: OpenSpaceVersion.current,
        subcommands: [
            BoardCommand.self, HubCommand.self, DemoCommand.self, CardCommand.self, CodesCommand.self,
            BadgeCommand.self,
            PrintCommand.self,
            BenchCommand.self, DoctorCommand.self,
        ])
}
