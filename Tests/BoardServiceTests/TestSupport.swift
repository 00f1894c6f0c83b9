import BoardModel
import Foundation
import Render
import Synchronization

@testable import BoardService

/// Keeps every frame it is shown, for tests.
final class RecordingFrameSink: FrameSink {
    private let frames = Mutex<[(Bitmap, Bool)]>([])

    func show(_ frame: Bitmap, fullRefresh: Bool) throws { frames.withLock { $0.append((frame, fullRefresh)) } }

    var count: Int { frames.withLock { $0.count } }
    var last: (frame: Bitmap, full: Bool)? { frames.withLock { $0.last.map { ($0.0, $0.1) } } }
}
