import DraizerCore
import Testing

/// The shortest exact form of every amount the API answers with.
@Suite("Fixed-point text")
struct FixedPointTests {
    /// What `canonical` must answer: the eight-decimal form with its trailing zeros (and a bare point) cut.
    private func reference(_ units: Int64) -> String {
        var text = FixedPoint.format(units)
        while text.last == "0" { text.removeLast() }
        if text.last == "." { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    @Test func handPickedValuesHaveTheirShortestForm() {
        #expect(FixedPoint.canonical(0) == "0")
        #expect(FixedPoint.canonical(100_000_000_000) == "1000")
        #expect(FixedPoint.canonical(10_000) == "0.0001")
        #expect(FixedPoint.canonical(-250_000_000) == "-2.5")
        #expect(FixedPoint.canonical(-1) == "-0.00000001")
        #expect(FixedPoint.canonical(Int64.max) == "92233720368.54775807")
        #expect(FixedPoint.canonical(Int64.min) == "-92233720368.54775808")
    }

    @Test func everyValueReadsBackExactlyAndMatchesTheLongForm() throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Int64] = [0, 1, -1, 10, -10, 100_000_000, -100_000_000, 99_999_999, Int64.max, Int64.min, Int64.min + 1]
        for _ in 0..<20_000 {
            // Spread over magnitudes, with runs of trailing zeros as prices and amounts have.
            let value = Int64.random(in: Int64.min...Int64.max, using: &generator) >> UInt64.random(in: 0...62, using: &generator)
            values.append(value)
            values.append(Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator)
                          * FixedPoint.pow10(Int.random(in: 0...6, using: &generator)))
        }
        for value in values {
            let text = FixedPoint.canonical(value)
            #expect(text == reference(value), "\(value)")
            if value != Int64.min { #expect(try FixedPoint.parse(text) == value, "\(text)") }
        }
    }
}
