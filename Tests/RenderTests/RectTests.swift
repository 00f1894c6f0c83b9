import Render
import XCTest

final class RectTests: XCTestCase {
    func testMaxEdgesAreOnePastTheLastPixel() {
        let rect = Rect(x: 2, y: 3, width: 10, height: 4)
        XCTAssertEqual(rect.maxX, 12)
        XCTAssertEqual(rect.maxY, 7)
        XCTAssertTrue(rect.contains(x: 11, y: 6))
        XCTAssertFalse(rect.contains(x: 12, y: 6))
        XCTAssertFalse(rect.contains(x: 11, y: 7))
        XCTAssertFalse(rect.contains(x: 1, y: 3))
    }

    func testIntersectionIsSharedAreaOrNilWhenOnlyEdgesTouch() {
        let a = Rect(x: 0, y: 0, width: 10, height: 10)
        XCTAssertEqual(a.intersection(Rect(x: 5, y: -3, width: 10, height: 6)), Rect(x: 5, y: 0, width: 5, height: 3))
        XCTAssertNil(a.intersection(Rect(x: 10, y: 0, width: 5, height: 5)))
        XCTAssertNil(a.intersection(Rect(x: 2, y: 2, width: 0, height: 5)))
    }

    func testInsetShrinksEverySideAndNeverGoesNegative() {
        let rect = Rect(x: 10, y: 20, width: 30, height: 8)
        XCTAssertEqual(rect.inset(by: 2), Rect(x: 12, y: 22, width: 26, height: 4))
        XCTAssertEqual(rect.inset(by: -1), Rect(x: 9, y: 19, width: 32, height: 10))
        let overInset = rect.inset(by: 5)
        XCTAssertTrue(overInset.isEmpty)
        XCTAssertEqual(overInset.height, 0)
        XCTAssertEqual(overInset.y, 24)
    }

    func testZeroOrNegativeSizeIsEmpty() {
        XCTAssertTrue(Rect(x: 0, y: 0, width: 0, height: 5).isEmpty)
        XCTAssertTrue(Rect(x: 0, y: 0, width: 5, height: -1).isEmpty)
        XCTAssertFalse(Rect(x: 0, y: 0, width: 1, height: 1).isEmpty)
    }
}
