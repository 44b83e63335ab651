import DraizerCore
import DraizerMarket
import Foundation
import Vapor

/// Builds the market-data source `MARKET_DATA_SOURCE` asks for.
enum MarketSourceFactory {
    static func make(_ config: AppConfig, clock: MarketClock, logger: Logger) async throws -> any MarketDataSource {
        switch config.marketDataSource {
        case .simulated:
            return simulated(config, clock: clock)
        case .binance:
            return try binance(config, clock: clock, logger: logger)
        case .auto:
            // Binance if it answers now; otherwise the simulated market, which labels everything it produces.
            let candidate = try binance(config, clock: clock, logger: logger)
            do {
                _ = try await withTimeout(.seconds(5)) { try await candidate.symbols() }
                logger.notice("market data: Binance (\(candidate.name)) is reachable")
                return candidate
            } catch {
                logger.warning("market data: Binance is unreachable (\(error)); using the SIMULATED market")
                return simulated(config, clock: clock)
            }
        case .replay(let path, let speed):
            let candles = try KlineCSV.load(contentsOf: path)
            let interval = try KlineCSV.detectInterval(of: candles)
            let info = BinanceSymbolPresets.info(for: config.defaultTradingSymbol)
            let series = try ReplayMarket.Series(info: info, interval: interval, candles: candles)
            logger.notice("market data: replaying \(candles.count) \(interval) candles of \(info.symbol) from \(path) at \(speed)×")
            return ReplayMarket(series: [series], speed: Double(speed), clock: clock)
        }
    }

    private static func simulated(_ config: AppConfig, clock: MarketClock) -> SimulatedMarket {
        SimulatedMarket(configuration: .init(seed: config.simulationSeed, historyDays: config.simulationHistoryDays), clock: clock)
    }

    private static func binance(_ config: AppConfig, clock: MarketClock, logger: Logger) throws -> BinanceMarketSource {
        let configuration = try BinanceConfiguration(testnet: config.binanceTestnet, restURL: config.binanceAPIURL,
                                                     streamURL: config.binanceStreamURL)
        return BinanceMarketSource(configuration: configuration, clock: clock, logger: logger)
    }

    private static func withTimeout<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw Abort(.gatewayTimeout, reason: "no answer within \(limit)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
