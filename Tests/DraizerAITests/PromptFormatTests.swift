import Testing

@testable import DraizerAI

@Test func formatsEpochMillisecondsAsUTC() {
    #expect(PromptFormat.utc(0) == "1970-01-01T00:00:00Z")
    #expect(PromptFormat.utc(1_638_468_000_000) == "2021-12-02T18:00:00Z")
    #expect(PromptFormat.utc(1_582_934_400_000) == "2020-02-29T00:00:00Z")
    #expect(PromptFormat.utc(1_609_459_199_999) == "2020-12-31T23:59:59Z")
    #expect(PromptFormat.utc(-1_000) == "1969-12-31T23:59:59Z")
}

@Test func formatsReadingsWithFixedDecimals() {
    #expect(PromptFormat.fixed(-3.14159, 3) == "-3.142")
    #expect(PromptFormat.fixed(2.5, 0) == "3")
    #expect(PromptFormat.fixed(61234.5, 2) == "61234.50")
    #expect(PromptFormat.fixed(.nan, 2) == "n/a")
    #expect(PromptFormat.signed(12.4, 2) == "+12.40")
    #expect(PromptFormat.signed(-0.5, 1) == "-0.5")
}

@Test func showsPricesToAboutSevenSignificantDigits() {
    #expect(PromptFormat.priceDecimals(61_000) == 2)
    #expect(PromptFormat.priceDecimals(150) == 4)
    #expect(PromptFormat.priceDecimals(1.5) == 6)
    #expect(PromptFormat.priceDecimals(0.5) == 7)
    #expect(PromptFormat.priceDecimals(0.08) == 8)
    #expect(PromptFormat.price(0.123456789) == "0.1234568")
}
