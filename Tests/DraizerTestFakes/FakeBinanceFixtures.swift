/// Canonical Binance payloads the fake serves, copied from the API reference's examples.
public enum FakeBinanceFixtures {
    /// `GET /api/v3/exchangeInfo`: the reference's BTCUSDT entry verbatim, plus a symbol that only has the
    /// older MIN_NOTIONAL, one on HALT, and one whose maxQty is beyond the domain's range (skipped).
    public static let exchangeInfo = #"""
    {
      "timezone": "UTC",
      "serverTime": 1565246363776,
      "rateLimits": [
        {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000},
        {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 1, "limit": 10},
        {"rateLimitType": "RAW_REQUESTS", "interval": "MINUTE", "intervalNum": 5, "limit": 61000}
      ],
      "exchangeFilters": [],
      "symbols": [{
        "symbol": "BTCUSDT", "status": "TRADING",
        "baseAsset": "BTC", "baseAssetPrecision": 8,
        "quoteAsset": "USDT", "quotePrecision": 8, "quoteAssetPrecision": 8,
        "baseCommissionPrecision": 8, "quoteCommissionPrecision": 8,
        "orderTypes": ["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS","STOP_LOSS_LIMIT","TAKE_PROFIT","TAKE_PROFIT_LIMIT"],
        "icebergAllowed": true, "ocoAllowed": true, "otoAllowed": true,
        "quoteOrderQtyMarketAllowed": true, "allowTrailingStop": true,
        "cancelReplaceAllowed": true, "isSpotTradingAllowed": true, "isMarginTradingAllowed": true,
        "filters": [
          {"filterType": "PRICE_FILTER", "minPrice": "0.01000000", "maxPrice": "1000000.00000000", "tickSize": "0.01000000"},
          {"filterType": "LOT_SIZE", "minQty": "0.00001000", "maxQty": "9000.00000000", "stepSize": "0.00001000"},
          {"filterType": "ICEBERG_PARTS", "limit": 10},
          {"filterType": "MARKET_LOT_SIZE", "minQty": "0.00000000", "maxQty": "119.23000000", "stepSize": "0.00000000"},
          {"filterType": "NOTIONAL", "minNotional": "5.00000000", "applyMinToMarket": true,
           "maxNotional": "9000000.00000000", "applyMaxToMarket": false, "avgPriceMins": 5},
          {"filterType": "MAX_NUM_ORDERS", "maxNumOrders": 200}
        ],
        "permissions": [], "permissionSets": [["SPOT","MARGIN"]],
        "defaultSelfTradePreventionMode": "NONE",
        "allowedSelfTradePreventionModes": ["NONE"]
      }, {
        "symbol": "LTCBTC", "status": "TRADING", "baseAsset": "LTC", "quoteAsset": "BTC",
        "filters": [
          {"filterType": "PRICE_FILTER", "minPrice": "0.00000100", "maxPrice": "100000.00000000", "tickSize": "0.00000100"},
          {"filterType": "LOT_SIZE", "minQty": "0.00100000", "maxQty": "100000.00000000", "stepSize": "0.00100000"},
          {"filterType": "MIN_NOTIONAL", "minNotional": "0.00010000", "applyToMarket": false, "avgPriceMins": 5}
        ]
      }, {
        "symbol": "BNBBTC", "status": "HALT", "baseAsset": "BNB", "quoteAsset": "BTC",
        "filters": [
          {"filterType": "PRICE_FILTER", "minPrice": "0.00000100", "maxPrice": "100000.00000000", "tickSize": "0.00000100"},
          {"filterType": "LOT_SIZE", "minQty": "0.01000000", "maxQty": "100000.00000000", "stepSize": "0.01000000"}
        ]
      }, {
        "symbol": "PEPEUSDT", "status": "TRADING", "baseAsset": "PEPE", "quoteAsset": "USDT",
        "filters": [
          {"filterType": "PRICE_FILTER", "minPrice": "0.00000001", "maxPrice": "1.00000000", "tickSize": "0.00000001"},
          {"filterType": "LOT_SIZE", "minQty": "1.00000000", "maxQty": "920000000000.00000000", "stepSize": "1.00000000"}
        ]
      }]
    }
    """#
}
