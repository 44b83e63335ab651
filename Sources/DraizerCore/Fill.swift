/// An executed trade as the venue reports it: what the ledger books. Paper execution computes the amounts;
/// a live venue would report its own, which is why the quote amount is stored rather than derived.
public struct Fill: Sendable, Hashable, Codable {
    public let symbol: Symbol
    public let side: OrderSide
    public let quantity: Quantity
    public let price: Price
    /// `price × quantity` before fees, rounded against the user (up for buys, down for sells).
    public let quoteAmount: Money
    public let fee: Money
    public let feeAsset: Asset

    public init(
        symbol: Symbol, side: OrderSide, quantity: Quantity, price: Price, quoteAmount: Money, fee: Money,
        feeAsset: Asset
    ) {
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.quoteAmount = quoteAmount
        self.fee = fee
        self.feeAsset = feeAsset
    }

    /// The change to cash: `−(quote amount + fee)` for a buy, `quote amount − fee` for a sell.
    public var cashDelta: Money {
        switch side {
        case .buy: -(quoteAmount + fee)
        case .sell: quoteAmount - fee
        }
    }

    enum CodingKeys: String, CodingKey {
        case symbol, side, quantity, price
        case quoteAmount = "quote_amount"
        case fee
        case feeAsset = "fee_asset"
    }
}
