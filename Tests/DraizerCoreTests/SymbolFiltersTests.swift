import DraizerCore
import Testing

@Test func filtersParseFromExchangeDecimalStrings() throws {
    let lot = try LotSizeFilter(minQuantity: "0.00001000", maxQuantity: "9000.00000000", stepSize: "0.00001000")
    #expect(lot.stepSize == quantity("0.00001"))
    #expect(lot.maxQuantity == quantity("9000"))
}

@Test func filterParsingNamesTheBadField() {
    #expect(throws: SymbolFilters.Invalid.number(field: "tickSize", .invalidCharacter("abc"))) {
        try PriceFilter(minPrice: "0.01", maxPrice: "100", tickSize: "abc")
    }
}

@Test func filterRejectsMinimumAboveMaximum() {
    #expect(throws: SymbolFilters.Invalid.self) {
        try LotSizeFilter(minQuantity: "10", maxQuantity: "1", stepSize: "1")
    }
}

@Test func filtersFloorQuantityToLotStep() {
    #expect(btcInfo().filters.flooredQuantity(quantity("0.12345678")) == quantity("0.12345"))
}

@Test func filtersRoundPriceToTick() {
    #expect(btcInfo().filters.roundedPrice(price("30000.129"), rounding: .down) == price("30000.12"))
}

@Test func filtersAcceptAValidOrder() {
    #expect(btcInfo().filters.check(quantity: quantity("0.001"), price: price("30000")) == nil)
}

@Test func filtersRejectQuantityOffTheStep() {
    #expect(btcInfo().filters.check(quantity: quantity("0.000015"), price: price("30000"))
        == .quantityNotOnLotStep(quantity: quantity("0.000015"), stepSize: quantity("0.00001")))
}

@Test func filtersRejectPriceOffTheTick() {
    #expect(btcInfo().filters.check(quantity: quantity("0.001"), price: price("30000.005"))
        == .priceNotOnTick(price: price("30000.005"), tickSize: price("0.01")))
}

@Test func filtersRejectBelowMinimumNotional() {
    #expect(btcInfo().filters.check(quantity: quantity("0.0001"), price: price("30000"))
        == .belowMinimumNotional(notional: money("3"), minimum: money("5")))
}

@Test func filtersApplyMarketLotSizeMaximum() {
    // LOT_SIZE allows 9000 BTC, but MARKET_LOT_SIZE caps market orders at 120.
    #expect(btcInfo().filters.check(quantity: quantity("121"), price: price("1"))
        == .quantityAboveMaximum(quantity: quantity("121"), maximum: quantity("120")))
}

@Test func minimumNotionalIgnoredWhenNotAppliedToMarket() throws {
    let filter = try NotionalFilter(minNotional: "10", applyMinToMarket: false)
    #expect(filter.check(quantity: quantity("1"), price: price("1")) == nil)
}

@Test func maximumNotionalAppliesOnlyWhenAskedTo() throws {
    let ignored = try NotionalFilter(minNotional: "0", maxNotional: "100")
    let applied = try NotionalFilter(minNotional: "0", maxNotional: "100", applyMaxToMarket: true)
    #expect(ignored.check(quantity: quantity("2"), price: price("60")) == nil)
    #expect(applied.check(quantity: quantity("2"), price: price("60"))
        == .aboveMaximumNotional(notional: money("120"), maximum: money("100")))
}
