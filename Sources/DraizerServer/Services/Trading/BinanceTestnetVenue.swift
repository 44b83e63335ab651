import DraizerCore
import DraizerMarket
import Fluent
import Foundation
import Vapor

/// Executes orders on Binance Spot Testnet with the user's own keys: a signed MARKET order sized as the
/// user asked (`quoteOrderQty` for an amount, `quantity` floored to the lot step otherwise), whose real
/// fills and commission become the fill the ledger books (`BinanceOrderResult.fill(for:)`).
///
/// The keys are opened from `exchange_credentials` for this one call and go nowhere else: not into logs,
/// audit details or answers (`BinanceCredentials` redacts itself when printed).
struct BinanceTestnetVenue: ExecutionVenue {
    static let venueName = "binance_testnet"

    let client: BinanceOrderClient

    var name: String { Self.venueName }
    var isRemote: Bool { true }

    func execute(_ order: VenueOrder) async throws -> VenueFill {
        let credentials = try await Self.credentials(of: order.userID, on: order.context.db, box: order.context.secretBox)
        let clientOrderId = order.idempotencyKey.flatMap { BinanceOrderClient.isValidClientOrderId($0) ? $0 : nil }
            ?? BinanceOrderClient.makeClientOrderId()
        let result: BinanceOrderResult
        do {
            switch order.request.size {
            case .quoteAmount(let amount):
                result = try await client.placeMarketOrder(
                    symbol: order.request.symbol, side: order.request.side, quoteOrderQty: amount,
                    clientOrderId: clientOrderId, credentials: credentials)
            case .quantity:
                result = try await client.placeMarketOrder(
                    symbol: order.request.symbol, side: order.request.side, quantity: order.checked.quantity,
                    clientOrderId: clientOrderId, credentials: credentials)
            }
        } catch let error as BinanceOrderError {
            var details = ["client_order_id": clientOrderId]
            if let code = error.binanceCode { details["binance_code"] = String(code) }
            throw VenueFailure(problem: error.problem, details: details)
        }
        var details = ["client_order_id": result.clientOrderId, "status": result.status.rawValue]
        for (asset, amount) in result.commissions(outside: order.info) {
            details["commission_\(asset.rawValue.lowercased())"] = amount.description
        }
        do {
            let fill = try result.fill(for: order.info)
            return VenueFill(fill: fill, exchangeOrderID: String(result.orderId), details: details)
        } catch {
            details["exchange_order_id"] = String(result.orderId)
            switch error {
            case .nothingExecuted(let status):
                throw VenueFailure(problem: Problem(
                    .unprocessableEntity, type: "order-rejected", title: "Order not filled",
                    detail: "Binance executed nothing of this order (status \(status)); nothing was booked.",
                    reason: "not_filled"), details: details)
            case .symbolMismatch, .inconsistent:
                throw VenueFailure(problem: Problem(
                    .badGateway, type: "execution-not-booked", title: "Order executed but not booked",
                    detail: "Binance order \(result.orderId) (client order id \(result.clientOrderId)) was answered "
                        + "with numbers that cannot be booked (\(error)); it was not booked. Check the testnet account.",
                    reason: "not_booked"), details: details)
            }
        }
    }

    /// The user's keys, opened with the associated data they were sealed with.
    private static func credentials(of userID: UUID, on db: any Database, box: SecretBox) async throws -> BinanceCredentials {
        guard let row = try await ExchangeCredential.query(on: db).filter(\.$user.$id == userID)
            .filter(\.$exchange == venueName).first()
        else {
            throw VenueFailure(problem: Problem(
                .conflict, type: "exchange-keys-missing", title: "No exchange keys",
                detail: "Store your Binance Spot Testnet keys (PUT /api/v1/users/me/exchange-keys) first.",
                reason: "exchange_keys_missing"), details: [:])
        }
        do {
            return BinanceCredentials(
                apiKey: try box.openString(row.sealedAPIKey, associatedData: ExchangeCredential.context(userID, field: "api_key")),
                secretKey: try box.openString(row.sealedSecretKey, associatedData: ExchangeCredential.context(userID, field: "secret_key")))
        } catch {
            throw VenueFailure(problem: Problem(
                .unprocessableEntity, type: "exchange-keys-invalid", title: "Exchange keys unreadable",
                detail: "The stored exchange keys can no longer be decrypted; store them again "
                    + "(PUT /api/v1/users/me/exchange-keys).",
                reason: "exchange_keys_unreadable"), details: [:])
        }
    }
}
