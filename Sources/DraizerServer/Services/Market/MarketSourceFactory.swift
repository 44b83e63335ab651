import DraizerCore
import DraizerMarket
import Foundation
import Vapor

/// Builds the market-data source `MARKET_DATA_SOURCE` asks for.
enum MarketSourceFactory {
    static func make(_ config: AppConfig, clock: MarketClock, logger: Logger) async throws -> any MarketDataSource {
        switch config.marketDataSource {
        case .simulated:
            return SimulatedMarket(configuration: .init(seed: config.simulationSeed, historyDays: config.simulationHistoryDays), clock: clock)
        case .binance, .auto, .replay:
            // Binance and replay sources are wired by the market-data issue; until then they fall back to the
            // simulated market, which labels every price it produces as simulated.
            logger.warning("MARKET_DATA_SOURCE \(config.marketDataSource) is not available yet; using the simulated market")
            return SimulatedMarket(configuration: .init(seed: config.simulationSeed, historyDays: config.simulationHistoryDays), clock: clock)
        }
    }
}
