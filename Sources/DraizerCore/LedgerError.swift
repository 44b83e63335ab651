/// Why the ledger refused to book a fill or restore a state. Unlike `OrderRejection` these are not user
/// mistakes: execution checks the same rules first, so reaching one means a race or a bug, and the state
/// is left exactly as it was.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Booking the fill would take cash below zero.
    case insufficientCash(required: Money, available: Money)
    /// A sell of more than the position holds.
    case insufficientPosition(Symbol, requested: Quantity, held: Quantity)
    /// The fee is in an asset other than the account's cash, which a single-currency ledger cannot book.
    case feeAssetMismatch(expected: Asset, actual: Asset)
    /// A fill that no venue should produce (zero quantity, negative amounts).
    case invalidFill(String)
    /// Restored values that break an invariant of the ledger.
    case invalidState(String)

    public var description: String {
        switch self {
        case .insufficientCash(let required, let available):
            "booking needs \(required) of cash but only \(available) is available"
        case .insufficientPosition(let symbol, let requested, let held):
            "cannot book a sell of \(requested) \(symbol): only \(held) is held"
        case .feeAssetMismatch(let expected, let actual):
            "fee charged in \(actual), but the ledger's cash is \(expected)"
        case .invalidFill(let reason):
            "invalid fill: \(reason)"
        case .invalidState(let reason):
            "invalid ledger state: \(reason)"
        }
    }
}
