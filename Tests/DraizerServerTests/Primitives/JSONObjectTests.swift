import DraizerCore
@testable import DraizerServer
import Foundation
import NIOCore
import Testing

/// The responses written directly on hot paths are byte for byte what the API's `JSONEncoder` writes.
@Suite("Direct JSON")
struct JSONObjectTests {
    private func encoded<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONCoding.encoder().encode(value), as: UTF8.self)
    }

    /// Every ASCII character (controls, quotes, backslash, slash), and some that are not ASCII.
    private static let awkward: String = {
        var text = ""
        for byte in UInt8(0)..<128 { text.unicodeScalars.append(Unicode.Scalar(byte)) }
        return text + "é€\u{2028}😀"
    }()

    @Test func stringMapsAreWrittenAsTheEncoderWritesThem() throws {
        var generator = SystemRandomNumberGenerator()
        let keys = ["symbol", "Symbol", "_a", "a_b", "ab", "b", "", "é", "e\u{301}x", "f", Self.awkward, "exchange_order_id", "z"]
        for _ in 0..<200 {
            var values: [String: String] = [:]
            for key in keys where Bool.random(using: &generator) {
                values[key] = String(Self.awkward.shuffled(using: &generator).prefix(Int.random(in: 0...20, using: &generator)))
            }
            #expect(JSONObject(values).text == (try encoded(values)))
        }
    }

    @Test func anOrderAnswerIsWrittenAsTheEncoderWritesIt() throws {
        let symbol = try Symbol("BTCUSDT")
        let fill = Fill(symbol: symbol, side: .buy, quantity: try Quantity("0.00012"), price: try Price("87123.45"),
                        quoteAmount: try Money("10.4548"), fee: try Money("0.010455"), feeAsset: .usdt)
        var portfolio = PortfolioState(initialCash: try Money("1000"))
        _ = try portfolio.apply(fill)
        let position = portfolio.position(symbol)
        // Also a time a hair before a whole second, which Foundation truncates from its own 2001 epoch.
        for (index, seconds) in [0, 1_795_577_545.9, 946_684_799.999, 4_102_444_800, 1_000_000_000.5,
                                 1_795_577_545.999_999_9].enumerated() {
            let transaction = TransactionResponse(
                id: UUID.random(), fill: fill, realizedPnL: index.isMultiple(of: 2) ? nil : try Money("-1.25"),
                venue: index == 3 ? Self.awkward : "paper", source: "manual", runNumber: index * 1000,
                createdAt: Date(timeIntervalSince1970: seconds))
            let mark: Price? = index.isMultiple(of: 2) ? try Price("88000.01") : nil
            let answer = PlacedOrderResponse(transaction: transaction, cash: "989.53", position: PositionResponse(position, mark: mark))
            #expect(answer.json.text == (try encoded(answer)))
            #expect(answer.json.buffer.getString(at: 0, length: answer.json.buffer.readableBytes) == (try encoded(answer)))
        }
    }

    @Test func randomIdentifiersAreVersionFourAndDistinct() {
        let ids = (0..<10_000).map { _ in UUID.random() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.uuid.6 >> 4 == 4, "version 4")
            #expect(id.uuid.8 >> 6 == 0b10, "RFC 4122 variant")
        }
    }

    /// The shortcut for flat bodies reads exactly what `JSONDecoder` reads, and leaves everything else to it.
    @Test func flatBodiesReadAsTheDecoderReadsThem() throws {
        let bodies = [
            #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "10"}"#,
            #"  {"side":"sell","symbol":"ETHUSDT","quantity":"0.5"}  "#,
            "{\n\t\"side\" : \"buy\" ,\r\n \"symbol\":\"BTCUSDT\", \"quote_amount\": \"1e3\"}",
            #"{"side": "buy", "symbol": "BTCUSDT"}"#,
            #"{"side": "buy", "symbol": "BTC\u0055SDT", "quote_amount": "10"}"#,
            #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": 10}"#,
            #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": null}"#,
            #"{"side": "buy", "side": "sell", "symbol": "BTCUSDT", "quote_amount": "10"}"#,
            #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "10",}"#,
            #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "10"} x"#,
            #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "10""#,
            #"{"side": "buy", "symbol": "BTCUSDT", "ammount": "10"}"#,
            #"{"side": "büy", "symbol": "BTCUSDT", "quote_amount": "10"}"#,
            #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": {"value": "10"}}"#,
            #"{}"#, #"[]"#, #""buy""#, "", "{", #"{"side"}"#, #"{"side": "buy" "symbol": "X"}"#,
        ]
        var readByShortcut = 0
        for body in bodies {
            let generic = try? JSONCoding.bodyDecoder.decode(PlaceOrderRequest.self, from: Data(body.utf8))
            guard let fields = FlatJSONObject.parse(ByteBuffer(string: body).readableBytesView) else { continue }
            let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String]
            #expect(object == fields, "\(body)")
            guard fields.keys.allSatisfy(PlaceOrderRequest.fields.contains), let fast = PlaceOrderRequest(fields: fields) else { continue }
            #expect(fast == generic, "\(body)")
            readByShortcut += 1
        }
        #expect(readByShortcut == 4, "the plain bodies take the shortcut")
    }
}
