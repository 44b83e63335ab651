import DraizerCore

/// Binance-like symbol definitions for the sources that have no exchange to ask (simulation, replay).
/// The live source always reads the real filters from `exchangeInfo` instead.
public enum BinanceSymbolPresets {
    /// BTCUSDT with the filters recorded from Binance: 0.01 tick, 0.00001 BTC step, 5 USDT minimum notional.
    public static let btcusdt = SymbolInfo(
        symbol: try! Symbol("BTCUSDT"), baseAsset: try! Asset("BTC"), quoteAsset: .usdt,
        filters: SymbolFilters(
            price: try! PriceFilter(minPrice: "0.01", maxPrice: "1000000", tickSize: "0.01"),
            lotSize: try! LotSizeFilter(minQuantity: "0.00001", maxQuantity: "9000", stepSize: "0.00001"),
            marketLotSize: try! LotSizeFilter(minQuantity: "0", maxQuantity: "119.23", stepSize: "0"),
            notional: try! NotionalFilter(minNotional: "5", maxNotional: "9000000")))

    /// ETHUSDT with Binance-like filters: 0.01 tick, 0.0001 ETH step, 5 USDT minimum notional.
    public static let ethusdt = SymbolInfo(
        symbol: try! Symbol("ETHUSDT"), baseAsset: try! Asset("ETH"), quoteAsset: .usdt,
        filters: SymbolFilters(
            price: try! PriceFilter(minPrice: "0.01", maxPrice: "1000000", tickSize: "0.01"),
            lotSize: try! LotSizeFilter(minQuantity: "0.0001", maxQuantity: "9000", stepSize: "0.0001"),
            marketLotSize: try! LotSizeFilter(minQuantity: "0", maxQuantity: "2000", stepSize: "0"),
            notional: try! NotionalFilter(minNotional: "5", maxNotional: "9000000")))

    /// The preset for `symbol`, or one with no filters for a symbol not listed here, split into base and
    /// quote at a known quote asset (`USDT`, `USDC`, `FDUSD`, `BTC`).
    public static func info(for symbol: Symbol) -> SymbolInfo {
        if symbol == btcusdt.symbol { return btcusdt }
        if symbol == ethusdt.symbol { return ethusdt }
        let name = symbol.rawValue
        for quote in ["USDT", "USDC", "FDUSD", "BTC"] where name.hasSuffix(quote) && name.count > quote.count {
            if let base = try? Asset(name.dropLast(quote.count)), let quoteAsset = try? Asset(quote) {
                return SymbolInfo(symbol: symbol, baseAsset: base, quoteAsset: quoteAsset, filters: .unrestricted)
            }
        }
        return SymbolInfo(symbol: symbol, baseAsset: try! Asset(name), quoteAsset: .usdt, filters: .unrestricted)
    }
}
