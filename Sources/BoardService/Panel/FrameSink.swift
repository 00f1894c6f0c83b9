import Foundation
import Render
import Synchronization

/// Where finished frames go: a panel driver, or PNG files for the simulated board.
public protocol FrameSink: Sendable {
    /// Shows a frame; `fullRefresh` asks the panel to clear ghosting.
    func show(_ frame: Bitmap, fullRefresh: Bool) throws
}

/// The simulated panel: writes each new frame as a numbered PNG and `latest.png`.
public final class PNGFrameSink: FrameSink {
    public let directory: String
    private let counter = Mutex(0)

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Path of the numbered PNG for a frame number.
    public func path(ofFrame number: Int) -> String {
        (directory as NSString).appendingPathComponent(String(format: "frame-%04d.png", number))
    }

    public var latestPath: String { (directory as NSString).appendingPathComponent("latest.png") }

    /// How many frames were written.
    public var frameCount: Int { counter.withLock { $0 } }

    public func show(_ frame: Bitmap, fullRefresh: Bool) throws {
        let number = counter.withLock { value in
            value += 1
            return value
        }
        try PNG.write(frame, to: path(ofFrame: number))
        try PNG.write(frame, to: latestPath)
    }
}
