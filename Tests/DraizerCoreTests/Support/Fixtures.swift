import DraizerCore

// Literal helpers: a typo in a test's number should stop the test run loudly, so they trap.
func money(_ text: String) -> Money { try! Money(text) }
func quantity(_ text: String) -> Quantity { try! Quantity(text) }
func price(_ text: String) -> Price { try! Price(text) }
func symbol(_ text: String) -> Symbol { try! Symbol(text) }
func asset(_ text: String) -> Asset { try! Asset(text) }
func ratio(_ text: String) -> Ratio { try! Ratio(text) }

let btcusdt = symbol("BTCUSDT")
let dogeusdt = symbol("DOGEUSDT")

/// BTCUSDT's filters as Binance listed them: 0.01 tick, 0.00001 step, 5 USDT minimum notional.
func btcInfo(minQuantity: String = "0.00001", maxQuantity: String = "9000", minNotional: String = "5") -> SymbolInfo {
    SymbolInfo(
        symbol: btcusdt, baseAsset: asset("BTC"), quoteAsset: .usdt,
        filters: SymbolFilters(
            price: try! PriceFilter(minPrice: "0.01000000", maxPrice: "1000000.00000000", tickSize: "0.01000000"),
            lotSize: try! LotSizeFilter(minQuantity: minQuantity, maxQuantity: maxQuantity, stepSize: "0.00001000"),
            marketLotSize: try! LotSizeFilter(minQuantity: "0", maxQuantity: "120", stepSize: "0"),
            notional: try! NotionalFilter(minNotional: minNotional, maxNotional: "9000000")))
}

/// DOGEUSDT: a cheap coin with whole-unit lots and a five-decimal tick.
func dogeInfo() -> SymbolInfo {
    SymbolInfo(
        symbol: dogeusdt, baseAsset: asset("DOGE"), quoteAsset: .usdt,
        filters: SymbolFilters(
            price: try! PriceFilter(minPrice: "0.00001", maxPrice: "1000", tickSize: "0.00001"),
            lotSize: try! LotSizeFilter(minQuantity: "1", maxQuantity: "9000000", stepSize: "1"),
            notional: try! NotionalFilter(minNotional: "1")))
}

/// An execution without slippage so hand-computed amounts stay simple; fee 0.1 % unless given.
func execution(feeBasisPoints: Int64 = 10, slippageBasisPoints: Int64 = 0) -> PaperExecution {
    PaperExecution(
        fees: FeeModel(basisPoints: feeBasisPoints), slippage: SlippageModel(basisPoints: slippageBasisPoints),
        maxPriceAgeMilliseconds: 60_000)
}

/// A fresh price observed at time zero; tests execute at `now: 0` unless they test staleness.
func fresh(_ text: String) -> ReferencePrice { ReferencePrice(price: price(text), observedAt: 0) }

/// Builds a fill directly, for ledger tests that do not go through execution.
func fill(
    _ side: OrderSide, _ quantityText: String, at priceText: String, fee feeText: String = "0",
    symbol: Symbol = btcusdt, feeAsset: Asset = .usdt
) -> Fill {
    let q = quantity(quantityText)
    let p = price(priceText)
    return Fill(
        symbol: symbol, side: side, quantity: q, price: p,
        quoteAmount: p.notional(of: q, rounding: side == .buy ? .up : .down), fee: money(feeText), feeAsset: feeAsset)
}

extension Result {
    /// The success value, or nil; keeps `#expect` lines short.
    var value: Success? { try? get() }
    var rejection: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A bar that opened and closed at `close` with the given range; open time counts bars from zero.
func candle(_ index: Int = 0, high: String, low: String, close: String) -> Candle {
    try! Candle(
        openTime: Int64(index) * 60_000, open: price(close), high: price(high), low: price(low), close: price(close),
        volume: Quantity(1))
}

/// A flat bar at `close`, for indicators of the close alone.
func candle(_ index: Int = 0, close: Double) -> Candle {
    let text = String(close)
    return candle(index, high: text, low: text, close: text)
}
