import Foundation
import Logging

/// How a service's log lines reach people: with journald priorities when standard error is the
/// journal (under systemd), in swift-log's plain format otherwise; at the level `OPENSPACE_LOG_LEVEL` sets.
public enum ServiceLogging {
    /// The environment variable that sets the log level: trace, debug, info (the default),
    /// notice, warning, error or critical.
    public static let levelVariable = "OPENSPACE_LOG_LEVEL"

    /// An `OPENSPACE_LOG_LEVEL` that names no level.
    public struct InvalidLevel: Error, CustomStringConvertible {
        public let value: String
        public var description: String {
            let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            return "\(ServiceLogging.levelVariable)='\(value)' is not a log level: use one of \(levels)"
        }
    }

    /// Sets up swift-log for the whole process, once, before the first `Logger` is made.
    public static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let factory = try handlerFactory(environment: environment, output: STDERR_FILENO)
        LoggingSystem.bootstrap(factory)
    }

    /// The log level `environment` asks for; info when it asks for none.
    public static func level(environment: [String: String]) throws(InvalidLevel) -> Logger.Level {
        guard let value = environment[levelVariable]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return .info
        }
        guard let level = Logger.Level(rawValue: value.lowercased()) else { throw InvalidLevel(value: value) }
        return level
    }

    /// The handlers `bootstrap` installs, writing to `output` (a test passes a file of its own).
    public static func handlerFactory(
        environment: [String: String], output: Int32
    ) throws -> @Sendable (String) -> any LogHandler {
        let level = try level(environment: environment)
        let stream = FileDescriptorOutputStream(descriptor: output)
        if JournalStream.isConnected(output, environment: environment) {
            return { label in
                var handler = JournalLogHandler(label: label, output: stream)
                handler.logLevel = level
                return handler
            }
        }
        return { label in
            // The same handler as StreamLogHandler.standardError, on the given descriptor.
            var handler = StreamLogHandler(label: label, stream: stream, metadataProvider: nil)
            handler.logLevel = level
            return handler
        }
    }
}
