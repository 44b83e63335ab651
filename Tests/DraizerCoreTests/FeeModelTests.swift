import DraizerCore
import Testing

@Test func defaultFeeIsBinanceSpotTakerTenBasisPoints() {
    #expect(FeeModel.binanceSpotTaker.fee(on: money("1000")) == money("1"))
}

@Test func feeRoundsUpSoTheLedgerNeverUndercharges() {
    // 12.34567891 × 0.001 = 0.01234567891 → 0.01234568
    #expect(FeeModel.binanceSpotTaker.fee(on: money("12.34567891")) == money("0.01234568"))
    #expect(FeeModel.binanceSpotTaker.fee(on: money("0.00000001")) == money("0.00000001"))
}

@Test func feeRateIsConfigurableBelowOneBasisPoint() throws {
    let bnb = FeeModel(rate: try Ratio("0.00075"))
    #expect(bnb.fee(on: money("1000")) == money("0.75"))
}

@Test func freeFeeModelChargesNothing() {
    #expect(FeeModel.free.fee(on: money("1000")) == .zero)
}
