/// Binance's LOT_SIZE (and MARKET_LOT_SIZE, which has the same fields): the quantity range and step grid.
///
/// Binance states the step rule as `(quantity − minQty) % stepSize == 0`; we check `quantity % stepSize == 0`,
/// which is the same whenever `minQty` is itself on the grid, as it is for every listed spot symbol.
public struct LotSizeFilter: Sendable, Hashable {
    /// Smallest accepted quantity; zero means no minimum beyond "more than nothing".
    public let minQuantity: Quantity
    /// Largest accepted quantity; zero means no maximum.
    public let maxQuantity: Quantity
    /// Quantities must be multiples of this; zero disables the rule (MARKET_LOT_SIZE often sends zero).
    public let stepSize: Quantity

    /// Throws when the minimum is above a (non-zero) maximum.
    public init(minQuantity: Quantity, maxQuantity: Quantity, stepSize: Quantity) throws(SymbolFilters.Invalid) {
        guard maxQuantity.isZero || minQuantity <= maxQuantity else {
            throw .inconsistent("LOT_SIZE minQty \(minQuantity) is above maxQty \(maxQuantity)")
        }
        self.minQuantity = minQuantity
        self.maxQuantity = maxQuantity
        self.stepSize = stepSize
    }

    /// From the exchange's decimal strings (`minQty`, `maxQty`, `stepSize` in `exchangeInfo`).
    public init(minQuantity: String, maxQuantity: String, stepSize: String) throws(SymbolFilters.Invalid) {
        try self.init(
            minQuantity: SymbolFilters.parse("minQty", minQuantity, Quantity.init),
            maxQuantity: SymbolFilters.parse("maxQty", maxQuantity, Quantity.init),
            stepSize: SymbolFilters.parse("stepSize", stepSize, Quantity.init))
    }

    /// No range and no step: for tests and simulated symbols.
    public static let unrestricted = try! LotSizeFilter(minQuantity: .zero, maxQuantity: .zero, stepSize: .zero)

    /// The quantity floored onto the step grid; never rounds up, so an order never exceeds what was asked.
    public func floored(_ quantity: Quantity) -> Quantity {
        quantity.floored(toMultipleOf: stepSize)
    }

    /// The first rule `quantity` breaks, or nil when it passes.
    public func check(_ quantity: Quantity) -> OrderRejection? {
        if !quantity.isMultiple(of: stepSize) { return .quantityNotOnLotStep(quantity: quantity, stepSize: stepSize) }
        if quantity < minQuantity { return .quantityBelowMinimum(quantity: quantity, minimum: minQuantity) }
        if !maxQuantity.isZero, quantity > maxQuantity {
            return .quantityAboveMaximum(quantity: quantity, maximum: maxQuantity)
        }
        return nil
    }
}
