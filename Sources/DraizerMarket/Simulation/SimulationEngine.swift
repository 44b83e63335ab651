import DraizerCore
import Foundation

/// The price process behind `SimulatedMarket`, minute by minute from a seed.
///
/// Each symbol follows one-minute log returns with:
/// - GARCH(1,1) volatility (`σ²ₜ = ω + α·ε²ₜ₋₁ + β·σ²ₜ₋₁`), so calm and wild stretches cluster as in real data;
/// - a hidden regime (range, up-trend, down-trend, turbulence) that switches as a Markov chain and sets the
///   drift, a volatility multiplier and, in ranges, a pull back towards where the range began;
/// - occasional 2.5× shocks for fat tails, and a shared market factor that correlates the symbols;
/// - volume that rises with volatility and the size of the move, with an intraday rhythm.
///
/// Inside a minute the price moves in twelve 5-second steps along a Brownian bridge from the open to the
/// close, plus a wick above and below; live ticks walk these steps, so live data and history agree exactly.
/// Prices are rounded to the symbol's tick and volumes floored to its lot step.
struct SimulationEngine {
    static let stepsPerMinute = 12
    static let stepMilliseconds: Int64 = 5_000
    static let minute: Int64 = 60_000

    /// Open time of the first simulated minute.
    let origin: Int64
    private(set) var series: [Series]
    /// Open time of the next minute to generate; every minute before it exists.
    private(set) var nextOpenTime: Int64
    private var marketRandom: SeededGenerator

    init(seed: UInt64, symbols: [SimulatedSymbol], origin: Int64) {
        self.origin = CandleInterval.oneMinute.openTime(containing: origin)
        self.nextOpenTime = self.origin
        self.marketRandom = SeededGenerator(seed: seed)
        self.series = symbols.map { Series(spec: $0, seed: seed) }
    }

    /// Generates every minute that has opened by `now`.
    mutating func advance(to now: Int64) {
        while nextOpenTime <= now {
            let marketShock = marketRandom.normal()
            for index in series.indices {
                series[index].generateMinute(openTime: nextOpenTime, marketShock: marketShock)
            }
            nextOpenTime += Self.minute
        }
    }

    func seriesIndex(of symbol: Symbol) -> Int? { series.firstIndex { $0.spec.symbol == symbol } }

    enum Regime: CaseIterable {
        case range, upTrend, downTrend, turbulence

        /// Drift per minute, in units of the symbol's long-run minute volatility.
        var drift: Double {
            switch self {
            case .range, .turbulence: 0
            case .upTrend: 0.04
            case .downTrend: -0.05
            }
        }

        var volatilityMultiplier: Double {
            switch self {
            case .range: 0.85
            case .upTrend: 1.1
            case .downTrend: 1.25
            case .turbulence: 2.0
            }
        }

        /// Mean length in minutes.
        var meanDuration: Double {
            switch self {
            case .range: 360
            case .upTrend, .downTrend: 240
            case .turbulence: 45
            }
        }

        /// The next regime for a uniform draw `u` in [0, 1).
        func successor(_ u: Double) -> Regime {
            switch self {
            case .range: u < 0.35 ? .upTrend : u < 0.7 ? .downTrend : .turbulence
            case .upTrend: u < 0.7 ? .range : u < 0.85 ? .turbulence : .downTrend
            case .downTrend: u < 0.7 ? .range : u < 0.85 ? .turbulence : .upTrend
            case .turbulence: u < 0.5 ? .range : u < 0.75 ? .upTrend : .downTrend
            }
        }
    }

    /// The steps of one minute: `prices[0]` is the open, `prices[k]` the price after step k, `prices[12]`
    /// the close; each wick is attached to one step and revealed with it.
    struct MinutePath {
        let openTime: Int64
        let prices: [Price]
        let wickHigh: (step: Int, price: Price)
        let wickLow: (step: Int, price: Price)
        let volume: Quantity
        let volumeStep: Quantity

        /// The last price during step `step` (0…11).
        func price(atStep step: Int) -> Price { prices[step] }

        /// The bar as it stands during step `step` (0…11), or complete for `step` 12.
        func candle(throughStep step: Int) -> Candle {
            let revealed = prices[0...step]
            var high = revealed.max()!, low = revealed.min()!
            if wickHigh.step <= step { high = max(high, wickHigh.price) }
            if wickLow.step <= step { low = min(low, wickLow.price) }
            let share = Quantity(units: volume.units * Int64(step + 1) / Int64(SimulationEngine.stepsPerMinute))
            let partialVolume = step == SimulationEngine.stepsPerMinute ? volume : share.floored(toMultipleOf: volumeStep)
            // High and low are extremes of a set that contains the open and the close.
            return try! Candle(
                openTime: openTime, open: prices[0], high: high, low: low, close: prices[step], volume: partialVolume)
        }

        var candle: Candle { candle(throughStep: SimulationEngine.stepsPerMinute) }
    }

    struct Series {
        let spec: SimulatedSymbol
        /// Every generated minute's final bar, oldest first; the last one is the minute in progress.
        private(set) var candles: [Candle] = []
        /// The steps of the last generated minute.
        private(set) var current: MinutePath?
        private var random: SeededGenerator
        private var regime = Regime.range
        private var variance: Double
        private var closeTicks: Int64
        private var rangeAnchor: Double
        private let tick: Double
        private let volumeStep: Quantity

        init(spec: SimulatedSymbol, seed: UInt64) {
            self.spec = spec
            self.random = SeededGenerator(seed: seed ^ SeededGenerator.stableHash(spec.symbol.rawValue))
            self.variance = spec.minuteVolatility * spec.minuteVolatility
            let tickUnits = spec.info.filters.price.tickSize.units > 0 ? spec.info.filters.price.tickSize.units : 1
            self.tick = Double(tickUnits) / Double(FixedPoint.scale)
            self.closeTicks = max(1, spec.startPrice.units / tickUnits)
            self.rangeAnchor = log(spec.startPrice.doubleValue)
            let step = spec.info.filters.lotSize.stepSize
            self.volumeStep = step.isZero ? Quantity(units: 1) : step
        }

        private var tickUnits: Int64 { Int64((tick * Double(FixedPoint.scale)).rounded()) }

        private func price(ticks: Int64) -> Price { Price(units: max(1, ticks) * tickUnits) }

        private func ticks(_ price: Double) -> Int64 { max(1, Int64((price / tick).rounded())) }

        mutating func generateMinute(openTime: Int64, marketShock: Double) {
            let meanVolatility = spec.minuteVolatility
            // Regime switch: leave the current one with probability 1 / mean duration.
            if random.uniform() < 1 / regime.meanDuration {
                regime = regime.successor(random.uniform())
                if regime == .range { rangeAnchor = log(Double(closeTicks) * tick) }
            }
            // Shock: market factor plus own noise, occasionally 2.5× (variance kept at 1 on average).
            let rho = spec.marketCorrelation
            let own = random.normal()
            let jump = random.uniform() < 0.05 ? 2.5 : 1.0
            let z = (rho * marketShock + (1 - rho * rho).squareRoot() * own) * jump / 1.2625.squareRoot()
            let sigma = variance.squareRoot()
            let baseShock = sigma * z
            let multiplier = regime.volatilityMultiplier
            let openPrice = Double(closeTicks) * tick
            var drift = regime.drift * meanVolatility
            if regime == .range { drift -= 0.003 * (log(openPrice) - rangeAnchor) }
            let logReturn = min(max(drift + multiplier * baseShock, -0.1), 0.1)
            // GARCH(1,1) on the regime-free shock, so regimes and clustering do not compound.
            let alpha = 0.08, beta = 0.9
            variance = meanVolatility * meanVolatility * (1 - alpha - beta) + alpha * baseShock * baseShock
                + beta * variance

            // Brownian bridge from open to close in twelve steps.
            let steps = SimulationEngine.stepsPerMinute
            let stepSigma = multiplier * sigma * jump / (Double(steps) * 1.2625).squareRoot()
            var walk = [0.0]
            for _ in 0..<steps { walk.append(walk.last! + random.normal()) }
            var priceTicks: [Int64] = [closeTicks]
            for k in 1...steps {
                let fraction = Double(k) / Double(steps)
                let bridge = walk[k] - fraction * walk[steps]
                priceTicks.append(ticks(openPrice * exp(logReturn * fraction + stepSigma * bridge)))
            }
            priceTicks[steps] = ticks(openPrice * exp(logReturn))
            let highStep = 1 + Int(random.uniform() * Double(steps))
            let lowStep = 1 + Int(random.uniform() * Double(steps))
            let highTicks = max(priceTicks[highStep],
                                ticks(Double(priceTicks[highStep]) * tick * exp(abs(random.normal()) * stepSigma * 0.6)))
            let lowTicks = min(priceTicks[lowStep],
                               ticks(Double(priceTicks[lowStep]) * tick * exp(-abs(random.normal()) * stepSigma * 0.6)))

            // Volume follows volatility and the size of the move, busiest mid-afternoon UTC.
            let activity = 0.3 + 0.35 * multiplier * sigma / meanVolatility
                + 0.35 * abs(logReturn) / (0.8 * meanVolatility)
            let minuteOfDay = Double((openTime / SimulationEngine.minute) % 1440)
            let season = 1 + 0.25 * sin(2 * Double.pi * (minuteOfDay / 1440 - 0.375))
            let volume = spec.meanMinuteVolume * activity * season * exp(0.5 * random.normal() - 0.125)
            let volumeUnits = Int64(min(volume, 1e9) * Double(FixedPoint.scale))
            let volumeQuantity = Quantity(units: volumeUnits).floored(toMultipleOf: volumeStep)

            let path = MinutePath(
                openTime: openTime, prices: priceTicks.map(price(ticks:)),
                wickHigh: (highStep, price(ticks: highTicks)), wickLow: (lowStep, price(ticks: lowTicks)),
                volume: volumeQuantity, volumeStep: volumeStep)
            closeTicks = priceTicks[steps]
            current = path
            candles.append(path.candle)
        }
    }
}
