/// How a long position is meant to end: a price that proves the idea wrong, a price that banks it, and the
/// condition, in words, under which the idea no longer holds.
///
/// Both prices protect a long (spot has no shorts), so when both are given the stop-loss is below the
/// take-profit. Whether they sit on the right side of the current price is checked where that price is
/// known: by the answer parser and by `RiskPolicy`.
public struct ExitPlan: Sendable, Hashable {
    /// Sell everything when the price falls to or below this.
    public let stopLoss: Price?
    /// Sell everything when the price rises to or above this.
    public let takeProfit: Price?
    /// What would invalidate the trade, for the user and for the next decision (e.g. "a 4h close below the
    /// EMA50").
    public let invalidation: String

    public enum Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        case stopLossNotBelowTakeProfit(stopLoss: Price, takeProfit: Price)
        case zeroPrice

        public var description: String {
            switch self {
            case .stopLossNotBelowTakeProfit(let stop, let take):
                "stop-loss \(stop) must be below take-profit \(take)"
            case .zeroPrice:
                "exit prices must be above zero"
            }
        }
    }

    public init(stopLoss: Price?, takeProfit: Price?, invalidation: String) throws(Invalid) {
        if stopLoss?.isZero == true || takeProfit?.isZero == true { throw .zeroPrice }
        if let stopLoss, let takeProfit, stopLoss >= takeProfit {
            throw .stopLossNotBelowTakeProfit(stopLoss: stopLoss, takeProfit: takeProfit)
        }
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.invalidation = invalidation
    }

    /// No exit prices and no condition: what a HOLD without a position carries.
    public static let none = try! ExitPlan(stopLoss: nil, takeProfit: nil, invalidation: "")

    /// Whether the plan protects a long at `price`: every given stop-loss is below it and every given
    /// take-profit above it. A plan on the wrong side would fire on the next tick.
    public func isConsistent(withLongAt price: Price) -> Bool {
        (stopLoss.map { $0 < price } ?? true) && (takeProfit.map { $0 > price } ?? true)
    }
}
