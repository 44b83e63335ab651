import DraizerCore
import Foundation
import Testing
@testable import DraizerMarket

@Suite struct BinanceRESTPayloadTests {
    private func decodeExchangeInfo() throws -> BinanceExchangeInfo {
        try BinanceDecoding.decode(BinanceExchangeInfo.self, from: Data(Fixtures.exchangeInfo.utf8), path: "test")
    }

    @Test func exchangeInfoFiltersBecomeDomainFilters() throws {
        let info = try decodeExchangeInfo()
        let btc = try #require(info.symbols.first { $0.info.symbol.rawValue == "BTCUSDT" })
        #expect(btc.isTrading)
        #expect(btc.info.baseAsset.rawValue == "BTC")
        #expect(btc.info.quoteAsset == .usdt)
        let filters = btc.info.filters
        #expect(filters.price == (try PriceFilter(minPrice: price("0.01"), maxPrice: price("1000000"), tickSize: price("0.01"))))
        #expect(filters.lotSize == (try LotSizeFilter(
            minQuantity: quantity("0.00001"), maxQuantity: quantity("9000"), stepSize: quantity("0.00001"))))
        #expect(filters.marketLotSize == (try LotSizeFilter(
            minQuantity: .zero, maxQuantity: quantity("119.23"), stepSize: .zero)))
        #expect(filters.notional == (try NotionalFilter(
            minNotional: money("5"), applyMinToMarket: true, maxNotional: money("9000000"), applyMaxToMarket: false)))
    }

    @Test func exchangeInfoReadsTheOlderMinNotionalFilter() throws {
        let ltc = try #require(try decodeExchangeInfo().symbols.first { $0.info.symbol.rawValue == "LTCBTC" })
        #expect(ltc.info.filters.notional == (try NotionalFilter(minNotional: money("0.0001"), applyMinToMarket: false)))
        #expect(ltc.info.filters.marketLotSize == nil)
        #expect(ltc.info.quoteAsset.rawValue == "BTC")
    }

    @Test func exchangeInfoKeepsStatusAndRateLimits() throws {
        let info = try decodeExchangeInfo()
        #expect(info.serverTime == 1_565_246_363_776)
        #expect(info.requestWeightPerMinute == 6000)
        #expect(info.rateLimits.count == 3)
        let bnb = try #require(info.symbols.first { $0.info.symbol.rawValue == "BNBBTC" })
        #expect(bnb.status == "HALT")
        #expect(!bnb.isTrading)
        #expect(bnb.info.filters.notional == nil)
    }

    @Test func exchangeInfoSkipsASymbolItCannotRepresentWithTheReason() throws {
        let info = try decodeExchangeInfo()
        #expect(!info.symbols.contains { $0.info.symbol.rawValue == "PEPEUSDT" })
        let skipped = try #require(info.skipped.first)
        #expect(skipped.symbol == "PEPEUSDT")
        #expect(skipped.reason.contains("maxQty"))
    }

    @Test func ticker24hParsesChangeAsAFraction() throws {
        let payload = try BinanceDecoding.decode(
            BinanceTicker24hPayload.self, from: Data(Fixtures.ticker24h.utf8), path: "test")
        let ticker = try payload.ticker(symbol: symbol("BNBBTC"))
        #expect(ticker.lastPrice == price("4.000002"))
        #expect(ticker.priceChange == money("-94.999998"))
        #expect(ticker.priceChangeRatio == (try Ratio("-0.9596")))
        #expect(ticker.priceChangePercentText == "-95.960")
        #expect(ticker.openPrice == price("99"))
        #expect(ticker.highPrice == price("100"))
        #expect(ticker.lowPrice == price("0.1"))
        #expect(ticker.volume == quantity("8913.3"))
        #expect(ticker.quoteVolume == money("15.3"))
        #expect(ticker.openTime == 1_499_783_499_040)
        #expect(ticker.closeTime == 1_499_869_899_040)
        #expect(ticker.tradeCount == 76)
        #expect(ticker.source == .binance)
    }

    @Test func klineRowParsesEveryColumnExactly() throws {
        let rows = try BinanceDecoding.decode([BinanceKline].self, from: Data(Fixtures.klines.utf8), path: "test")
        let row = try #require(rows.first)
        #expect(row.openTime == 1_698_364_800_000)
        #expect(row.candle.open == price("34151.66"))
        #expect(row.candle.high == price("34171.28"))
        #expect(row.candle.low == price("33972.39"))
        #expect(row.candle.close == price("34015.27"))
        #expect(row.candle.volume == quantity("908.27901"))
        #expect(row.closeTime == 1_698_368_399_999)
        #expect(row.quoteVolume == money("30937869.623026"))
        #expect(row.tradeCount == 41459)
        #expect(row.takerBuyBaseVolume == quantity("416.48838"))
        #expect(row.takerBuyQuoteVolume == money("14187002.7055006"))
        #expect(row.isClosed(at: 1_698_368_400_000))
        #expect(!row.isClosed(at: 1_698_368_399_999))
    }

    @Test func klineWithPriceAsNumberIsAMalformedErrorNamingTheField() {
        let bad = #"[[1698364800000,34151.66,"34171.28","33972.39","34015.27","908.27901000",1698368399999,"1",1,"1","1","0"]]"#
        #expect {
            try BinanceDecoding.decode([BinanceKline].self, from: Data(bad.utf8), path: "/api/v3/klines")
        } throws: { error in
            guard case .malformed(let path, let reason) = error as? BinanceError else { return false }
            return path == "/api/v3/klines" && reason.contains("[0][1]")
        }
    }

    @Test func klineWithCloseAboveHighIsRejected() {
        let bad = #"[[1698364800000,"1.0","2.0","0.5","3.0","1",1698368399999,"1",1,"1","1","0"]]"#
        #expect(throws: BinanceError.self) {
            try BinanceDecoding.decode([BinanceKline].self, from: Data(bad.utf8), path: "/api/v3/klines")
        }
    }

    @Test func truncatedJSONIsAMalformedError() {
        #expect {
            try BinanceDecoding.decode(BinanceServerTimePayload.self, from: Data(#"{"serverTime": "#.utf8), path: "/api/v3/time")
        } throws: { error in
            if case .malformed("/api/v3/time", _) = error as? BinanceError { true } else { false }
        }
    }
}

@Suite struct BinanceStreamPayloadTests {
    @Test func docsKlineExampleIsRejectedBecauseItsOpenIsBelowItsLow() {
        #expect {
            try BinanceStreamMessage.parse(Fixtures.klineEvent)
        } throws: { error in
            guard case .malformed(_, let reason) = error as? BinanceError else { return false }
            return reason.contains("low–high range")
        }
    }

    @Test func klineEventParsesToAnOpenCandleUpdate() throws {
        let message = try BinanceStreamMessage.parse(Fixtures.klineEventConsistent)
        guard case .kline(let eventTime, let update) = message else {
            Issue.record("expected a kline, got \(message)")
            return
        }
        #expect(eventTime == 1_672_515_782_136)
        #expect(update.symbol == symbol("BNBBTC"))
        #expect(update.interval == .oneMinute)
        #expect(update.candle.openTime == 1_672_515_780_000)
        #expect(update.closeTime == 1_672_515_839_999)
        #expect(update.candle.open == price("0.001"))
        #expect(update.candle.close == price("0.002"))
        #expect(update.candle.high == price("0.0025"))
        #expect(update.candle.low == price("0.001"))
        #expect(update.candle.volume == quantity("1000"))
        #expect(!update.isClosed)
        #expect(!update.isBackfill)
    }

    @Test func combinedStreamEnvelopeIsUnwrapped() throws {
        let message = try BinanceStreamMessage.parse(Fixtures.combined("bnbbtc@kline_1m", Fixtures.klineEventConsistent))
        #expect(message == (try BinanceStreamMessage.parse(Fixtures.klineEventConsistent)))
    }

    @Test func closedKlineIsFlaggedClosed() throws {
        let closed = Fixtures.klineEventConsistent.replacingOccurrences(of: #""x":false"#, with: #""x":true"#)
        guard case .kline(_, let update) = try BinanceStreamMessage.parse(closed) else {
            Issue.record("expected a kline")
            return
        }
        #expect(update.isClosed)
    }

    @Test func miniTickerParsesLastPriceAndVolumes() throws {
        let message = try BinanceStreamMessage.parse(Fixtures.combined("bnbbtc@miniTicker", Fixtures.miniTickerEvent))
        #expect(message == .miniTicker(BinanceMiniTicker(
            eventTime: 1_672_515_782_136, symbol: symbol("BNBBTC"), close: price("0.0025"), open: price("0.001"),
            high: price("0.0025"), low: price("0.001"), volume: quantity("10000"), quoteVolume: money("18"))))
    }

    @Test func tradeParses() throws {
        let message = try BinanceStreamMessage.parse(Fixtures.tradeEvent)
        #expect(message == .trade(BinanceTrade(
            eventTime: 1_672_515_782_136, symbol: symbol("BNBBTC"), tradeId: 12345, price: price("0.001"),
            quantity: quantity("100"), tradeTime: 1_672_515_782_136, buyerIsMaker: true)))
    }

    @Test func serverShutdownAndControlRepliesAreRecognised() throws {
        #expect(try BinanceStreamMessage.parse(#"{"e":"serverShutdown","E":1700000000000}"#)
            == .serverShutdown(eventTime: 1_700_000_000_000))
        #expect(try BinanceStreamMessage.parse(#"{"result":null,"id":1}"#) == .other("control message"))
        #expect(try BinanceStreamMessage.parse(Fixtures.combined("x@depth", #"{"e":"depthUpdate","E":1}"#))
            == .other("depthUpdate"))
    }

    @Test(arguments: [
        "not json",
        #"{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1,"s":"BTCUSDT"}}"#,
        #"{"e":"24hrMiniTicker","E":1,"s":"BTCUSDT","c":"-5","o":"1","h":"1","l":"1","v":"1","q":"1"}"#,
        #"{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"1e3","q":"1","T":1,"m":true}"#,
    ])
    func malformedStreamMessagesThrowTypedErrors(text: String) {
        #expect(throws: BinanceError.self) { try BinanceStreamMessage.parse(text) }
    }
}
