/// Holdings of one symbol: quantity, average entry price, cost basis and the P&L its sells realized.
///
/// A closed position (zero quantity) keeps its realized P&L, matching the `positions` table where a closed
/// row stays with quantity 0; its entry price and cost basis reset to zero.
public struct PositionState: Sendable, Hashable {
    public let symbol: Symbol
    public private(set) var quantity: Quantity
    /// Volume-weighted fill price of the open quantity, fees excluded; informational (P&L uses `costBasis`).
    public private(set) var averageEntryPrice: Price
    /// What the open quantity cost: buy quote amounts plus buy fees, less the share released by sells.
    public private(set) var costBasis: Money
    /// Sum of the realized P&L of every sell of this symbol, net of all fees.
    public private(set) var realizedPnL: Money

    /// A position that holds nothing and has realized nothing yet.
    public init(symbol: Symbol) {
        self.symbol = symbol
        self.quantity = .zero
        self.averageEntryPrice = .zero
        self.costBasis = .zero
        self.realizedPnL = .zero
    }

    /// Restores a position booked earlier, checking the ledger's invariants.
    public init(
        symbol: Symbol, quantity: Quantity, averageEntryPrice: Price, costBasis: Money, realizedPnL: Money
    ) throws(LedgerError) {
        guard !costBasis.isNegative else { throw .invalidState("\(symbol) has a negative cost basis") }
        guard !quantity.isZero || (costBasis.isZero && averageEntryPrice.isZero) else {
            throw .invalidState("closed \(symbol) position has a cost basis or entry price")
        }
        self.symbol = symbol
        self.quantity = quantity
        self.averageEntryPrice = averageEntryPrice
        self.costBasis = costBasis
        self.realizedPnL = realizedPnL
    }

    /// Whether any quantity is held; a position that sold everything is closed but keeps its realized P&L.
    public var isOpen: Bool { !quantity.isZero }

    /// What the position would fetch at `price` before fees, rounded down (as a sell's proceeds are).
    public func marketValue(at price: Price) -> Money {
        price.notional(of: quantity, rounding: .down)
    }

    /// `marketValue(at:) − costBasis`: buy fees are already in the basis; the fee a future sell would pay
    /// is not deducted, so that `equity − initial cash == realized + unrealized` holds exactly.
    public func unrealizedPnL(at price: Price) -> Money {
        marketValue(at: price) - costBasis
    }

    /// Books a buy. The new average weights the OLD quantity at the old average and the fill at its price:
    /// `(oldQty × oldAvg + fillQty × fillPrice) / (oldQty + fillQty)`, rounded half-up once (it is for
    /// display; no money is derived from it).
    mutating func book(buy fill: Fill) {
        let newQuantity = quantity + fill.quantity
        let weighted = Int128(quantity.units) * Int128(averageEntryPrice.units)
            + Int128(fill.quantity.units) * Int128(fill.price.units)
        let average = FixedPoint.divide(weighted, by: Int128(newQuantity.units), rounding: .halfUp)
        averageEntryPrice = Price(units: Int64(average))
        quantity = newQuantity
        costBasis += fill.quoteAmount + fill.fee
    }

    /// Books a sell and returns its realized P&L: proceeds − sell fee − the sold share of the cost basis.
    ///
    /// The share is `costBasis × sold / held` rounded UP, so realized profit is never overstated by a
    /// rounding error; the remainder stays in the basis, and a sell that closes the position releases all
    /// of it, so across a position's life the basis released equals the basis booked, to the unit.
    mutating func book(sell fill: Fill) -> Money {
        precondition(fill.quantity <= quantity, "the ledger checks holdings before booking a sell")
        let released = fill.quantity == quantity
            ? costBasis
            : Money(units: FixedPoint.multiplyDivide(
                costBasis.units, fill.quantity.units, quantity.units, rounding: .up))
        let realized = fill.quoteAmount - fill.fee - released
        quantity -= fill.quantity
        costBasis -= released
        if quantity.isZero { averageEntryPrice = .zero }
        realizedPnL += realized
        return realized
    }
}
