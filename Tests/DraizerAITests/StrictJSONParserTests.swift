import Testing

@testable import DraizerAI

@Test func keepsNumberLiteralsAsWritten() throws {
    let value = try StrictJSONParser.parse(#"[0.10, -3, 1e-7, 250.50000000]"#)
    #expect(value == .array([.number("0.10"), .number("-3"), .number("1e-7"), .number("250.50000000")]))
}

@Test func keepsObjectMembersInOrderWithDuplicates() throws {
    let value = try StrictJSONParser.parse(#"{"b": 1, "a": true, "b": null}"#)
    #expect(value == .object([
        .init(key: "b", value: .number("1")), .init(key: "a", value: .bool(true)), .init(key: "b", value: .null),
    ]))
}

@Test func decodesStringEscapesAndSurrogatePairs() throws {
    let value = try StrictJSONParser.parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude80""#)
    #expect(value == .string("a\"b\\c/d\né🚀"))
}

@Test func keepsUnescapedUnicode() throws {
    #expect(try StrictJSONParser.parse(#""Kurs fällt – 📉""#) == .string("Kurs fällt – 📉"))
}

@Test func rejectsLenientJSON() {
    for text in [
        "{\"a\": 1,}", "[1,]", "{'a': 1}", "{a: 1}", "01", "1.", ".5", "+1", "NaN", "tru", "\"tab\there\"",
        "\"\\x41\"", "\"\\ud83d\"", "// c\n{}", "{} {}", "", "\"unterminated",
    ] {
        #expect(throws: JSONSyntaxError.self, "\(text)") { try StrictJSONParser.parse(text) }
    }
}

@Test func refusesDeepNesting() {
    let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
    #expect(throws: JSONSyntaxError.self) { try StrictJSONParser.parse(deep) }
    let fine = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
    #expect(throws: Never.self) { try StrictJSONParser.parse(fine) }
}
