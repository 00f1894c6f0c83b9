import BoardModel

extension Hub {
    /// The hub's address as pages and exports link to it.
    var address: HubAddress { HubAddress(settings.codes) }

    /// The schedule as it stands, from one snapshot.
    func scheduleContents() async throws -> ScheduleContents {
        let (version, grid) = try await snapshot()
        return ScheduleContents(grid: grid, version: version, layout: settings.layout)
    }
}
