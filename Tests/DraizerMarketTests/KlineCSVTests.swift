import DraizerCore
import Testing
@testable import DraizerMarket

@Suite struct KlineCSVTests {
    /// The reference's real BTCUSDT 1h row, as data.binance.vision writes it (no header, 12 columns).
    private static let binanceRow =
        "1698364800000,34151.66000000,34171.28000000,33972.39000000,34015.27000000,908.27901000,1698368399999,30937869.62302600,41459,416.48838000,14187002.70550060,0"

    @Test func readsBinancePublicDataRowsInMilliseconds() throws {
        let candles = try KlineCSV.parse(Self.binanceRow + "\n")
        #expect(candles == [try Candle(
            openTime: 1_698_364_800_000, open: price("34151.66"), high: price("34171.28"), low: price("33972.39"),
            close: price("34015.27"), volume: quantity("908.27901"))])
    }

    @Test func readsBinancePublicDataRowsInMicroseconds() throws {
        // Spot files from 2025 on: 16-digit open and close times.
        let text = """
        1735689600000000,93576.00000000,94509.42000000,93489.03000000,94401.14000000,1138.07080000,1735693199999999,106235091.81785350,205412,641.13750000,59852939.44898920,0
        1735693200000000,94401.13000000,94561.42000000,94100.00000000,94200.01000000,800.00000000,1735696799999999,75000000.00000000,150000,400.00000000,37600000.00000000,0
        """
        let candles = try KlineCSV.parse(text)
        #expect(candles.map(\.openTime) == [1_735_689_600_000, 1_735_693_200_000])
        #expect(candles[0].close == price("94401.14"))
        #expect(try KlineCSV.detectInterval(of: candles) == .oneHour)
    }

    @Test func readsTheSimpleCSVWithAHeader() throws {
        let text = "open_time_ms,open,high,low,close,volume\r\n1609459200000,28923.63,29031.34,28690.17,28995.13,2311.811445\r\n"
        let candles = try KlineCSV.parse(text)
        #expect(candles == [try Candle(
            openTime: 1_609_459_200_000, open: price("28923.63"), high: price("29031.34"), low: price("28690.17"),
            close: price("28995.13"), volume: quantity("2311.811445"))])
    }

    @Test func readsAFuturesStyleHeaderByColumnName() throws {
        let text = """
        open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore
        1609459200000,1.0,2.0,0.5,1.5,10,1609459259999,15,3,5,7.5,0
        """
        #expect(try KlineCSV.parse(text).first?.high == price("2"))
    }

    @Test func rejectsRowsOutOfOrderWithTheirLineNumber() {
        let text = "open_time_ms,open,high,low,close,volume\n1609459260000,1,1,1,1,1\n1609459200000,1,1,1,1,1\n"
        #expect(throws: KlineCSV.ParseError(line: 3, reason: "open time 1609459200000 goes back in time")) {
            try KlineCSV.parse(text)
        }
    }

    @Test func rejectsDuplicatesBadNumbersAndShortRows() {
        #expect(throws: KlineCSV.ParseError.self) { try KlineCSV.parse("1609459200000,1,1,1,1,1\n1609459200000,1,1,1,1,1") }
        #expect(throws: KlineCSV.ParseError.self) { try KlineCSV.parse("1609459200000,1,1,1,abc,1") }
        #expect(throws: KlineCSV.ParseError.self) { try KlineCSV.parse("1609459200000,1,1,1") }
        #expect(throws: KlineCSV.ParseError.self) { try KlineCSV.parse("1609459200,1,1,1,1,1") }  // seconds
        #expect(throws: KlineCSV.ParseError.self) { try KlineCSV.parse("1609459200000,1,2,0.5,3,1") }  // close > high
        #expect(throws: KlineCSV.ParseError.self) { try KlineCSV.parse("open,high\n1,2") }
    }

    @Test func intervalIsTheSmallestStepAcrossGaps() throws {
        let text = "1609459200000,1,1,1,1,1\n1609466400000,1,1,1,1,1\n1609470000000,1,1,1,1,1\n"
        #expect(try KlineCSV.detectInterval(of: KlineCSV.parse(text)) == .oneHour)
        #expect(throws: KlineCSV.ParseError.self) {
            try KlineCSV.detectInterval(of: KlineCSV.parse("1609459200000,1,1,1,1,1\n1609459207000,1,1,1,1,1"))
        }
    }

    @Test(.enabled(if: SharedData.isAvailable, "needs shared/data beside the package"))
    func readsTheRealFilesWithTheirKnownGaps() throws {
        let hours = try KlineCSV.load(contentsOf: SharedData.path(SharedData.oneHour))
        #expect(hours.count == 5_482)
        #expect(try KlineCSV.detectInterval(of: hours) == .oneHour)
        let missingHours = zip(hours, hours.dropFirst()).map { ($1.openTime - $0.openTime) / 3_600_000 - 1 }
        #expect(missingHours.filter { $0 > 0 }.count == 6)
        #expect(missingHours.reduce(0, +) == 11)
        // The cross-checked bar of 2021-01-01 00:00.
        #expect(hours.first { $0.openTime == 1_609_459_200_000 }
            == (try Candle(openTime: 1_609_459_200_000, open: price("28923.63"), high: price("29031.34"),
                           low: price("28690.17"), close: price("28995.13"), volume: quantity("2311.811445"))))
        let quarters = try KlineCSV.load(contentsOf: SharedData.path(SharedData.fifteenMinutes))
        #expect(quarters.count == 8_801)
        #expect(try KlineCSV.detectInterval(of: quarters) == .fifteenMinutes)
    }
}
