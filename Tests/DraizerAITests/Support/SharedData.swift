import DraizerCore
import Foundation

/// The real Binance candles in the shared data folder, read in place (never copied into the project).
enum SharedData {
    /// `$DRAIZER_SHARED_DATA`, then `../shared/data` next to the package root, then `/work/shared/data`.
    static let directory: URL? = {
        var candidates: [URL] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["DRAIZER_SHARED_DATA"] {
            candidates.append(URL(fileURLWithPath: fromEnvironment))
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data"))
        candidates.append(URL(fileURLWithPath: "/work/shared/data"))
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent(fifteenMinuteFile).path)
        }
    }()

    static let fifteenMinuteFile = "BTCUSDT-15m-2021-09-02_2021-12-02.csv"

    /// BTCUSDT 15-minute candles, 2021-09-02 to 2021-12-02 (8 801 bars, one 2-hour maintenance gap).
    static let btc15m: [Candle] = {
        guard let directory else { return [] }
        let text = try! String(contentsOf: directory.appendingPathComponent(fifteenMinuteFile), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",")
            return try! Candle(
                openTime: Int64(fields[0])!, open: Price(fields[1]), high: Price(fields[2]), low: Price(fields[3]),
                close: Price(fields[4]), volume: Quantity(fields[5]))
        }
    }()

    /// Aggregates closed candles into `interval` bars, keeping only bars whose every sub-bar is present
    /// (the maintenance gap drops one 4h bar rather than inventing it).
    static func aggregate(_ candles: [Candle], into interval: CandleInterval, from source: CandleInterval) -> [Candle] {
        let perBar = Int(interval.milliseconds / source.milliseconds)
        var bars: [Candle] = []
        var group: [Candle] = []
        func flush() {
            defer { group.removeAll() }
            guard group.count == perBar else { return }
            var volume = Quantity.zero
            for candle in group { volume += candle.volume }
            bars.append(try! Candle(
                openTime: interval.openTime(containing: group[0].openTime), open: group[0].open,
                high: group.map(\.high).max()!, low: group.map(\.low).min()!, close: group[group.count - 1].close,
                volume: volume))
        }
        for candle in candles {
            if let first = group.first,
               interval.openTime(containing: first.openTime) != interval.openTime(containing: candle.openTime)
            {
                flush()
            }
            group.append(candle)
        }
        flush()
        return bars
    }

    /// The snapshot the bot would have had when the 15m bar at `index` closed: the last 200 15m bars, the
    /// complete 4h bars before it, the close as price.
    static func snapshot(
        at index: Int, position: PositionSnapshot = .flat, cash: String = "10000", equity: String = "10000",
        limits: RiskLimits = .standard, feeRate: String = "0.001"
    ) -> MarketSnapshot {
        let candles = btc15m
        let recent = Array(candles[max(0, index - 199)...index])
        let closeTime = candles[index].openTime + CandleInterval.fifteenMinutes.milliseconds
        let history = candles[..<(index + 1)].filter { $0.openTime >= closeTime - 400 * CandleInterval.fourHours.milliseconds }
        let fourHours = aggregate(history, into: .fourHours, from: .fifteenMinutes)
            .filter { $0.openTime + CandleInterval.fourHours.milliseconds <= closeTime }
        return MarketSnapshot(
            symbol: btcusdt, price: ReferencePrice(price: candles[index].close, observedAt: closeTime), source: .replay,
            candles15m: recent, candles4h: Array(fourHours.suffix(100)), position: position, cash: money(cash),
            equity: money(equity), limits: limits, feeRate: ratio(feeRate))
    }
}
