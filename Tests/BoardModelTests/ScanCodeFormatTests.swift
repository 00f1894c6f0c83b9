import XCTest

@testable import BoardModel

final class ScanCodeFormatTests: XCTestCase {
    static let issuer = BadgeIssuer()
    static let forger = BadgeIssuer()

    let codes = Fixture.codes
    let layout = Fixture.layout
    let friday = CalendarDate(year: 2027, month: 5, day: 14)
    let saturday = CalendarDate(year: 2027, month: 5, day: 15)

    func badge(_ staffID: String = "ANNA", through day: CalendarDate? = nil, by issuer: BadgeIssuer = issuer) throws
        -> StaffBadge
    {
        try issuer.issue(staffID: staffID, validThrough: day ?? saturday, hub: codes.hub)
    }

    func parse(_ text: String, today: CalendarDate? = nil, badges: BadgeVerifier? = issuer.verifier) -> Result<
        ScanCode, ScanRefusal
    > {
        codes.parse(text, layout: layout, badges: badges, today: today ?? friday)
    }

    func assertRefused(
        _ text: String, _ refusal: ScanRefusal, today: CalendarDate? = nil, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(parse(text, today: today), .failure(refusal), text, file: file, line: line)
    }

    func testOtherPagesOfOurHubAreNotBoardCodes() {
        assertRefused(codes.hub + "/GRID", .unrecognised)
        assertRefused(codes.hub + "/", .truncated)
        assertRefused(codes.hub + "/C", .truncated)
    }

    /// Every code of each kind, as printed.
    func printedCodes() throws -> [String] {
        let cards = [CardID(value: 0), CardID(value: 0x3FFF_FFFF), Fixture.talk.id].map(codes.code(for:))
        let slots = layout.days.flatMap { layout.cells(onDay: $0.number) }.map(codes.code(for:))
        let badges = try ["A", "ANNA", "STAFF0123456789X"].map { try codes.code(for: badge($0)) }
        return cards + slots + badges + ScanCode.Command.allCases.map(codes.code(for:))
    }

    // MARK: Formatting

    func testHubIsUpperCaseWithoutTrailingSlashes() {
        XCTAssertEqual(ScanCodeFormat(hub: "https://openspace.example.org/").hub, "HTTPS://OPENSPACE.EXAMPLE.ORG")
        XCTAssertEqual(ScanCodeFormat(hub: "https://openspace.example.org//").hub, "HTTPS://OPENSPACE.EXAMPLE.ORG")
        XCTAssertEqual(ScanCodeFormat(hub: "HTTPS://OPENSPACE.EXAMPLE.ORG").hub, "HTTPS://OPENSPACE.EXAMPLE.ORG")
        XCTAssertEqual(ScanCodeFormat(hub: "https://os.example.org").hub, "HTTPS://OS.EXAMPLE.ORG")
    }

    func testCodesAreUpperCaseURLsOnTheHub() throws {
        let codes = ScanCodeFormat(hub: "https://openspace.example.org/")
        XCTAssertEqual(codes.code(for: CardID(value: 1)), "HTTPS://OPENSPACE.EXAMPLE.ORG/C/\(CardID(value: 1).text)")
        XCTAssertEqual(codes.code(for: Fixture.fridayTen), "HTTPS://OPENSPACE.EXAMPLE.ORG/S/1-R101-1000")
        let badge = try Self.issuer.issue(staffID: "ANNA", validThrough: saturday, hub: codes.hub)
        let badgeCode = codes.code(for: badge)
        XCTAssertTrue(badgeCode.hasPrefix("HTTPS://OPENSPACE.EXAMPLE.ORG/B/ANNA-20270515-"), badgeCode)
        XCTAssertEqual(badgeCode.count, "HTTPS://OPENSPACE.EXAMPLE.ORG/B/ANNA-20270515-".count + 103)
        XCTAssertEqual(codes.code(for: .remove), "OPENSPACE:REMOVE")
    }

    func testPrintedCodesUseOnlyQRAlphanumericCharacters() throws {
        let qrAlphanumeric = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
        for code in try printedCodes() {
            XCTAssertTrue(code.allSatisfy(qrAlphanumeric.contains), code)
        }
    }

    // MARK: Round trips

    func testCardCodeParsesBackToTheCard() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let id = CardID.random(using: &generator)
            XCTAssertEqual(parse(codes.code(for: id)), .success(.card(id)))
        }
    }

    func testSlotCodeParsesBackToTheCellForEveryCellOfTheLayout() {
        for day in layout.days {
            for cell in layout.cells(onDay: day.number) {
                XCTAssertEqual(parse(codes.code(for: cell)), .success(.slot(cell)))
            }
        }
    }

    func testBadgeCodeParsesBackToTheBadge() throws {
        for staffID in ["A", "ANNA", "STAFF0123456789X"] {
            let badge = try badge(staffID)
            XCTAssertEqual(parse(codes.code(for: badge)), .success(.badge(badge)))
        }
    }

    func testCommandCodesParseBackToTheirCommand() {
        for command in ScanCode.Command.allCases {
            XCTAssertEqual(parse(codes.code(for: command)), .success(.command(command)))
            XCTAssertFalse(command.caption.isEmpty)
        }
    }

    func testTheScannersEnterAndSurroundingSpacesAreIgnored() {
        let code = codes.code(for: Fixture.talk.id)
        XCTAssertEqual(parse(code + "\n"), .success(.card(Fixture.talk.id)))
        XCTAssertEqual(parse("  " + code + "\r\n"), .success(.card(Fixture.talk.id)))
        XCTAssertEqual(parse("OPENSPACE:CANCEL\t"), .success(.command(.cancel)))
    }

    // MARK: Refusals

    func testGarbageIsUnrecognised() {
        for text in [
            "4006381333931", "hello world", "", "   ", "HTTPS://EXAMPLE.COM/", codes.hub + ".EVIL/X", "OPENSPACE:",
            "OPENSPACE:DELETE", codes.hub + "/X/ABCDEFG", "🎉", "WIFI:S:CONF;T:WPA;P:SECRET;;",
        ] {
            assertRefused(text, .unrecognised)
        }
    }

    func testCardCodeWithTheWrongLengthOfIdIsUnrecognisedNotMisread() {
        assertRefused(codes.code(for: Fixture.talk.id) + "0", .unrecognised)
    }

    func testEveryPrefixOfACardSlotOrBadgeCodeIsTruncated() throws {
        let full = [
            codes.code(for: Fixture.talk.id), codes.code(for: Fixture.fridayTen),
            codes.code(for: Fixture.cell(2, "R201", 14)),
            codes.code(for: try badge()),
        ]
        for code in full {
            for length in 4..<code.count {
                assertRefused(String(code.prefix(length)), .truncated)
            }
        }
    }

    func testLowerCasedCodesAreBlamedOnTheKeyboardLayout() throws {
        let ours =
            [
                codes.code(for: Fixture.talk.id), codes.code(for: Fixture.fridayTen), codes.code(for: try badge()),
            ] + ScanCode.Command.allCases.map(codes.code(for:))
        for code in ours {
            assertRefused(code.lowercased(), .wrongCase)
        }
        assertRefused(codes.hub.lowercased() + "/C/" + Fixture.talk.id.text, .wrongCase)
        assertRefused(codes.hub + "/S/1-r101-1000", .wrongCase)
    }

    func testCodeOfAnotherHubNamesThatHub() {
        let other = ScanCodeFormat(hub: "https://openspace.other-conf.example/")
        assertRefused(other.code(for: Fixture.talk.id), .otherHub("HTTPS://OPENSPACE.OTHER-CONF.EXAMPLE"))
        assertRefused(other.code(for: Fixture.fridayTen), .otherHub("HTTPS://OPENSPACE.OTHER-CONF.EXAMPLE"))
        assertRefused(other.code(for: Fixture.talk.id).lowercased(), .otherHub("HTTPS://OPENSPACE.OTHER-CONF.EXAMPLE"))
        let plainHTTP = codes.hub.replacingOccurrences(of: "HTTPS://", with: "HTTP://")
        assertRefused(plainHTTP + "/C/" + Fixture.talk.id.text, .otherHub(plainHTTP))
    }

    func testCardIdWithAWrongCheckSymbolFailsTheCheck() {
        let id = Fixture.talk.id.text
        for symbol in Crockford32.alphabet where symbol != id.last {
            assertRefused(codes.hub + "/C/" + id.dropLast() + String(symbol), .checkFailed)
        }
        var swapped = Array(CardID(value: 0x0ABC_DEF1).text)
        swapped.swapAt(2, 3)
        XCTAssertNotEqual(swapped[2], swapped[3])
        assertRefused(codes.hub + "/C/" + String(swapped), .checkFailed)
        assertRefused(codes.hub + "/C/" + id.dropLast() + "U", .checkFailed)
    }

    func testSlotThatIsNotInTheLayoutIsUnknown() {
        for code in ["1-R999-1000", "1-R101-1030", "1-R101-1200", "3-R101-1000"] {
            assertRefused(codes.hub + "/S/" + code, .unknownSlot(code))
        }
    }

    func testSlotCodeThatIsNotACellIsUnrecognised() {
        for body in ["1-R101-2500", "X-R101-1000", "1-R101-1000-2", "1-R101-ABC", "1-R101-10:0"] {
            assertRefused(codes.hub + "/S/" + body, .unrecognised)
        }
    }

    func testBadgeSignedWithAnotherKeyIsForged() throws {
        assertRefused(codes.code(for: try badge(by: Self.forger)), .forgedBadge)
    }

    func testBadgeSignedForAnotherHubIsForged() throws {
        let elsewhere = try Self.issuer.issue(staffID: "ANNA", validThrough: saturday, hub: "HTTPS://OTHER.EXAMPLE")
        assertRefused(codes.code(for: elsewhere), .forgedBadge)
    }

    func testBadgeWithAChangedStaffIdOrDateIsForged() throws {
        let code = codes.code(for: try badge("ANNA", through: saturday))
        assertRefused(code.replacingOccurrences(of: "/B/ANNA-", with: "/B/ANNE-"), .forgedBadge)
        assertRefused(code.replacingOccurrences(of: "-20270515-", with: "-20270516-"), .forgedBadge)
        assertRefused(code.replacingOccurrences(of: "-20270515-", with: "-20280515-"), .forgedBadge)
    }

    func testBadgeWithAnySignatureSymbolChangedIsForged() throws {
        let code = Array(codes.code(for: try badge()))
        let signatureStart = code.count - 103
        for position in signatureStart..<code.count {
            var changed = code
            let value = Crockford32.value(of: code[position])!
            changed[position] = Crockford32.alphabet[value ^ 1]
            assertRefused(String(changed), .forgedBadge)
        }
    }

    func testBadgeSignatureWithAStrayOrExtraSymbolIsForged() throws {
        let code = codes.code(for: try badge())
        assertRefused(code.dropLast() + "U", .forgedBadge)
        assertRefused(code + "0", .forgedBadge)
    }

    func testBadgeIsValidThroughItsLastDayAndExpiredAfter() throws {
        let code = codes.code(for: try badge(through: friday))
        XCTAssertEqual(parse(code, today: friday), .success(.badge(try badge(through: friday))))
        assertRefused(code, .expiredBadge("2027-05-14"), today: saturday)
        XCTAssertTrue(ScanRefusal.expiredBadge("2027-05-14").description.contains("2027-05-14"))
    }

    func testBadgeOnABoardWithoutAKeyIsRefusedAsUncheckable() throws {
        XCTAssertEqual(
            codes.parse(codes.code(for: try badge()), layout: layout, badges: nil, today: friday),
            .failure(.noBadgeKey))
    }

    func testBadgeWithAStaffIdThatIsNotUpperCaseLettersAndDigitsIsTruncated() {
        assertRefused(codes.hub + "/B/ANNA_B-20270515-0000", .truncated)
    }

    func testEveryRefusalReadsAsAnInstruction() {
        let refusals: [ScanRefusal] = [
            .unrecognised, .truncated, .wrongCase, .otherHub("HTTPS://X"), .checkFailed, .unknownSlot("1-R9-1000"),
            .forgedBadge, .noBadgeKey, .expiredBadge("2027-05-14"),
        ]
        for refusal in refusals {
            XCTAssertGreaterThan(refusal.description.count, 20, refusal.description)
        }
        XCTAssertEqual(Set(refusals.map(\.description)).count, refusals.count)
        XCTAssertTrue(ScanRefusal.wrongCase.description.contains("Caps Lock"))
        XCTAssertTrue(ScanRefusal.otherHub("HTTPS://X").description.contains("HTTPS://X"))
        XCTAssertTrue(ScanRefusal.unknownSlot("1-R9-1000").description.contains("1-R9-1000"))
    }

    // MARK: Badge keys

    func testBoardReadsThePublicKeyAsOrganisersConfigureIt() throws {
        let key = Self.issuer.publicKeyText
        XCTAssertEqual(key.count, 52)
        let badge = try badge()
        XCTAssertEqual(BadgeVerifier(publicKeyText: key)?.isValid(badge, hub: codes.hub), true)
        XCTAssertEqual(BadgeVerifier(publicKeyText: key.lowercased())?.isValid(badge, hub: codes.hub), true)
        XCTAssertEqual(BadgeVerifier(publicKeyText: Self.forger.publicKeyText)?.isValid(badge, hub: codes.hub), false)
        XCTAssertNil(BadgeVerifier(publicKeyText: String(key.dropLast())))
        XCTAssertNil(BadgeVerifier(publicKeyText: "not a key"))
    }

    func testStaffIdsAreOneToSixteenUpperCaseLettersAndDigits() {
        XCTAssertTrue(StaffBadge.isStaffID("A"))
        XCTAssertTrue(StaffBadge.isStaffID("STAFF0123456789X"))
        for id in ["", "STAFF0123456789XY", "anna", "AN-NA", "ÄNNA"] { XCTAssertFalse(StaffBadge.isStaffID(id), id) }
    }
}
