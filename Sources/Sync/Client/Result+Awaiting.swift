extension Result where Failure == any Error {
    /// The outcome of async work, kept so that clean-up can be awaited before it is thrown.
    public init(awaiting body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
