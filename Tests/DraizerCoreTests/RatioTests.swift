import DraizerCore
import Testing

@Test func ratioFromBasisPoints() {
    #expect(Ratio(basisPoints: 10) == ratio("0.001"))
    #expect(Ratio(basisPoints: 10_000) == .one)
}

@Test func ratioOfAmountsRoundsAsAsked() {
    #expect(Ratio(money("2"), over: money("3"), rounding: .down).description == "0.66666666")
    #expect(Ratio(money("2"), over: money("3"), rounding: .up).description == "0.66666667")
    #expect(Ratio(money("-1"), over: money("3"), rounding: .down).description == "-0.33333334")
}

@Test func moneyScaledByRatioRoundsUpForFees() throws {
    let bnbRate = try Ratio("0.00075")
    #expect(money("100").scaled(by: bnbRate, rounding: .up) == money("0.075"))
    #expect(money("0.00000001").scaled(by: bnbRate, rounding: .up) == money("0.00000001"))
}
