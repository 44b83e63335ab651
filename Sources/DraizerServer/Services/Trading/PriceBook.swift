import DraizerCore

/// What the trading service needs to know about the market: the tradable symbols with their exchange
/// filters, and the latest price of each with the time it was observed (so stale prices never trade).
protocol PriceBook: Sendable {
    func symbolInfo(_ symbol: Symbol) async -> SymbolInfo?
    func latestPrice(_ symbol: Symbol) async -> ReferencePrice?
}
