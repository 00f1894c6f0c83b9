import BoardModel
import Foundation
import Hub
import Logging
import SharedTestSupport
import XCTest

/// The web grid in a real headless Chromium: what a visitor's browser makes of the hub's HTML,
/// its content policy and `live.js`, which no HTTP-level test can show.
final class BrowserTests: XCTestCase {
    /// Markup a host might type as a title: the page must show it as text, never run or render it.
    private static let markupTitle = "<script>alert(1)</script> & <b>bold</b>"

    func testTheGridShowsMarkupInATitleAsTextAndTakesANewCardLiveWithoutReloading() async throws {
        let hub = try await RunningHub.start()
        defer { Task { await hub.stop() } }
        let board = try await TestBoard(folder: try TestPaths.temporaryFolder("browser"), name: "a", hub: hub)
        try await place(HubFixture.card(Self.markupTitle), atCell: 0, by: board)

        let browser = try await HeadlessBrowser.open(hub.base + "/")
        defer { browser.close() }
        // live.js says "Live" when its EventSource opens, and the hub has registered the
        // listener before it answers, so a push after this reaches the page.
        try await browser.waitUntil(
            "document.readyState === 'complete' && document.getElementById('grid') !== null"
                + " && document.getElementById('live-status').textContent === 'Live'",
            what: "the grid to load and its event stream to open")
        let text = try await browser.evaluate("document.body.innerText", as: String.self)
        XCTAssertTrue(text.contains(Self.markupTitle), "the title shows as literal text; the page reads:\n\(text)")
        try await assertTheTitleMadeNoElements(in: browser, when: "on load")
        let marker = try await browser.evaluate("window.__openspaceMarker = 42", as: Int.self)
        XCTAssertEqual(marker, 42)

        try await place(HubFixture.card("Rust on the Pi"), atCell: 1, by: board)
        try await browser.waitUntil(
            "document.getElementById('grid').innerText.includes('Rust on the Pi')",
            what: "the card placed at the board to appear on the open grid")
        let sameDocument = try await browser.evaluate("window.__openspaceMarker === 42", as: Bool.self)
        XCTAssertTrue(sameDocument, "the grid was swapped in place: a reload would have dropped the marker")
        try await assertTheTitleMadeNoElements(in: browser, when: "after the live update")
    }

    func testStaffSignInOverHTTPSWithTheVenuesCA() async throws {
        let folder = try TestPaths.temporaryFolder("browser-tls")
        let ca = try VenueCA.create(name: "Browser test CA")
        try ca.save(to: folder)
        try ca.issue(hosts: ["127.0.0.1"]).save(to: folder)
        var logger = Logger(label: "test.tls")
        logger.logLevel = .critical
        let tls = try HubTLS(
            certificate: folder + "/" + ServerCertificate.certificateFile,
            key: folder + "/" + ServerCertificate.keyFile,
            logger: logger)
        let hub = try await RunningHub.start(tls: tls)
        defer { Task { await hub.stop() } }
        try await hub.hub.setStaffPassword(name: "anna", password: "a long staff password")

        let browser = try await HeadlessBrowser.open(
            hub.base + "/staff/login", trusting: folder + "/" + VenueCA.certificateFile)
        defer { browser.close() }
        try await browser.waitUntil(
            "location.protocol === 'https:' && document.querySelector('form.login') !== null",
            what: "the sign-in page over HTTPS (an untrusted certificate shows Chromium's warning instead)")
        let secure = try await browser.evaluate("window.isSecureContext", as: Bool.self)
        XCTAssertTrue(secure)
        let sent = try await browser.evaluate(
            """
            (() => { const form = document.querySelector('form.login');
              form.elements['name'].value = 'anna'; form.elements['password'].value = 'a long staff password';
              form.submit(); return true })()
            """, as: Bool.self)
        XCTAssertTrue(sent)
        try await browser.waitUntil(
            "location.protocol === 'https:' && location.pathname === '/staff'"
                + " && document.body.innerText.includes('signed in as anna')",
            what: "the staff page after signing in over HTTPS")
        let scriptCookies = try await browser.evaluate("document.cookie", as: String.self)
        XCTAssertEqual(scriptCookies, "", "the session cookie is HttpOnly")
    }

    /// Registers and places `card` at a board, as its scans would, and syncs it to the hub.
    private func place(_ card: Card, atCell index: Int, by board: TestBoard) async throws {
        try board.scan(.registerCard(card))
        try board.scan(.place(card.id, HubFixture.cell(index)))
        try await board.sync()
    }

    /// Markup in the title would have become a second script element or a `<b>bold</b>`.
    private func assertTheTitleMadeNoElements(in browser: HeadlessBrowser, when moment: String) async throws {
        let scripts = try await browser.evaluate(
            "Array.from(document.scripts, script => script.getAttribute('src') ?? script.outerHTML)",
            as: [String].self)
        XCTAssertEqual(scripts, ["/static/live.js"], "only the page's own script, \(moment)")
        let bold = try await browser.evaluate(
            "Array.from(document.querySelectorAll('b')).filter(element => element.textContent === 'bold').length",
            as: Int.self)
        XCTAssertEqual(bold, 0, "no <b> element came from the title, \(moment)")
    }
}

/// A headless Chromium showing one page, and `Tests/browser/cdp.py` evaluating JavaScript in it
/// over the DevTools protocol.
///
/// The test starts and owns both processes, so `close()` ends them and removes the browser's
/// folder whether the test passed or not.
final class HeadlessBrowser {
    private static let chromiumPath = "/usr/bin/chromium"
    private static let pythonPath = "/usr/bin/python3"
    private static let scriptPath = TestPaths.packageRoot + "/Tests/browser/cdp.py"
    /// Longer than cdp.py waits for the page itself, so its own complaint arrives first.
    private static let answerSeconds = 20.0

    private let folder: String
    private let chromium = Process()
    private let devTools = Process()
    private let requests = Pipe()
    private let replies: LineCollector
    private let complaints: LineCollector
    private var repliesRead = 0

    private init(folder: String) {
        self.folder = folder
        let output = Pipe()
        let errors = Pipe()
        devTools.standardInput = requests
        devTools.standardOutput = output
        devTools.standardError = errors
        replies = LineCollector(output.fileHandleForReading)
        complaints = LineCollector(errors.fileHandleForReading)
    }

    /// Starts Chromium on `url` and connects to its page; fails, never skips, when Chromium is
    /// missing, so a machine without it cannot pass the suite silently. `caFile`: a CA the
    /// browser trusts besides the public ones, put into the NSS database of its own home folder
    /// as a user would install it (certificate checks stay on).
    static func open(_ url: String, trusting caFile: String? = nil) async throws -> HeadlessBrowser {
        guard FileManager.default.isExecutableFile(atPath: chromiumPath) else {
            throw TestSetupFailure(
                "the browser test needs Chromium at \(chromiumPath): run `make test`, which installs it"
                    + " (deploy/install-build-deps.sh), or `apt-get install chromium`")
        }
        guard FileManager.default.isExecutableFile(atPath: pythonPath) else {
            throw TestSetupFailure("the browser test runs Tests/browser/cdp.py with \(pythonPath): install python3")
        }
        // A cdp.py that died must fail the test with its complaint, not end the test process
        // with SIGPIPE when the next request is written to it.
        signal(SIGPIPE, SIG_IGN)
        let browser = HeadlessBrowser(folder: try TestPaths.temporaryFolder("chromium"))
        do {
            if let caFile { try browser.trust(caFile) }
            try browser.start(url)
            try await browser.waitForThePage()
        } catch {
            browser.close()
            throw error
        }
        return browser
    }

    private var profile: String { folder + "/profile" }
    private var home: String { folder + "/home" }

    /// Adds `caFile` to the NSS database Chromium reads in `$HOME/.pki/nssdb`, as a CA for servers.
    private func trust(_ caFile: String) throws {
        let database = home + "/.pki/nssdb"
        try FileManager.default.createDirectory(atPath: database, withIntermediateDirectories: true)
        for arguments in [
            ["-N", "-d", "sql:" + database, "--empty-password"],
            ["-A", "-d", "sql:" + database, "-n", "openspace test CA", "-t", "C,,", "-i", caFile],
        ] {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/certutil") else {
                throw TestSetupFailure("the HTTPS browser test needs certutil: apt-get install libnss3-tools")
            }
            let certutil = Process()
            certutil.executableURL = URL(fileURLWithPath: "/usr/bin/certutil")
            certutil.arguments = arguments
            try certutil.run()
            certutil.waitUntilExit()
            guard certutil.terminationStatus == 0 else {
                throw TestSetupFailure("certutil \(arguments.joined(separator: " ")) failed")
            }
        }
    }
    private var log: String { folder + "/chromium.log" }

    private func start(_ url: String) throws {
        guard FileManager.default.createFile(atPath: log, contents: nil),
            let logHandle = FileHandle(forWritingAtPath: log)
        else {
            throw TestSetupFailure("could not open \(log) for Chromium's output")
        }
        chromium.executableURL = URL(fileURLWithPath: Self.chromiumPath)
        // Port 0: Chromium picks a free port and writes it to DevToolsActivePort in the profile.
        chromium.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)",
            "--remote-debugging-port=0", url,
        ]
        // Chromium leaves its singleton socket's folder in TMPDIR when it is ended; this one
        // goes with the rest of the browser's folder.
        let temporary = folder + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        var environment = ["TMPDIR": temporary]
        if FileManager.default.fileExists(atPath: home) { environment["HOME"] = home }
        chromium.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        chromium.standardInput = FileHandle.nullDevice
        chromium.standardOutput = logHandle
        chromium.standardError = logHandle
        try chromium.run()
        devTools.executableURL = URL(fileURLWithPath: Self.pythonPath)
        devTools.arguments = [Self.scriptPath, profile]
        try devTools.run()
    }

    private func waitForThePage() async throws {
        let line = try await nextReply()
        guard let ready = try? JSONDecoder().decode(Ready.self, from: Data(line.utf8)), ready.ready != nil else {
            throw TestSetupFailure("could not reach Chromium's page: \(line)\nChromium's last words:\n\(chromiumLog())")
        }
    }

    /// Evaluates `expression` in the page and decodes its value.
    func evaluate<Value: Decodable>(_ expression: String, as type: Value.Type) async throws -> Value {
        try requests.fileHandleForWriting.write(contentsOf: JSONEncoder().encode(Request(expression: expression)))
        try requests.fileHandleForWriting.write(contentsOf: Data("\n".utf8))
        let line = try await nextReply()
        let reply: Reply<Value>
        do {
            reply = try JSONDecoder().decode(Reply<Value>.self, from: Data(line.utf8))
        } catch {
            throw TestSetupFailure("`\(expression)` did not give a \(Value.self): \(line)")
        }
        if let exception = reply.exception { throw PageException(expression: expression, reason: exception) }
        if let error = reply.error { throw TestSetupFailure("\(error)\nChromium's last words:\n\(chromiumLog())") }
        guard let value = reply.value else { throw TestSetupFailure("`\(expression)` gave no value: \(line)") }
        return value
    }

    /// Asks `condition` every 100 ms until it is true; after `seconds` fails with its last answer.
    /// An exception counts as "not yet": the page may still be loading.
    func waitUntil(_ condition: String, what: String, seconds: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        var last = "no answer"
        while Date() < deadline {
            do {
                if try await evaluate(condition, as: Bool.self) { return }
                last = "false"
            } catch let exception as PageException {
                last = exception.reason
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupFailure("waited \(Int(seconds)) s for \(what); `\(condition)` last gave: \(last)")
    }

    /// Ends cdp.py and Chromium with its helpers, and removes the profile and log.
    func close() {
        try? requests.fileHandleForWriting.close()
        stop(devTools)
        stop(chromium)
        do {
            try FileManager.default.removeItem(atPath: folder)
        } catch {
            XCTFail("could not remove the browser's folder \(folder): \(error)")
        }
    }

    /// SIGTERM first: Chromium then ends its renderers and crash handler itself. Whatever is
    /// left in its process group (Foundation starts each child in a group of its own) is killed.
    private func stop(_ process: Process) {
        let id = process.processIdentifier
        guard id > 0 else { return }
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        kill(-id, SIGKILL)
        process.waitUntilExit()
    }

    private func nextReply() async throws -> String {
        let deadline = Date().addingTimeInterval(Self.answerSeconds)
        var ended = false
        while Date() < deadline {
            let lines = replies.all
            if lines.count > repliesRead {
                repliesRead += 1
                return lines[repliesRead - 1]
            }
            // One more look after cdp.py ends, for a last line still on its way through the pipe.
            if ended { break }
            ended = !devTools.isRunning
            try await Task.sleep(for: .milliseconds(ended ? 200 : 10))
        }
        let why = ended ? "cdp.py ended" : "cdp.py gave no answer within \(Int(Self.answerSeconds)) s"
        throw TestSetupFailure("\(why); it said:\n\(complaints.all.joined(separator: "\n"))")
    }

    private func chromiumLog() -> String {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }

    private struct Request: Encodable {
        var expression: String
    }

    private struct Ready: Decodable {
        var ready: String?
    }

    /// One line from cdp.py: a value, an exception in the page, or why cdp.py gave up.
    private struct Reply<Value: Decodable>: Decodable {
        var value: Value?
        var exception: String?
        var error: String?
    }
}

/// The page threw, or had no JavaScript context yet, while evaluating an expression.
struct PageException: Error, CustomStringConvertible {
    var expression: String
    var reason: String
    var description: String { "`\(expression)`: \(reason)" }
}
