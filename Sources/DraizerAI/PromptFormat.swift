import DraizerCore

/// Text forms of numbers and times for prompts and reasoning, fixed so the same snapshot always yields
/// byte-identical text (which is what lets a provider's prefix cache and our tests rely on it).
enum PromptFormat {
    /// `x` with exactly `places` decimals, rounded half away from zero (`fixed(12.345, 2)` → `"12.35"`);
    /// `"n/a"` for a value that is not finite.
    static func fixed(_ x: Double, _ places: Int) -> String {
        precondition((0...8).contains(places), "0 to 8 decimals")
        guard x.isFinite, abs(x) < 9e10 else { return "n/a" }
        let units = Int64((x * Double(FixedPoint.pow10(places))).rounded())
        let scale = FixedPoint.pow10(8 - places)
        return FixedPoint.format(units * scale, decimals: places)
    }

    /// `x` with a `+` or `-` sign.
    static func signed(_ x: Double, _ places: Int) -> String {
        let text = fixed(x, places)
        return text.hasPrefix("-") || text == "n/a" ? text : "+" + text
    }

    /// Decimals that show about seven significant digits of a price, between 2 and 8: 2 for 60 000, 4 for
    /// 150, 6 for 1.5, 8 for 0.08.
    static func priceDecimals(_ x: Double) -> Int {
        var magnitude = abs(x)
        guard magnitude.isFinite, magnitude > 0 else { return 2 }
        // Digits before the point, or minus the zeros right after it.
        var digits = 1
        if magnitude < 1 {
            digits = 0
            while magnitude < 0.1, digits > -8 {
                magnitude *= 10
                digits -= 1
            }
        }
        while magnitude >= 10 {
            magnitude /= 10
            digits += 1
        }
        return max(2, min(8, 7 - digits))
    }

    /// A price-like reading with `priceDecimals` decimals.
    static func price(_ x: Double?) -> String {
        guard let x else { return "n/a" }
        return fixed(x, priceDecimals(x))
    }

    static func reading(_ x: Double?, _ places: Int) -> String {
        x.map { fixed($0, places) } ?? "n/a"
    }

    /// A fraction as a signed percentage: `0.0125` → `"+1.25 %"`.
    static func percent(_ ratio: Ratio) -> String {
        let text = FixedPoint.format(ratio.units * 100, decimals: 2)
        return (ratio.isNegative ? "" : "+") + text + " %"
    }

    /// A fraction as an unsigned percentage: `0.001` → `"0.1 %"`.
    static func rate(_ ratio: Ratio) -> String {
        FixedPoint.canonical(ratio.units * 100) + " %"
    }

    /// Epoch milliseconds as ISO 8601 UTC to the second: `2021-12-02T18:00:00Z`.
    static func utc(_ milliseconds: Int64) -> String {
        let msPerDay: Int64 = 86_400_000
        var days = milliseconds / msPerDay
        var rest = milliseconds % msPerDay
        if rest < 0 {
            rest += msPerDay
            days -= 1
        }
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let seconds = rest / 1_000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(seconds / 3_600, 2)):"
            + "\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))Z"
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count from 1970-01-01.
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
