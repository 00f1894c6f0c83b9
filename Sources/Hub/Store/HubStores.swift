import Foundation

/// Opens the store a `--database` value names: a `postgres://` URL or a SQLite file path.
public enum HubStores {
    public static func open(_ location: String) throws -> any HubStore {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try PostgresHubStore(url: location)
        }
        let folder = (location as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        return try SQLiteHubStore(path: location)
    }
}
