/// Why an order was not filled. Risk checks return one of these instead of throwing (nautilus_trader's
/// `deny_order`): a rejection is an expected outcome the user should read, not a failure of the system.
public enum OrderRejection: Error, Equatable, Sendable, CustomStringConvertible {
    /// The order asked for zero quantity or a zero amount.
    case emptyOrder
    case unknownSymbol(Symbol)
    /// The pair is quoted in an asset other than the account's cash, which a single-currency ledger
    /// cannot pay with (ETHBTC for a USDT account).
    case quoteAssetNotCash(Symbol, quoteAsset: Asset, cashAsset: Asset)
    /// There is no usable price for the symbol (none received yet, or zero).
    case noPrice(Symbol)
    /// The last price is older than the execution accepts.
    case stalePrice(Symbol, ageMilliseconds: Int64, maxAgeMilliseconds: Int64)
    /// The order, fees included, costs more than the cash available.
    case insufficientCash(required: Money, available: Money)
    /// A sell of more than the position holds.
    case insufficientPosition(Symbol, requested: Quantity, held: Quantity)
    /// A sell when no quantity of the symbol is held.
    case nothingToSell(Symbol)
    /// The quantity floors to zero on the lot step.
    case quantityBelowLotStep(requested: Quantity, stepSize: Quantity)
    /// A quote amount too small to buy or sell a single lot step at the fill price.
    case amountBelowLotStep(amount: Money, price: Price, stepSize: Quantity)
    case quantityNotOnLotStep(quantity: Quantity, stepSize: Quantity)
    case quantityBelowMinimum(quantity: Quantity, minimum: Quantity)
    case quantityAboveMaximum(quantity: Quantity, maximum: Quantity)
    case priceBelowMinimum(price: Price, minimum: Price)
    case priceAboveMaximum(price: Price, maximum: Price)
    case priceNotOnTick(price: Price, tickSize: Price)
    case belowMinimumNotional(notional: Money, minimum: Money)
    case aboveMaximumNotional(notional: Money, maximum: Money)

    /// A stable snake_case identifier for APIs and logs; the message may be reworded, the code may not.
    public var code: String {
        switch self {
        case .emptyOrder: "empty_order"
        case .unknownSymbol: "unknown_symbol"
        case .quoteAssetNotCash: "quote_asset_not_cash"
        case .noPrice: "no_price"
        case .stalePrice: "stale_price"
        case .insufficientCash: "insufficient_cash"
        case .insufficientPosition: "insufficient_position"
        case .nothingToSell: "nothing_to_sell"
        case .quantityBelowLotStep: "quantity_below_lot_step"
        case .amountBelowLotStep: "amount_below_lot_step"
        case .quantityNotOnLotStep: "quantity_not_on_lot_step"
        case .quantityBelowMinimum: "quantity_below_minimum"
        case .quantityAboveMaximum: "quantity_above_maximum"
        case .priceBelowMinimum: "price_below_minimum"
        case .priceAboveMaximum: "price_above_maximum"
        case .priceNotOnTick: "price_not_on_tick"
        case .belowMinimumNotional: "below_minimum_notional"
        case .aboveMaximumNotional: "above_maximum_notional"
        }
    }

    /// A sentence a user can act on.
    public var description: String {
        switch self {
        case .emptyOrder:
            "The order size must be greater than zero."
        case .unknownSymbol(let symbol):
            "\(symbol) is not a tradable symbol."
        case .quoteAssetNotCash(let symbol, let quoteAsset, let cashAsset):
            "\(symbol) is priced in \(quoteAsset), but this account holds \(cashAsset); "
                + "only \(cashAsset) pairs can be traded."
        case .noPrice(let symbol):
            "There is no current price for \(symbol) yet; try again in a moment."
        case .stalePrice(let symbol, let age, let maxAge):
            "The last \(symbol) price is \(seconds(age)) s old (the limit is \(seconds(maxAge)) s); "
                + "trading resumes when fresh prices arrive."
        case .insufficientCash(let required, let available):
            "Insufficient cash: this order needs \(required) including fees, but only \(available) is available."
        case .insufficientPosition(let symbol, let requested, let held):
            "Cannot sell \(requested) \(symbol): only \(held) is held."
        case .nothingToSell(let symbol):
            "Nothing to sell: there is no \(symbol) position."
        case .quantityBelowLotStep(let requested, let stepSize):
            "The quantity \(requested) is smaller than one lot step (\(stepSize)); nothing can be traded."
        case .amountBelowLotStep(let amount, let price, let stepSize):
            "An amount of \(amount) does not cover one lot step (\(stepSize)) at the price \(price)."
        case .quantityNotOnLotStep(let quantity, let stepSize):
            "The quantity \(quantity) is not a multiple of the lot step \(stepSize)."
        case .quantityBelowMinimum(let quantity, let minimum):
            "The quantity \(quantity) is below the minimum order quantity \(minimum)."
        case .quantityAboveMaximum(let quantity, let maximum):
            "The quantity \(quantity) is above the maximum order quantity \(maximum)."
        case .priceBelowMinimum(let price, let minimum):
            "The price \(price) is below the symbol's minimum price \(minimum)."
        case .priceAboveMaximum(let price, let maximum):
            "The price \(price) is above the symbol's maximum price \(maximum)."
        case .priceNotOnTick(let price, let tickSize):
            "The price \(price) is not a multiple of the tick size \(tickSize)."
        case .belowMinimumNotional(let notional, let minimum):
            "The order value \(notional) is below the minimum order value \(minimum)."
        case .aboveMaximumNotional(let notional, let maximum):
            "The order value \(notional) is above the maximum order value \(maximum)."
        }
    }

    /// Milliseconds as exact seconds (`60001` → `"60.001"`), so a just-stale price does not read "60 s old
    /// (the limit is 60 s)".
    private func seconds(_ milliseconds: Int64) -> String {
        FixedPoint.canonical(milliseconds * (FixedPoint.scale / 1000))
    }
}
