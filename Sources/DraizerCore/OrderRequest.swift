/// A market order as a user or the bot asks for it, before any exchange rule is applied.
public struct OrderRequest: Sendable, Hashable {
    /// How much to trade: a quote amount (`spend 100 USDT`, `sell 100 USDT worth`) or a base quantity.
    public enum Size: Sendable, Hashable {
        /// For a buy, the most cash that may leave the account, fee included; for a sell, the most the
        /// sale may be worth before its fee.
        case quoteAmount(Money)
        /// Base-asset quantity, floored to the lot step before execution.
        case quantity(Quantity)
    }

    public let side: OrderSide
    public let symbol: Symbol
    public let size: Size

    public init(side: OrderSide, symbol: Symbol, size: Size) {
        self.side = side
        self.symbol = symbol
        self.size = size
    }

    /// Buy as much as `amount` pays for, fee included.
    public static func buy(_ symbol: Symbol, spending amount: Money) -> OrderRequest {
        OrderRequest(side: .buy, symbol: symbol, size: .quoteAmount(amount))
    }

    /// Buy `quantity` of the base asset, floored to the lot step.
    public static func buy(_ symbol: Symbol, quantity: Quantity) -> OrderRequest {
        OrderRequest(side: .buy, symbol: symbol, size: .quantity(quantity))
    }

    /// Sell. To close a position pass the held quantity: it is floored to the lot step, and the dust
    /// below one step stays in the position because the exchange could not sell it either.
    public static func sell(_ symbol: Symbol, quantity: Quantity) -> OrderRequest {
        OrderRequest(side: .sell, symbol: symbol, size: .quantity(quantity))
    }

    /// Sell as much as is worth at most `amount` at the fill price.
    public static func sell(_ symbol: Symbol, worth amount: Money) -> OrderRequest {
        OrderRequest(side: .sell, symbol: symbol, size: .quoteAmount(amount))
    }
}
