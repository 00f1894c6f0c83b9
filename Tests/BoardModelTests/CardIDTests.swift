import Foundation
import XCTest

@testable import BoardModel

final class CardIDTests: XCTestCase {
    let alphabet = Crockford32.alphabet

    func ids(count: Int, seed: UInt64) -> [CardID] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in CardID.random(using: &generator) }
    }

    func isAccepted(_ text: String) -> Bool { (try? CardID(validating: text)) != nil }

    // MARK: Crockford base32

    func testAlphabetIsThirtyTwoSymbolsWithoutILOU() {
        XCTAssertEqual(alphabet.count, 32)
        XCTAssertEqual(Set(alphabet).count, 32)
        for symbol in "ILOU" { XCTAssertFalse(alphabet.contains(symbol)) }
        for (value, symbol) in alphabet.enumerated() { XCTAssertEqual(Crockford32.value(of: symbol), value) }
        XCTAssertNil(Crockford32.value(of: "a"))
    }

    func testEncodeWritesTheLowBitsMostSignificantSymbolFirst() {
        XCTAssertEqual(Crockford32.encode(0, symbols: 3), "000")
        XCTAssertEqual(Crockford32.encode(31, symbols: 2), "0Z")
        XCTAssertEqual(Crockford32.encode(32, symbols: 2), "10")
        XCTAssertEqual(Crockford32.encode(1 << 10 | 2, symbols: 2), "02")
    }

    func testBytesRoundTripFor32And64Bytes() {
        var generator = SeededGenerator(seed: 32)
        for count in [32, 64] {
            let samples: [[UInt8]] =
                [
                    Array(repeating: 0, count: count), Array(repeating: 0xFF, count: count),
                ] + (0..<50).map { _ in (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
            for bytes in samples {
                let text = Crockford32.encode(bytes: bytes)
                XCTAssertEqual(text.count, (count * 8 + 4) / 5)
                XCTAssertTrue(text.allSatisfy(alphabet.contains))
                XCTAssertEqual(Crockford32.decodeBytes(Substring(text), count: count), bytes)
            }
        }
    }

    func testDecodingRefusesTheWrongCountAStraySymbolOrNonZeroPadding() {
        let text = Crockford32.encode(bytes: Array(repeating: 0xA5, count: 32))
        XCTAssertEqual(text.count, 52)
        XCTAssertNil(Crockford32.decodeBytes(Substring(text), count: 31))
        XCTAssertNil(Crockford32.decodeBytes(Substring(text), count: 33))
        XCTAssertNil(Crockford32.decodeBytes(Substring(text.dropLast()), count: 32))
        XCTAssertNil(Crockford32.decodeBytes(Substring(text + "0"), count: 32))
        XCTAssertNil(Crockford32.decodeBytes(Substring(text.lowercased()), count: 32))
        XCTAssertNil(Crockford32.decodeBytes(Substring("U" + text.dropFirst()), count: 32))
        // 32 bytes leave 4 padding bits in the last symbol; only the zero padding is what encode writes.
        let last = Crockford32.value(of: text.last!)!
        XCTAssertEqual(last & 0xF, 0)
        for padding in 1..<16 {
            let altered = text.dropLast() + String(alphabet[last | padding])
            XCTAssertNil(Crockford32.decodeBytes(Substring(altered), count: 32), String(altered))
        }
    }

    // MARK: Card ids

    func testCardIDIsSixSymbolsAndACheckSymbolThatRoundTrip() throws {
        for value: UInt32 in [0, 1, 31, 32, 0x3FFF_FFFF, 123_456_789] {
            let id = CardID(value: value)
            XCTAssertEqual(id.text.count, 7)
            XCTAssertEqual(String(id.text.prefix(6)), Crockford32.encode(UInt64(value), symbols: 6))
            XCTAssertEqual(try CardID(validating: id.text), id)
            XCTAssertEqual(id.description, id.text)
        }
        XCTAssertEqual(CardID(value: 0).text, "0000000")
    }

    func testValuesAboveThirtyBitsAreMaskedNotTruncatedIntoInvalidIds() throws {
        XCTAssertEqual(CardID(value: 0xFFFF_FFFF), CardID(value: 0x3FFF_FFFF))
        XCTAssertEqual(CardID(value: 0x4000_0001), CardID(value: 1))
    }

    func testRandomIdsAreValidAndRepeatableFromASeed() throws {
        let first = ids(count: 200, seed: 7)
        XCTAssertEqual(first, ids(count: 200, seed: 7))
        XCTAssertGreaterThan(Set(first).count, 195)
        for id in first { XCTAssertEqual(try CardID(validating: id.text), id) }
        XCTAssertNoThrow(try CardID(validating: CardID.random().text))
    }

    func testEverySingleSymbolSubstitutionIsCaughtExhaustivelyForSomeIds() {
        let chosen =
            [CardID(value: 0), CardID(value: 0x3FFF_FFFF), CardID(value: 0x1234_5678)] + ids(count: 5, seed: 1)
        for id in chosen { assertEverySubstitutionCaught(in: id) }
    }

    func testEverySingleSymbolSubstitutionIsCaughtForManyIds() {
        for id in ids(count: 300, seed: 2) { assertEverySubstitutionCaught(in: id) }
    }

    func assertEverySubstitutionCaught(in id: CardID, file: StaticString = #filePath, line: UInt = #line) {
        let symbols = Array(id.text)
        for position in symbols.indices {
            for replacement in alphabet where replacement != symbols[position] {
                var changed = symbols
                changed[position] = replacement
                XCTAssertThrowsError(
                    try CardID(validating: String(changed)), "\(id) -> \(String(changed))", file: file, line: line
                ) {
                    XCTAssertEqual($0 as? CardID.Problem, .checkMismatch, file: file, line: line)
                }
            }
        }
    }

    func testAdjacentTranspositionsAreCaughtForAllPairsButZeroAndZ() {
        // Luhn mod 32 misses exactly the swap of the symbols with values 0 and 31, as Luhn mod 10
        // misses 09 <-> 90. Checked for every ordered pair at every position of the printed id.
        for position in 0..<(CardID.length - 1) {
            for first in alphabet {
                for second in alphabet where second != first {
                    var payload = Array(CardID(value: 0x0ABC_DEF1).text.prefix(6))
                    var printed: [Character]
                    if position < 5 {
                        payload[position] = first
                        payload[position + 1] = second
                        printed = payload + [Crockford32.checkSymbol(for: Substring(String(payload)))!]
                    } else {
                        // Swapping the last payload symbol with the check symbol: pick the payload so
                        // that its check symbol is `second`, when the last symbol is `first`.
                        payload[5] = first
                        guard
                            let prefix = (0..<32).lazy.map({ value -> [Character] in
                                var candidate = payload
                                candidate[0] = self.alphabet[value]
                                return candidate
                            }).first(where: { Crockford32.checkSymbol(for: Substring(String($0))) == second })
                        else { return XCTFail("no payload ends in \(first) with check \(second)") }
                        printed = prefix + [second]
                    }
                    XCTAssertTrue(isAccepted(String(printed)))
                    printed.swapAt(position, position + 1)
                    let zeroAndZ = Set([first, second]) == Set(["0", "Z"])
                    XCTAssertEqual(isAccepted(String(printed)), zeroAndZ, "\(first)\(second) at \(position)")
                }
            }
        }
    }

    func testAdjacentTranspositionsOfRandomIdsAreCaughtAtLeast99Percent() {
        var swaps = 0
        var caught = 0
        for id in ids(count: 2000, seed: 3) {
            let symbols = Array(id.text)
            for position in 0..<(symbols.count - 1) where symbols[position] != symbols[position + 1] {
                var swapped = symbols
                swapped.swapAt(position, position + 1)
                swaps += 1
                if !isAccepted(String(swapped)) { caught += 1 }
            }
        }
        XCTAssertGreaterThan(swaps, 10_000)
        XCTAssertGreaterThan(Double(caught) / Double(swaps), 0.99)
    }

    func testWrongLengthIsRefusedWithTheLength() {
        let text = CardID(value: 42).text
        XCTAssertThrowsError(try CardID(validating: text.dropLast())) {
            XCTAssertEqual($0 as? CardID.Problem, .wrongLength(6))
        }
        XCTAssertThrowsError(try CardID(validating: text + "0")) {
            XCTAssertEqual($0 as? CardID.Problem, .wrongLength(8))
        }
        XCTAssertThrowsError(try CardID(validating: "")) { XCTAssertEqual($0 as? CardID.Problem, .wrongLength(0)) }
    }

    func testLowerCaseAndTheLettersILOUAreNotInTheAlphabet() {
        let id = CardID(value: 0x0ABC_DEF1)
        XCTAssertTrue(id.text.contains { $0.isLetter })
        XCTAssertThrowsError(try CardID(validating: id.text.lowercased())) {
            guard case .notInAlphabet(let symbol) = $0 as? CardID.Problem else { return XCTFail("\($0)") }
            XCTAssertTrue(symbol.isLowercase)
        }
        for letter: Character in ["I", "L", "O", "U"] {
            let text = String(letter) + id.text.dropFirst()
            XCTAssertThrowsError(try CardID(validating: text)) {
                XCTAssertEqual($0 as? CardID.Problem, .notInAlphabet(letter))
            }
        }
    }

    func testCardIDIsCodedAsItsTextAndRefusesBadTextWhenDecoded() throws {
        let id = CardID(value: 77)
        let data = try JSONEncoder().encode([id])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"\(id.text)\"]")
        XCTAssertEqual(try JSONDecoder().decode([CardID].self, from: data), [id])
        let broken = Data("[\"\(id.text.dropLast())X\"]".utf8)
        XCTAssertThrowsError(try JSONDecoder().decode([CardID].self, from: broken)) {
            guard case .dataCorrupted = $0 as? DecodingError else { return XCTFail("\($0)") }
        }
    }

    func testBlankCardShowsItsIdAsTitle() {
        XCTAssertEqual(Fixture.blank.displayTitle, "Card \(Fixture.blank.id.text)")
        XCTAssertEqual(Fixture.talk.displayTitle, "Swift on the Raspberry Pi")
    }
}
