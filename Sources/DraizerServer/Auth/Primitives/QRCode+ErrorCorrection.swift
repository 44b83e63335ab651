import Foundation

extension QRCode {
    /// How much of the symbol may be damaged and still decode: about 7 %, 15 %, 25 % or 30 %.
    public enum ErrorCorrection: Sendable, CaseIterable {
        case low, medium, quartile, high

        /// The two bits this level contributes to the format information (ISO/IEC 18004 table 12).
        var formatBits: Int {
            switch self {
            case .low: 1
            case .medium: 0
            case .quartile: 3
            case .high: 2
            }
        }

        var tableIndex: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        }
    }
}
