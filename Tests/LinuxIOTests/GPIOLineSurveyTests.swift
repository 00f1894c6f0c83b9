import Foundation
import LinuxIO
import XCTest

/// The line survey off the rig: a chip that cannot be opened is named with the reason. The lines of a
/// real chip (free ones, and a hog holding one) are read in the rig by `openspace doctor`
/// (Tests/RigTests/DoctorRigTests.swift).
final class GPIOLineSurveyTests: XCTestCase {
    func testMissingChipIsNamedWithTheReason() {
        XCTAssertThrowsError(try GPIOLineSurvey.lines(ofChipAt: "/dev/gpiochip-osb-missing")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("cannot open GPIO chip /dev/gpiochip-osb-missing"), message)
        }
    }

    func testFileThatIsNotAChipIsRefused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-chip-\(UUID())").path
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        defer { try? FileManager.default.removeItem(atPath: file) }
        XCTAssertThrowsError(try GPIOLineSurvey.lines(ofChipAt: file)) { error in
            XCTAssertTrue("\(error)".contains("it is not a GPIO chip device"), "\(error)")
        }
    }
}
