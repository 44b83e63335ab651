/// The guardrails a user sets for a bot. `RiskPolicy` enforces them after every decision and before any
/// order; the decision engine is also shown them so it can stay inside.
public struct RiskLimits: Sendable, Hashable {
    /// The most the position in the decided symbol may be worth, as a share of equity (`0.25` is 25 %).
    public let maxPositionShare: Ratio
    /// The most one buy may spend, in the quote currency.
    public let maxOrderAmount: Money
    /// Decisions below this confidence (0–100) are not acted on.
    public let minConfidence: Int
    /// The least time between two trades of the bot, in milliseconds; zero for none.
    public let cooldownMilliseconds: Int64
    /// The loss, as a share of the equity the day started with, at which the bot stops buying until the
    /// next UTC day; nil for no limit. Sells, which reduce risk, stay allowed.
    public let maxDailyLossShare: Ratio?
    /// Whether a buy must carry a stop-loss.
    public let requireStopLoss: Bool

    public enum Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        case positionShareOutOfRange(Ratio)
        case orderAmountNotPositive(Money)
        case confidenceOutOfRange(Int)
        case negativeCooldown(Int64)
        case dailyLossShareOutOfRange(Ratio)

        public var description: String {
            switch self {
            case .positionShareOutOfRange(let r): "max position share \(r) must be above 0 and at most 1"
            case .orderAmountNotPositive(let m): "max order amount \(m) must be positive"
            case .confidenceOutOfRange(let c): "minimum confidence \(c) must be within 0...100"
            case .negativeCooldown(let ms): "cooldown \(ms) ms must not be negative"
            case .dailyLossShareOutOfRange(let r): "max daily loss share \(r) must be above 0 and at most 1"
            }
        }
    }

    public init(
        maxPositionShare: Ratio, maxOrderAmount: Money, minConfidence: Int, cooldownMilliseconds: Int64,
        maxDailyLossShare: Ratio?, requireStopLoss: Bool = true
    ) throws(Invalid) {
        guard maxPositionShare > .zero, maxPositionShare <= .one else {
            throw .positionShareOutOfRange(maxPositionShare)
        }
        guard maxOrderAmount.isPositive else { throw .orderAmountNotPositive(maxOrderAmount) }
        guard Decision.confidenceRange.contains(minConfidence) else { throw .confidenceOutOfRange(minConfidence) }
        guard cooldownMilliseconds >= 0 else { throw .negativeCooldown(cooldownMilliseconds) }
        if let share = maxDailyLossShare, share <= .zero || share > .one {
            throw .dailyLossShareOutOfRange(share)
        }
        self.maxPositionShare = maxPositionShare
        self.maxOrderAmount = maxOrderAmount
        self.minConfidence = minConfidence
        self.cooldownMilliseconds = cooldownMilliseconds
        self.maxDailyLossShare = maxDailyLossShare
        self.requireStopLoss = requireStopLoss
    }

    /// Cautious defaults for a new bot: at most 25 % of equity in the position, 1 000 USD per order,
    /// confidence 60 or more, 30 minutes between trades, and a pause after losing 3 % in a day.
    public static let standard = try! RiskLimits(
        maxPositionShare: Ratio(basisPoints: 2_500), maxOrderAmount: Money(1_000), minConfidence: 60,
        cooldownMilliseconds: 30 * 60_000, maxDailyLossShare: Ratio(basisPoints: 300))
}
