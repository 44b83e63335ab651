/// What booking one fill did, for the transaction history.
public struct LedgerEntry: Sendable, Hashable {
    /// The fill as booked.
    public let fill: Fill
    /// The sell's realized P&L net of all fees; nil for a buy.
    public let realizedPnL: Money?
    /// Cash once the fill is booked.
    public let cashAfter: Money
}
