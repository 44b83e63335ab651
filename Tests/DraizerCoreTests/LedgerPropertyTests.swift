import DraizerCore
import Testing

// Random sequences of orders at random prices, replayed exactly from their seed. The identities are
// checked to the 10⁻⁸ unit after every fill:
//   cash   == initial − Σ(buy quote amount + fee) + Σ(sell quote amount − fee)
//   held   == Σ buy quantity − Σ sell quantity, per symbol
//   cash   >= 0
//   equity − initial == realized + unrealized, with unrealized = market value − cost basis (buy fees
//   included) and market value = Σ quantity × mark rounded down, the same value equity uses.

private struct Tally {
    var spent = Money.zero
    var received = Money.zero
    var held: [Symbol: Int64] = [:]
    var fills: [Fill] = []

    mutating func record(_ fill: Fill) {
        switch fill.side {
        case .buy:
            spent += fill.quoteAmount + fill.fee
            held[fill.symbol, default: 0] += fill.quantity.units
        case .sell:
            received += fill.quoteAmount - fill.fee
            held[fill.symbol, default: 0] -= fill.quantity.units
        }
        fills.append(fill)
    }
}

private func expectIdentities(
    _ portfolio: PortfolioState, _ tally: Tally, marks: [Symbol: Price],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let initial = portfolio.initialCash
    #expect(portfolio.cash == initial - tally.spent + tally.received, sourceLocation: sourceLocation)
    #expect(!portfolio.cash.isNegative, sourceLocation: sourceLocation)
    for (symbol, units) in tally.held {
        #expect(portfolio.position(symbol).quantity.units == units, sourceLocation: sourceLocation)
    }
    guard let equity = portfolio.equity(marks: marks), let unrealized = portfolio.unrealizedPnL(marks: marks) else {
        Issue.record("every traded symbol has a mark", sourceLocation: sourceLocation)
        return
    }
    #expect(equity - initial == portfolio.realizedPnL + unrealized, sourceLocation: sourceLocation)
}

/// A random count of 10⁻⁸ units between zero and `limit`.
private func randomUnits(upTo limit: Int64, using rng: inout SplitMix64) -> Int64 {
    limit <= 0 ? 0 : Int64.random(in: 0...limit, using: &rng)
}

private func randomOrder(
    _ symbol: Symbol, at reference: Price, portfolio: PortfolioState, using rng: inout SplitMix64
) -> OrderRequest {
    let cash = portfolio.cash.units
    let held = portfolio.position(symbol).quantity
    // Up to 120 % of what is affordable or held, so over-asking is exercised as well.
    let affordable = FixedPoint.multiplyDivide(max(cash, 1), FixedPoint.scale, reference.units, rounding: .down)
    switch Int.random(in: 0..<6, using: &rng) {
    case 0:
        return .buy(symbol, spending: Money(units: randomUnits(upTo: cash * 6 / 5, using: &rng)))
    case 1:
        return .buy(symbol, spending: portfolio.cash)
    case 2:
        return .buy(symbol, quantity: Quantity(units: randomUnits(upTo: affordable * 6 / 5, using: &rng)))
    case 3:
        return .sell(symbol, quantity: held)
    case 4:
        return .sell(symbol, quantity: Quantity(units: randomUnits(upTo: held.units * 6 / 5, using: &rng)))
    default:
        let worth = reference.notional(of: held, rounding: .down).units
        return .sell(symbol, worth: Money(units: randomUnits(upTo: worth * 6 / 5, using: &rng)))
    }
}

@Test(arguments: 0..<300 as Range<UInt64>)
func randomTradingKeepsTheLedgerExact(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    let infos = [btcusdt: btcInfo(), dogeusdt: dogeInfo()]
    var marks = [btcusdt: price("30000"), dogeusdt: price("0.1")]
    let engine = PaperExecution(
        fees: FeeModel(basisPoints: .random(in: 0...30, using: &rng)),
        slippage: SlippageModel(basisPoints: .random(in: 0...20, using: &rng)),
        maxPriceAgeMilliseconds: 60_000)
    var portfolio = PortfolioState(initialCash: Money(Int.random(in: 50...50_000, using: &rng)))
    var tally = Tally()

    for _ in 0..<60 {
        let symbol = Bool.random(using: &rng) ? btcusdt : dogeusdt
        let filters = infos[symbol]!.filters
        // A random walk of up to ±5 % a step, kept on the tick and within the price filter.
        let move = Int64.random(in: -500...500, using: &rng)
        let walked = Price(
            units: FixedPoint.multiplyDivide(marks[symbol]!.units, 10_000 + move, 10_000, rounding: .down))
        let reference = max(filters.roundedPrice(walked, rounding: .down), filters.price.minPrice)
        marks[symbol] = reference

        let order = randomOrder(symbol, at: reference, portfolio: portfolio, using: &rng)
        let result = engine.execute(
            order, info: infos[symbol], price: ReferencePrice(price: reference, observedAt: 0), now: 0,
            portfolio: portfolio)
        guard case .success(let filled) = result else { continue }

        #expect(filters.check(quantity: filled.quantity, price: filled.price) == nil)
        #expect(filled.side == .buy ? filled.price >= reference : filled.price <= reference)
        if case .quoteAmount(let amount) = order.size, order.side == .buy {
            #expect(filled.quoteAmount + filled.fee <= amount)
        }
        try portfolio.apply(filled)
        tally.record(filled)
        expectIdentities(portfolio, tally, marks: marks)
    }

    let replayed = try PortfolioStatistics.replaying(
        tally.fills, initialCash: portfolio.initialCash, marks: marks, equityCurve: [])
    #expect(replayed == PortfolioStatistics(portfolio: portfolio, marks: marks, equityCurve: []))
}

@Test(arguments: 0..<200 as Range<UInt64>)
func ledgerNeverGoesNegativeOnArbitraryFills(seed: UInt64) {
    // Fills straight into the ledger, with amounts no execution would produce (quote amounts unrelated to
    // price × quantity, large fees): the ledger must book the valid ones exactly and refuse the rest whole.
    var rng = SplitMix64(seed: seed)
    var portfolio = PortfolioState(initialCash: Money(Int.random(in: 0...1_000, using: &rng)))
    var tally = Tally()
    var marks: [Symbol: Price] = [:]

    for _ in 0..<80 {
        let symbol = Bool.random(using: &rng) ? btcusdt : dogeusdt
        let side: OrderSide = Bool.random(using: &rng) ? .buy : .sell
        let held = portfolio.position(symbol).quantity.units
        let quantityUnits = side == .sell && held > 0 && Bool.random(using: &rng)
            ? Int64.random(in: 1...held, using: &rng)
            : Int64.random(in: 1...300_000_000, using: &rng)
        let fillPrice = Price(units: .random(in: 1...50_000_000_000, using: &rng))
        let quoteAmount = Money(units: .random(in: 0...100_000_000_000, using: &rng))
        let fee = Money(units: .random(in: 0...quoteAmount.units / 100 + 1, using: &rng))
        let candidate = Fill(
            symbol: symbol, side: side, quantity: Quantity(units: quantityUnits), price: fillPrice,
            quoteAmount: quoteAmount, fee: fee, feeAsset: .usdt)
        marks[symbol] = fillPrice

        let bookable = !(portfolio.cash + candidate.cashDelta).isNegative && (side == .buy || quantityUnits <= held)
        let before = portfolio
        do {
            try portfolio.apply(candidate)
            #expect(bookable)
            tally.record(candidate)
        } catch {
            #expect(!bookable)
            #expect(portfolio == before)
        }
        expectIdentities(portfolio, tally, marks: marks)
    }
}
