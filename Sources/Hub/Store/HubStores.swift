import Foundation

/// Opens the store a `--database` value names.
public enum HubStores {
    /// Set by the PostgreSQL store's file, so this file builds on its own.
    nonisolated(unsafe) static var makePostgres: (String) throws -> any HubStore = { _ in
        throw HubError.invalid("this build has no PostgreSQL store")
    }

    public static func open(_ location: String) throws -> any HubStore {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try makePostgres(location)
        }
        let folder = (location as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        return try SQLiteHubStore(path: location)
    }
}
