import Foundation
import Render

/// Decides how to bring the panel from the frame it holds to a new one: not at all, a partial
/// refresh of the changed window, or a full refresh that also clears ghosting. Pure: the caller
/// supplies the history and the time.
public struct RefreshPlanner: Equatable, Sendable {
    /// What to do with a new frame.
    public enum Decision: Equatable, Sendable {
        /// The frames are identical.
        case nothing
        /// Refresh these windows only, one after the other: the changed pixels grouped into bands
        /// of rows (a card's cell and the status line are two windows, not one box around both),
        /// each band's sides widened to multiples of 8 pixels (the controller's column unit).
        case partial(windows: [Rect])
        /// Refresh the whole panel.
        case full(FullRefreshReason)
    }

    /// Why a whole-panel refresh was chosen.
    public enum FullRefreshReason: Equatable, Sendable {
        /// What the panel shows is unknown: the first frame after power-up, or after a failure.
        case firstFrame
        /// The caller asked for it (staff forcing a clean panel).
        case forced
        /// `partialLimit` partial refreshes have run since the last full one.
        case partialLimit
        /// `fullRefreshInterval` has passed since the last full refresh.
        case scheduled
        /// The changed windows cover more than `maximumPartialFraction` of the panel.
        case areaTooLarge
        /// Chosen by `EPaperPanel`, not the planner: the panel stopped answering (BUSY timeout)
        /// and was reset, so the frame went out again as a full refresh.
        case busyTimeoutRecovery
    }

    /// Partial refreshes allowed between full ones; each leaves a little ghosting behind.
    public var partialLimit: Int
    /// Longest time between full refreshes, in seconds, while frames keep changing.
    public var fullRefreshInterval: TimeInterval
    /// Largest share of the panel's area (0...1) a partial window may cover; past it a full
    /// refresh takes about as long and looks cleaner.
    public var maximumPartialFraction: Double

    /// Most windows one partial update refreshes; more changed bands are merged, closest first,
    /// since each window is a refresh of its own.
    public var maximumWindows: Int
    /// Changed rows closer than this many unchanged rows share a window.
    public static let bandGap = 16

    public init(
        partialLimit: Int = 10, fullRefreshInterval: TimeInterval = 3600, maximumPartialFraction: Double = 0.35,
        maximumWindows: Int = 3
    ) {
        precondition(maximumWindows >= 1, "maximumWindows must be at least 1, got \(maximumWindows)")
        precondition(partialLimit >= 0, "partialLimit must not be negative, got \(partialLimit)")
        precondition(fullRefreshInterval > 0, "fullRefreshInterval must be positive, got \(fullRefreshInterval)")
        precondition(
            (0...1).contains(maximumPartialFraction),
            "maximumPartialFraction must be between 0 and 1, got \(maximumPartialFraction)")
        self.partialLimit = partialLimit
        self.fullRefreshInterval = fullRefreshInterval
        self.maximumPartialFraction = maximumPartialFraction
        self.maximumWindows = maximumWindows
    }

    /// The plan for showing `next` on a panel that holds `held` (nil when unknown).
    ///
    /// Checked in order: unknown panel, force, identical frames, partial limit, schedule, area.
    /// Identical frames come before the limit and the schedule because a frame that does not
    /// change adds no ghosting; the next change picks the full refresh up.
    /// - Parameters:
    ///   - partialsSinceFull: partial refreshes since the last full one.
    ///   - lastFullRefresh: when the last full refresh ran; nil counts as overdue. A time after
    ///     `now` (the wall clock was set back) also counts as overdue, so a clock jump cannot
    ///     postpone the schedule.
    public func decide(
        held: Bitmap?, next: Bitmap, partialsSinceFull: Int, lastFullRefresh: Date?, now: Date, force: Bool
    ) -> Decision {
        guard let held, held.width == next.width, held.height == next.height else { return .full(.firstFrame) }
        if force { return .full(.forced) }
        let changed = Self.changedAreas(from: held, to: next, maximumWindows: maximumWindows)
        if changed.isEmpty { return .nothing }
        if partialsSinceFull >= partialLimit { return .full(.partialLimit) }
        let sinceFull = lastFullRefresh.map { now.timeIntervalSince($0) } ?? .infinity
        if sinceFull >= fullRefreshInterval || sinceFull < 0 { return .full(.scheduled) }
        let windows = changed.map { area in
            let widened = area.widenedToByteBoundaries()
            return Rect(
                x: widened.x, y: widened.y, width: min(widened.maxX, next.width) - widened.x, height: widened.height)
        }
        let panelArea = Double(next.width * next.height)
        let windowArea = Double(windows.reduce(0) { $0 + $1.width * $1.height })
        if windowArea > maximumPartialFraction * panelArea { return .full(.areaTooLarge) }
        return .partial(windows: windows)
    }

    /// The changed pixels as at most `maximumWindows` boxes, top to bottom: rows that differ are
    /// grouped into bands (closer than `bandGap` rows apart), each band boxed exactly, and the
    /// closest bands merged until few enough remain. Empty when the bitmaps are identical.
    public static func changedAreas(from old: Bitmap, to new: Bitmap, maximumWindows: Int) -> [Rect] {
        precondition(
            old.width == new.width && old.height == new.height,
            "changedAreas compares bitmaps of one size, got \(old.width)x\(old.height) and \(new.width)x\(new.height)")
        guard old.bytesPerRow > 0, old.height > 0 else { return [] }
        return old.bytes.withUnsafeBytes { oldBytes in
            new.bytes.withUnsafeBytes { newBytes in
                let rows = RowComparison(old: oldBytes, new: newBytes, stride: old.bytesPerRow)
                var bands: [ClosedRange<Int>] = []
                for y in 0..<old.height where rows.differs(y) {
                    if let last = bands.last, y - last.upperBound <= bandGap {
                        bands[bands.count - 1] = last.lowerBound...y
                    } else {
                        bands.append(y...y)
                    }
                }
                while bands.count > maximumWindows {
                    let gaps = zip(bands, bands.dropFirst()).map { $1.lowerBound - $0.upperBound }
                    let closest = gaps.indices.min { gaps[$0] < gaps[$1] }!
                    bands[closest] = bands[closest].lowerBound...bands[closest + 1].upperBound
                    bands.remove(at: closest + 1)
                }
                return bands.map { rows.boundingBox(top: $0.lowerBound, bottom: $0.upperBound) }
            }
        }
    }

    /// The bounding box of the pixels that differ between two bitmaps of the same size, exact to
    /// the pixel, or nil when they are identical.
    ///
    /// Compares packed bytes eight at a time: rows are skipped with whole-word comparisons from the
    /// top and from the bottom, and inside the changed rows each row is only searched from the
    /// sides up to the columns already known to change.
    public static func changedArea(from old: Bitmap, to new: Bitmap) -> Rect? {
        precondition(
            old.width == new.width && old.height == new.height,
            "changedArea compares bitmaps of one size, got \(old.width)x\(old.height) and \(new.width)x\(new.height)")
        let stride = old.bytesPerRow
        guard stride > 0, old.height > 0 else { return nil }
        return old.bytes.withUnsafeBytes { oldBytes in
            new.bytes.withUnsafeBytes { newBytes in
                let rows = RowComparison(old: oldBytes, new: newBytes, stride: stride)
                guard let top = (0..<old.height).first(where: rows.differs) else { return nil }
                // A changed row exists, so the search from the bottom stops at `top` at the latest.
                let bottom = (top..<old.height).reversed().first(where: rows.differs) ?? top
                return rows.boundingBox(top: top, bottom: bottom)
            }
        }
    }
}

/// Row-wise comparison of two packed bitmaps, a word at a time where rows allow it.
private struct RowComparison {
    let old: UnsafeRawBufferPointer
    let new: UnsafeRawBufferPointer
    let stride: Int

    /// The exact box of the differing pixels in rows `top...bottom`, both of which differ.
    func boundingBox(top: Int, bottom: Int) -> Rect {
        // Start past both ends, so the first changed row is searched whole.
        var left = stride << 3
        var right = 0
        for y in top...bottom {
            if let first = firstDifferingByte(in: y, before: min(left >> 3 + 1, stride)) {
                left = min(left, first.index << 3 + first.xor.leadingZeroBitCount)
            }
            if let last = lastDifferingByte(in: y, from: max(right - 1, 0) >> 3) {
                right = max(right, last.index << 3 + 8 - last.xor.trailingZeroBitCount)
            }
        }
        return Rect(x: left, y: top, width: right - left, height: bottom - top + 1)
    }

    /// Whether row `y` differs anywhere.
    func differs(_ y: Int) -> Bool {
        let start = y * stride
        var offset = 0
        while offset + 8 <= stride {
            let a = old.loadUnaligned(fromByteOffset: start + offset, as: UInt64.self)
            let b = new.loadUnaligned(fromByteOffset: start + offset, as: UInt64.self)
            if a != b { return true }
            offset += 8
        }
        while offset < stride {
            if old[start + offset] != new[start + offset] { return true }
            offset += 1
        }
        return false
    }

    /// The first byte of row `y` below column byte `limit` that differs, with the differing bits.
    func firstDifferingByte(in y: Int, before limit: Int) -> (index: Int, xor: UInt8)? {
        let start = y * stride
        for index in 0..<limit {
            let xor = old[start + index] ^ new[start + index]
            if xor != 0 { return (index, xor) }
        }
        return nil
    }

    /// The last byte of row `y` at or after column byte `limit` that differs, with the differing bits.
    func lastDifferingByte(in y: Int, from limit: Int) -> (index: Int, xor: UInt8)? {
        let start = y * stride
        for index in (limit..<stride).reversed() {
            let xor = old[start + index] ^ new[start + index]
            if xor != 0 { return (index, xor) }
        }
        return nil
    }
}
