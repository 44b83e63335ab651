import DraizerCore
import Foundation
import Testing

@Test func quantityParsesBinancePaddedText() throws {
    #expect(try Quantity("0.00100000").units == 100_000)
    #expect(try Quantity("12").description == "12")
    #expect(try Quantity("0.00100000").description == "0.001")
}

@Test func quantityRejectsNegativeText() {
    #expect(throws: FixedPoint.ParseError.negative("-1")) { try Quantity("-1") }
}

@Test func quantityRejectsMoreThanEightDecimals() {
    #expect(throws: FixedPoint.ParseError.tooManyDecimals("0.000000001")) { try Quantity("0.000000001") }
}

@Test func quantityFloorsToStep() {
    #expect(quantity("0.123456").floored(toMultipleOf: quantity("0.00001")) == quantity("0.12345"))
    #expect(quantity("0.000009").floored(toMultipleOf: quantity("0.00001")) == .zero)
    #expect(quantity("7.5").floored(toMultipleOf: quantity("1")) == quantity("7"))
}

@Test func quantityZeroStepLeavesQuantityUnchanged() {
    #expect(quantity("0.12345678").floored(toMultipleOf: .zero) == quantity("0.12345678"))
}

@Test func quantityEncodesAsJSONString() throws {
    let data = try JSONEncoder().encode([quantity("0.001")])
    #expect(String(decoding: data, as: UTF8.self) == #"["0.001"]"#)
    #expect(try JSONDecoder().decode([Quantity].self, from: data) == [quantity("0.001")])
}

@Test func quantityDecodingRejectsJSONNumbersAndNegatives() {
    #expect(throws: DecodingError.self) { try JSONDecoder().decode([Quantity].self, from: Data("[0.1]".utf8)) }
    #expect(throws: DecodingError.self) { try JSONDecoder().decode([Quantity].self, from: Data(#"["-0.1"]"#.utf8)) }
}
