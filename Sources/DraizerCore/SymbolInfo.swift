/// What the core needs to know about a tradable pair: its assets and its exchange filters.
public struct SymbolInfo: Sendable, Hashable {
    public let symbol: Symbol
    /// The asset bought and sold (`BTC` in `BTCUSDT`).
    public let baseAsset: Asset
    /// The asset prices, cash and fees are counted in (`USDT` in `BTCUSDT`).
    public let quoteAsset: Asset
    public let filters: SymbolFilters

    public init(symbol: Symbol, baseAsset: Asset, quoteAsset: Asset, filters: SymbolFilters) {
        self.symbol = symbol
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.filters = filters
    }
}
