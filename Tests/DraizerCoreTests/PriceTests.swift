import DraizerCore
import Foundation
import Testing

@Test func priceParsesAndPrintsExactly() throws {
    #expect(try Price("64123.45000000").description == "64123.45")
    #expect(try Price("0.00000001").units == 1)
}

@Test func priceRejectsNegativeText() {
    #expect(throws: FixedPoint.ParseError.negative("-0.5")) { try Price("-0.5") }
}

@Test func priceRoundsToTickInEachDirection() {
    let tick = price("0.01")
    #expect(price("100.014").rounded(toMultipleOf: tick, rounding: .down) == price("100.01"))
    #expect(price("100.011").rounded(toMultipleOf: tick, rounding: .up) == price("100.02"))
    #expect(price("100.015").rounded(toMultipleOf: tick, rounding: .halfUp) == price("100.02"))
    #expect(price("100.01").rounded(toMultipleOf: tick, rounding: .up) == price("100.01"))
}

@Test func notionalRoundsOnceInTheRequestedDirection() {
    // 0.33333333 × 0.00000003 = 0.0000000099999999: exact product has sixteen decimals.
    let p = price("0.33333333")
    let q = quantity("0.00000003")
    #expect(p.notional(of: q, rounding: .down) == .zero)
    #expect(p.notional(of: q, rounding: .up) == money("0.00000001"))
    #expect(price("30000").notional(of: quantity("0.12345"), rounding: .up) == money("3703.5"))
}

@Test func quantityWorthAmountFloorsAtPrice() {
    #expect(price("30000").quantity(worth: money("100"), rounding: .down) == quantity("0.00333333"))
}

@Test func priceEncodesAsJSONString() throws {
    let data = try JSONEncoder().encode([price("30000.5")])
    #expect(String(decoding: data, as: UTF8.self) == #"["30000.5"]"#)
}
