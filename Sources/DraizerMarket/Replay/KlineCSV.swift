import DraizerCore
import Foundation

/// Reads candle files in the two layouts this project meets:
/// - Binance's public data (data.binance.vision): no header, 12 columns `open_time, open, high, low,
///   close, volume, close_time, quote_volume, trades, taker_buy_base, taker_buy_quote, ignore`, with open
///   times in milliseconds, or in microseconds for spot files from 2025 on (told apart by magnitude);
/// - a simple CSV with a header `open_time_ms,open,high,low,close,volume` (and futures-style headers that
///   name `open_time`).
///
/// Rows must be in ascending time order without duplicates. Missing bars stay missing.
public enum KlineCSV {
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// 1-based line number, 0 for the file as a whole.
        public let line: Int
        public let reason: String

        public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
    }

    /// Parses the text of a kline file into candles, oldest first.
    public static func parse(_ text: String) throws(ParseError) -> [Candle] {
        var columns = Columns.positional
        var candles: [Candle] = []
        var lineNumber = 0
        var sawFirstLine = false
        // `\r\n` is a single Character, so split on any newline rather than on "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if !sawFirstLine {
                sawFirstLine = true
                if line.contains(where: { $0.isLetter }) {
                    columns = try Columns(header: fields, line: lineNumber)
                    continue
                }
            }
            let candle = try columns.candle(from: fields, line: lineNumber)
            if let previous = candles.last, candle.openTime <= previous.openTime {
                throw ParseError(
                    line: lineNumber,
                    reason: candle.openTime == previous.openTime
                        ? "duplicate open time \(candle.openTime)" : "open time \(candle.openTime) goes back in time")
            }
            candles.append(candle)
        }
        return candles
    }

    /// Reads and parses a file.
    public static func load(contentsOf path: String) throws(ParseError) -> [Candle] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ParseError(line: 0, reason: "cannot read \(path): \(error.localizedDescription)")
        }
        return try parse(text)
    }

    /// The interval of a series: the smallest step between open times, which must be one of Binance's.
    public static func detectInterval(of candles: [Candle]) throws(ParseError) -> CandleInterval {
        var step = Int64.max
        for (previous, next) in zip(candles, candles.dropFirst()) { step = min(step, next.openTime - previous.openTime) }
        guard step != .max else { throw ParseError(line: 0, reason: "need two candles to tell the interval") }
        guard let interval = CandleInterval.allCases.first(where: { $0.milliseconds == step }) else {
            throw ParseError(line: 0, reason: "\(step) ms between candles is not a Binance interval")
        }
        return interval
    }

    /// Converts an open or close time to milliseconds: values of 10¹⁵ and above are microseconds.
    static func milliseconds(_ value: Int64) -> Int64? {
        let microsecondsFrom: Int64 = 1_000_000_000_000_000  // 10¹⁵: 1970 + 31 years in µs, 33 000 years in ms
        if value >= microsecondsFrom * 1000 { return nil }  // nanoseconds or garbage
        if value >= microsecondsFrom { return value / 1000 }
        return value >= 100_000_000_000 ? value : nil  // below 10¹¹ it would be seconds, or before 1973
    }

    private struct Columns {
        var openTime = 0, open = 1, high = 2, low = 3, close = 4, volume = 5

        static let positional = Columns()

        init() {}

        init(header: [Substring], line: Int) throws(ParseError) {
            let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            func index(_ candidates: String...) throws(ParseError) -> Int {
                guard let index = names.firstIndex(where: candidates.contains) else {
                    throw ParseError(line: line, reason: "header has no \(candidates.joined(separator: " or ")) column")
                }
                return index
            }
            openTime = try index("open_time_ms", "open_time", "timestamp", "open time")
            open = try index("open")
            high = try index("high")
            low = try index("low")
            close = try index("close")
            volume = try index("volume")
        }

        func candle(from fields: [Substring], line: Int) throws(ParseError) -> Candle {
            let needed = max(openTime, open, high, low, close, volume) + 1
            guard fields.count >= needed else {
                throw ParseError(line: line, reason: "expected at least \(needed) columns, found \(fields.count)")
            }
            func price(_ column: Int, _ name: String) throws(ParseError) -> Price {
                do { return try Price(fields[column].trimmingCharacters(in: .whitespaces)) } catch {
                    throw ParseError(line: line, reason: "\(name): \(error.description)")
                }
            }
            let timeText = fields[openTime].trimmingCharacters(in: .whitespaces)
            guard let raw = Int64(timeText), let time = KlineCSV.milliseconds(raw) else {
                throw ParseError(line: line, reason: "open time '\(timeText)' is not epoch milliseconds or microseconds")
            }
            let volume: Quantity
            do { volume = try Quantity(fields[self.volume].trimmingCharacters(in: .whitespaces)) } catch {
                throw ParseError(line: line, reason: "volume: \(error.description)")
            }
            do {
                return try Candle(
                    openTime: time, open: price(open, "open"), high: price(high, "high"), low: price(low, "low"),
                    close: price(close, "close"), volume: volume)
            } catch let error as ParseError {
                throw error
            } catch {
                throw ParseError(line: line, reason: "\(error)")
            }
        }
    }
}
