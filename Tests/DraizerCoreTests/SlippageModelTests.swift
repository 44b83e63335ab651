import DraizerCore
import Testing

@Test func buySlipsAboveReferenceAndSellBelow() {
    let slippage = SlippageModel(basisPoints: 5)
    let tick = price("0.01")
    #expect(slippage.fillPrice(for: .buy, reference: price("30000"), tickSize: tick) == price("30015"))
    #expect(slippage.fillPrice(for: .sell, reference: price("30000"), tickSize: tick) == price("29985"))
}

@Test func slippedPriceRoundsAgainstTheUserOntoTheTick() {
    // 100.01 × 1.0005 = 100.060005 → 100.07; 100.01 × 0.9995 = 99.959995 → 99.95
    let slippage = SlippageModel(basisPoints: 5)
    let tick = price("0.01")
    #expect(slippage.fillPrice(for: .buy, reference: price("100.01"), tickSize: tick) == price("100.07"))
    #expect(slippage.fillPrice(for: .sell, reference: price("100.01"), tickSize: tick) == price("99.95"))
}

@Test func noSlippageStillRoundsOffTickReferenceAgainstTheUser() {
    let tick = price("0.01")
    #expect(SlippageModel.none.fillPrice(for: .buy, reference: price("100.005"), tickSize: tick) == price("100.01"))
    #expect(SlippageModel.none.fillPrice(for: .sell, reference: price("100.005"), tickSize: tick) == price("100"))
}
