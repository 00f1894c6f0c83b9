import BoardService
import Doctor
import Scanner
import Synchronization
import XCTest

final class KeyboardLayoutTests: XCTestCase {
    let text = KeyboardLayoutTest.text

    func testTestTextHoldsTheKeysThatMoveBetweenLayouts() {
        for character in "QWYZAM0123456789-/:" {
            XCTAssertTrue(text.contains(character), "\(character)")
        }
        XCTAssertEqual(text, text.uppercased(), "QR alphanumeric mode, like the board's codes")
    }

    func testJudgesEachLayout() {
        XCTAssertEqual(KeyboardLayoutTest.judge(text), .matches)
        XCTAssertEqual(KeyboardLayoutTest.judge(text.lowercased()), .lowerCase)
        // What the rig's gadget types for a German scanner: `tr 'YZ/:-' 'ZY&>/'`.
        XCTAssertEqual(KeyboardLayoutTest.judge("OPENSPACE/SCANNER/TEST>QWZYAM&0123456789"), .layout(.german))
        XCTAssertEqual(KeyboardLayoutTest.judge("OPENSPQCE6SCQNNER6TEST.AZYWQ:>)!@#$%^&*("), .layout(.french))
        XCTAssertEqual(KeyboardLayoutTest.judge("]C1" + text), .different)
        XCTAssertEqual(KeyboardLayoutTest.judge("OPENSPACE-SCANNER-TEST:QWZYAM/0123456789"), .layout(.german))
    }

    func testVerdictsSayWhatToScan() {
        XCTAssertEqual(ScannerChecks.verdict(text).status, .ok)
        let german = ScannerChecks.verdict(KeyboardLayoutTest.typed(text, as: .german))
        XCTAssertEqual(german.status, .blocking)
        XCTAssertTrue(german.detail.hasPrefix("the scanner types as a German (QWERTZ) keyboard"), german.detail)
        XCTAssertTrue(german.fix?.contains("\"USA keyboard\"") ?? false)
        let french = ScannerChecks.verdict(KeyboardLayoutTest.typed(text, as: .french))
        XCTAssertTrue(french.detail.hasPrefix("the scanner types as a French (AZERTY) keyboard"), french.detail)
        let other = ScannerChecks.verdict("HELLO")
        XCTAssertEqual(other.detail, "read \"HELLO\", not \"\(text)\"")
    }

    func keyboard(_ events: [ScannerEvent], seconds: Int? = 2, said: SaidLines = SaidLines()) async throws
        -> CheckResult
    {
        let tree = try FakeTree()
        var environment = DoctorEnvironment.fake(tree)
        environment.scannerSource = { _ in FakeScannerSource(events) }
        environment.say = { said.append($0) }
        return await ScannerChecks(config: try exampleConfig(), environment: environment)
            .keyboard(scanTest: seconds, scannerUsable: true)
    }

    func testScanTestReadsOneScanThroughTheBoardsSource() async throws {
        let said = SaidLines()
        let result = try await keyboard([.connected("evdev"), .scan(text)], said: said)
        XCTAssertEqual(result.status, .ok)
        XCTAssertTrue(said.lines.first?.hasPrefix("scan the test code now") ?? false, "\(said.lines)")
    }

    func testScanTestTellsAQWERTZScanner() async throws {
        let result = try await keyboard([
            .connected("evdev"), .dropped(.inputOverrun), .scan("OPENSPACE/SCANNER/TEST>QWZYAM&0123456789"),
        ])
        XCTAssertEqual(result.status, .blocking)
        XCTAssertTrue(result.detail.contains("German (QWERTZ)"), result.detail)
    }

    func testNoScanWithinTheTimeOnlyWarns() async throws {
        let result = try await keyboard([.connected("evdev")], seconds: 1)
        XCTAssertEqual(result, CheckResult(.warning, "keyboard", "no scan within 1 s", fix: result.fix))
    }

    func testWithoutTheScanTestSaysHowToRunIt() async throws {
        let result = try await keyboard([], seconds: nil)
        XCTAssertEqual(result.status, .info)
        XCTAssertTrue(result.detail.contains("`openspace print test-code`"), result.detail)
        XCTAssertTrue(result.detail.contains("`openspace doctor --scan-test 30`"), result.detail)
    }
}

/// What the doctor said to the person at the board, collected across threads.
final class SaidLines: Sendable {
    private let said = Mutex<[String]>([])
    func append(_ line: String) { said.withLock { $0.append(line) } }
    var lines: [String] { said.withLock { $0 } }
}
