/// Simulated market execution: turns an order into the fill the exchange would most plausibly give, or
/// into the reason it would refuse. The same code serves backtests and live paper trading; only the prices
/// and the clock fed to it differ.
///
/// Checks run in the order a user can act on them: the order itself, the symbol, the price, holdings,
/// then the exchange filters, then cash. Each returns a rejection rather than throwing.
public struct PaperExecution: Sendable {
    /// Charged on every fill, in the quote currency.
    public var fees: FeeModel
    /// Applied to the reference price, always against the user.
    public var slippage: SlippageModel
    /// A price older than this is stale and the order is rejected rather than filled at a price the market
    /// may have left long ago.
    public var maxPriceAgeMilliseconds: Int64

    /// Defaults: Binance's 0.1 % taker fee, 5 bp of slippage (a cautious figure for liquid majors), and
    /// a minute before a price counts as stale.
    public init(
        fees: FeeModel = .binanceSpotTaker, slippage: SlippageModel = SlippageModel(basisPoints: 5),
        maxPriceAgeMilliseconds: Int64 = 60_000
    ) {
        self.fees = fees
        self.slippage = slippage
        self.maxPriceAgeMilliseconds = maxPriceAgeMilliseconds
    }

    /// Executes `order` against `portfolio` without changing it; book the fill with `PortfolioState.apply`.
    ///
    /// - Parameters:
    ///   - info: the symbol's rules, nil when the symbol is not listed (→ `unknownSymbol`).
    ///   - price: the latest reference price, nil when none has arrived (→ `noPrice`).
    ///   - now: milliseconds since the Unix epoch, from the injected clock.
    ///
    /// Quantities are always floored to the lot step. A quote-amount buy buys the largest quantity whose
    /// cost plus fee fits within the amount: the amount is the most cash that may leave the account, so
    /// "spend all my cash" is `buy(spending: cash)` and cannot overdraw. An amount above the available cash
    /// is rejected rather than silently shrunk, so the user learns why less was bought.
    public func execute(
        _ order: OrderRequest, info: SymbolInfo?, price: ReferencePrice?, now: Int64, portfolio: PortfolioState
    ) -> Result<Fill, OrderRejection> {
        switch order.size {
        case .quoteAmount(let amount) where !amount.isPositive: return .failure(.emptyOrder)
        case .quantity(let quantity) where quantity.isZero: return .failure(.emptyOrder)
        default: break
        }
        guard let info else { return .failure(.unknownSymbol(order.symbol)) }
        precondition(info.symbol == order.symbol, "given \(info.symbol)'s rules for a \(order.symbol) order")
        guard info.quoteAsset == portfolio.cashAsset else {
            return .failure(
                .quoteAssetNotCash(order.symbol, quoteAsset: info.quoteAsset, cashAsset: portfolio.cashAsset))
        }
        guard let price, !price.price.isZero else { return .failure(.noPrice(order.symbol)) }
        let age = now - price.observedAt
        guard age <= maxPriceAgeMilliseconds else {
            return .failure(
                .stalePrice(order.symbol, ageMilliseconds: age, maxAgeMilliseconds: maxPriceAgeMilliseconds))
        }
        let held = portfolio.position(order.symbol).quantity
        if order.side == .sell, held.isZero { return .failure(.nothingToSell(order.symbol)) }

        let filters = info.filters
        let fillPrice = slippage.fillPrice(for: order.side, reference: price.price, tickSize: filters.price.tickSize)
        guard !fillPrice.isZero else {
            // A sell slipped below the smallest tick has no price the exchange would accept.
            let smallest = max(filters.price.minPrice, filters.price.tickSize, Price(units: 1))
            return .failure(.priceBelowMinimum(price: fillPrice, minimum: smallest))
        }

        let quantity: Quantity
        switch orderQuantity(order, at: fillPrice, filters: filters, held: held, cash: portfolio.cash) {
        case .success(let sized): quantity = sized
        case .failure(let rejection): return .failure(rejection)
        }
        if let rejection = filters.check(quantity: quantity, price: fillPrice) { return .failure(rejection) }

        let quoteAmount = fillPrice.notional(of: quantity, rounding: order.side == .buy ? .up : .down)
        let fee = fees.fee(on: quoteAmount)
        if order.side == .buy, quoteAmount + fee > portfolio.cash {
            return .failure(.insufficientCash(required: quoteAmount + fee, available: portfolio.cash))
        }
        return .success(Fill(
            symbol: order.symbol, side: order.side, quantity: quantity, price: fillPrice,
            quoteAmount: quoteAmount, fee: fee, feeAsset: info.quoteAsset))
    }

    /// The quantity `order` asks for at `fillPrice`, floored to the lot step, or why there is none.
    private func orderQuantity(
        _ order: OrderRequest, at fillPrice: Price, filters: SymbolFilters, held: Quantity, cash: Money
    ) -> Result<Quantity, OrderRejection> {
        let stepSize = filters.lotSize.stepSize
        switch (order.side, order.size) {
        case (.buy, .quoteAmount(let amount)):
            guard amount <= cash else { return .failure(.insufficientCash(required: amount, available: cash)) }
            let quantity = largestQuantity(costingAtMost: amount, at: fillPrice, filters: filters)
            guard !quantity.isZero else {
                return .failure(.amountBelowLotStep(amount: amount, price: fillPrice, stepSize: stepSize))
            }
            return .success(quantity)
        case (.sell, .quoteAmount(let amount)):
            // Beyond Quantity's range is certainly more than is held, so saturating keeps the right answer.
            let worth = fillPrice.quantity(worth: amount, rounding: .down) ?? Quantity(units: .max)
            let quantity = filters.flooredQuantity(worth)
            guard !quantity.isZero else {
                return .failure(.amountBelowLotStep(amount: amount, price: fillPrice, stepSize: stepSize))
            }
            guard quantity <= held else {
                return .failure(.insufficientPosition(order.symbol, requested: quantity, held: held))
            }
            return .success(quantity)
        case (let side, .quantity(let requested)):
            if side == .sell, requested > held {
                return .failure(.insufficientPosition(order.symbol, requested: requested, held: held))
            }
            let quantity = filters.flooredQuantity(requested)
            guard !quantity.isZero else {
                return .failure(.quantityBelowLotStep(requested: requested, stepSize: stepSize))
            }
            let largest = largestValuableQuantity(at: fillPrice, filters: filters)
            guard quantity <= largest else {
                return .failure(.quantityAboveMaximum(quantity: quantity, maximum: largest))
            }
            return .success(quantity)
        }
    }

    /// The largest quantity whose value at `price` stays within half of `Money`'s range (about 46 billion),
    /// leaving room for the fee on top. Filters usually cap orders long before this; without it an absurd
    /// quantity on an unrestricted symbol would overflow the arithmetic instead of being refused.
    private func largestValuableQuantity(at price: Price, filters: SymbolFilters) -> Quantity {
        let units = Int128(Int64.max / 2) * Int128(FixedPoint.scale) / Int128(price.units)
        return filters.flooredQuantity(Quantity(units: Int64(clamping: units)))
    }

    /// The largest quantity on the step grid whose cost (rounded up) plus fee (rounded up) is at most
    /// `budget`. Total cost only grows with quantity, so a binary search over whole steps finds it exactly
    /// in at most ~64 probes, however small the step or price.
    private func largestQuantity(costingAtMost budget: Money, at price: Price, filters: SymbolFilters) -> Quantity {
        let step = max(filters.lotSize.stepSize.units, 1)
        // Ignoring the fee and rounding gives an upper bound: no larger quantity can fit.
        let bound = Int128(budget.units) * Int128(FixedPoint.scale) / Int128(price.units)
        var low: Int64 = 0
        var high = Int64(clamping: min(bound / Int128(step), Int128(Int64.max / step)))
        func fits(_ steps: Int64) -> Bool {
            let cost = price.notional(of: Quantity(units: steps * step), rounding: .up)
            return cost + fees.fee(on: cost) <= budget
        }
        while low < high {
            let middle = low + (high - low + 1) / 2
            if fits(middle) { low = middle } else { high = middle - 1 }
        }
        return filters.flooredQuantity(Quantity(units: low * step))
    }
}
