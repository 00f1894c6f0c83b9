import EPaper
import Foundation
import Render
import XCTest

final class RefreshPlannerTests: XCTestCase {
    private let planner = RefreshPlanner()
    private let start = Date(timeIntervalSince1970: 1_750_000_000)

    private func decide(
        _ planner: RefreshPlanner? = nil, held: Bitmap?, next: Bitmap, partials: Int = 0, lastFull: TimeInterval? = -60,
        force: Bool = false
    ) -> RefreshPlanner.Decision {
        (planner ?? self.planner).decide(
            held: held, next: next, partialsSinceFull: partials,
            lastFullRefresh: lastFull.map { start.addingTimeInterval($0) }, now: start, force: force)
    }

    // MARK: Decisions

    func testFirstFrameAfterPowerUpIsAFullRefresh() {
        XCTAssertEqual(decide(held: nil, next: Frames.board()), .full(.firstFrame))
    }

    func testIdenticalFramesNeedNothing() {
        XCTAssertEqual(decide(held: Frames.board(), next: Frames.board()), .nothing)
    }

    func testIdenticalFramesNeedNothingEvenWhenAFullRefreshIsDue() {
        XCTAssertEqual(decide(held: Frames.board(), next: Frames.board(), partials: 50, lastFull: -86_400), .nothing)
    }

    func testForceGivesAFullRefreshEvenForAnIdenticalFrame() {
        XCTAssertEqual(decide(held: Frames.board(), next: Frames.board(), force: true), .full(.forced))
    }

    func testSmallChangeIsAPartialRefreshOfItsBoundingBoxWidenedToBytes() {
        let held = Frames.white()
        var next = held
        next.fill(Rect(x: 203, y: 77, width: 10, height: 4))
        // Columns 203..<213 lie in bytes 25 and 26: pixels 200..<216.
        XCTAssertEqual(decide(held: held, next: next), .partial(windows: [Rect(x: 200, y: 77, width: 16, height: 4)]))
    }

    func testSinglePixelChangeGivesAOneByteWideWindow() {
        let held = Frames.white()
        var next = held
        next[13, 300] = true
        XCTAssertEqual(decide(held: held, next: next), .partial(windows: [Rect(x: 8, y: 300, width: 8, height: 1)]))
    }

    func testTenPartialsInARowThenTheNextChangeIsFull() {
        let held = Frames.white()
        let next = Frames.withCard(Rect(x: 8, y: 8, width: 40, height: 40), on: held)
        XCTAssertEqual(
            decide(held: held, next: next, partials: 9), .partial(windows: [Rect(x: 8, y: 8, width: 40, height: 40)]))
        XCTAssertEqual(decide(held: held, next: next, partials: 10), .full(.partialLimit))
    }

    func testPartialLimitIsConfigurable() {
        let held = Frames.white()
        let next = Frames.withCard(Rect(x: 8, y: 8, width: 40, height: 40), on: held)
        let planner = RefreshPlanner(partialLimit: 3)
        XCTAssertEqual(decide(planner, held: held, next: next, partials: 3), .full(.partialLimit))
    }

    func testChangeAnHourAfterTheLastFullRefreshIsFull() {
        let held = Frames.white()
        let next = Frames.withCard(Rect(x: 8, y: 8, width: 40, height: 40), on: held)
        XCTAssertEqual(
            decide(held: held, next: next, lastFull: -3599),
            .partial(windows: [Rect(x: 8, y: 8, width: 40, height: 40)]))
        XCTAssertEqual(decide(held: held, next: next, lastFull: -3600), .full(.scheduled))
    }

    func testScheduleIntervalIsConfigurable() {
        let held = Frames.white()
        let next = Frames.withCard(Rect(x: 8, y: 8, width: 40, height: 40), on: held)
        let planner = RefreshPlanner(fullRefreshInterval: 600)
        XCTAssertEqual(decide(planner, held: held, next: next, lastFull: -600), .full(.scheduled))
    }

    func testUnknownLastFullRefreshCountsAsOverdue() {
        let held = Frames.white()
        let next = Frames.withCard(Rect(x: 8, y: 8, width: 40, height: 40), on: held)
        XCTAssertEqual(decide(held: held, next: next, lastFull: nil), .full(.scheduled))
    }

    func testClockSetBackBehindTheLastFullRefreshCountsAsOverdue() {
        let held = Frames.white()
        let next = Frames.withCard(Rect(x: 8, y: 8, width: 40, height: 40), on: held)
        XCTAssertEqual(decide(held: held, next: next, lastFull: 120), .full(.scheduled))
    }

    func testChangeCoveringMoreThan35PercentOfThePanelIsFull() {
        let held = Frames.white()
        // Of 384,000 pixels, 400 x 340 is 35.4% and 400 x 330 is 34.4%.
        let large = Frames.withCard(Rect(x: 0, y: 0, width: 400, height: 340), on: held)
        let below = Frames.withCard(Rect(x: 0, y: 0, width: 400, height: 330), on: held)
        XCTAssertEqual(decide(held: held, next: large), .full(.areaTooLarge))
        XCTAssertEqual(decide(held: held, next: below), .partial(windows: [Rect(x: 0, y: 0, width: 400, height: 330)]))
    }

    func testAreaThresholdIsConfigurable() {
        let held = Frames.white()
        let next = Frames.withCard(Rect(x: 0, y: 0, width: 200, height: 200), on: held)
        XCTAssertEqual(
            decide(RefreshPlanner(maximumPartialFraction: 0.1), held: held, next: next), .full(.areaTooLarge))
    }

    func testChangesFarApartAreSeparateWindowsNotOneBoxAroundThem() {
        let held = Frames.white()
        var next = held
        next[20, 10] = true
        next[700, 400] = true
        XCTAssertEqual(
            decide(held: held, next: next),
            .partial(windows: [Rect(x: 16, y: 10, width: 8, height: 1), Rect(x: 696, y: 400, width: 8, height: 1)]))
    }

    func testChangesWithinABandGapShareOneWindow() {
        let held = Frames.white()
        var next = held
        next[20, 10] = true
        next[100, 10 + RefreshPlanner.bandGap] = true
        XCTAssertEqual(
            decide(held: held, next: next),
            .partial(windows: [Rect(x: 16, y: 10, width: 88, height: RefreshPlanner.bandGap + 1)]))
    }

    func testMoreBandsThanAllowedAreMergedClosestFirst() {
        let held = Frames.white()
        var next = held
        for y in [0, 100, 130, 400] { next[8, y] = true }
        let planner = RefreshPlanner(maximumWindows: 3)
        XCTAssertEqual(
            decide(planner, held: held, next: next),
            .partial(windows: [
                Rect(x: 8, y: 0, width: 8, height: 1), Rect(x: 8, y: 100, width: 8, height: 31),
                Rect(x: 8, y: 400, width: 8, height: 1),
            ]))
        let single = RefreshPlanner(maximumWindows: 1)
        XCTAssertEqual(
            decide(single, held: held, next: next), .partial(windows: [Rect(x: 8, y: 0, width: 8, height: 401)]))
    }

    func testTotalAreaOfSeveralWindowsDecidesFull() {
        let held = Frames.white()
        var next = Frames.withCard(Rect(x: 0, y: 0, width: 800, height: 100), on: held)
        next = Frames.withCard(Rect(x: 0, y: 300, width: 800, height: 100), on: next)
        XCTAssertEqual(decide(held: held, next: next), .full(.areaTooLarge), "2 x 80,000 px is 42% of the panel")
    }

    // MARK: changedArea

    func testChangedAreaOfIdenticalBitmapsIsNil() {
        XCTAssertNil(RefreshPlanner.changedArea(from: Frames.board(), to: Frames.board()))
    }

    func testChangedAreaIsExactToThePixelAtByteAndPanelEdges() {
        for (x, y) in [(0, 0), (7, 0), (8, 1), (799, 479), (256, 256), (63, 200), (64, 200), (0, 479)] {
            var next = Frames.white()
            next[x, y] = true
            XCTAssertEqual(
                RefreshPlanner.changedArea(from: Frames.white(), to: next), Rect(x: x, y: y, width: 1, height: 1),
                "pixel (\(x), \(y))")
        }
    }

    func testChangedAreaSpansTheOutermostChangesOfDifferentRows() {
        var next = Frames.board()
        next[300, 20].toggle()
        next[100, 200].toggle()
        next[650, 201].toggle()
        next[400, 333].toggle()
        XCTAssertEqual(
            RefreshPlanner.changedArea(from: Frames.board(), to: next), Rect(x: 100, y: 20, width: 551, height: 314))
    }

    func testChangedAreaMatchesAPixelByPixelComparisonOnRandomBitmaps() {
        // Odd sizes leave partial bytes and row tails shorter than a word.
        for seed in UInt64(1)...40 {
            let width = [13, 61, 64, 67, 800][Int(seed % 5)]
            let height = [1, 9, 37][Int(seed % 3)]
            let old = Frames.noise(seed: seed, width: width, height: height, pixels: 20)
            var new = old
            var generator = SplitMix64(seed: seed &* 977)
            for _ in 0..<Int(seed % 4) {
                new[Int.random(in: 0..<width, using: &generator), Int.random(in: 0..<height, using: &generator)]
                    .toggle()
            }
            XCTAssertEqual(
                RefreshPlanner.changedArea(from: old, to: new), pixelByPixelChangedArea(old, new),
                "seed \(seed), \(width)x\(height)")
        }
    }

    private func pixelByPixelChangedArea(_ old: Bitmap, _ new: Bitmap) -> Rect? {
        var minX = Int.max
        var minY = Int.max
        var maxX = -1
        var maxY = -1
        for y in 0..<old.height {
            for x in 0..<old.width where old[x, y] != new[x, y] {
                minX = min(minX, x)
                minY = min(minY, y)
                maxX = max(maxX, x)
                maxY = max(maxY, y)
            }
        }
        guard maxX >= 0 else { return nil }
        return Rect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }
}
