import DraizerCore

/// What a model charges per million tokens, in USD. Cache hits are prompt tokens the provider served from
/// its context cache; output tokens include any chain of thought.
public struct ModelPricing: Sendable, Hashable {
    public let cacheHitPerMillion: Money
    public let cacheMissPerMillion: Money
    public let outputPerMillion: Money

    public init(cacheHitPerMillion: Money, cacheMissPerMillion: Money, outputPerMillion: Money) {
        self.cacheHitPerMillion = cacheHitPerMillion
        self.cacheMissPerMillion = cacheMissPerMillion
        self.outputPerMillion = outputPerMillion
    }

    /// `hit × hit price + miss × miss price + completion × output price`, per million, computed exactly and
    /// rounded up once to 10⁻⁸ USD so the bill is never understated.
    public func cost(of usage: TokenUsage) -> Money {
        let microUnits = Int128(usage.cacheHitTokens) * Int128(cacheHitPerMillion.units)
            + Int128(usage.cacheMissTokens) * Int128(cacheMissPerMillion.units)
            + Int128(usage.completionTokens) * Int128(outputPerMillion.units)
        let units = FixedPoint.divide(microUnits, by: 1_000_000, rounding: .up)
        return Money(units: Int64(units))
    }
}

/// Prices by model ID. Prices change often: configure them, and re-check the defaults before relying on
/// the recorded costs.
public struct PriceTable: Sendable, Hashable {
    public var prices: [String: ModelPricing]

    public init(_ prices: [String: ModelPricing]) { self.prices = prices }

    public subscript(model: String) -> ModelPricing? { prices[model] }

    /// DeepSeek's V4 list prices per million tokens, as summarised in the project's DeepSeek reference
    /// (`/work/shared/reference/deepseek-api.md` §8, from third-party copies of the official pricing page,
    /// tokenmix.ai checked 2026-04-30 and factquire.com 2026-07-04):
    /// - `deepseek-v4-flash`: 0.0028 cache hit, 0.14 cache miss, 0.28 output;
    /// - `deepseek-v4-pro`: 0.0145 cache hit, 1.74 cache miss, 3.48 output (list prices; a 75 % promotion
    ///   was still shown in July 2026, so real bills may be lower: the record errs on the high side).
    /// The retired aliases `deepseek-chat` and `deepseek-reasoner` are not listed: they fail since
    /// 2026-07-24, and an unlisted model records no cost rather than a wrong one.
    public static let deepSeekV4 = PriceTable([
        "deepseek-v4-flash": ModelPricing(
            cacheHitPerMillion: try! Money("0.0028"), cacheMissPerMillion: try! Money("0.14"),
            outputPerMillion: try! Money("0.28")),
        "deepseek-v4-pro": ModelPricing(
            cacheHitPerMillion: try! Money("0.0145"), cacheMissPerMillion: try! Money("1.74"),
            outputPerMillion: try! Money("3.48")),
    ])
}
