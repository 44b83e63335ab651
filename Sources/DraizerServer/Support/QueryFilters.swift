import DraizerCore
import Fluent
import Foundation

/// The filters several lists share (`symbol`, `from`/`to`, paging), checked the same way everywhere.
enum QueryFilters {
    /// The symbol of a `symbol=` filter, or a 400 naming it.
    static func symbol(_ text: String) throws -> Symbol {
        do { return try Symbol(text) } catch {
            throw Problem.validation(error.description, params: [.init(name: "symbol", reason: "is not a symbol")])
        }
    }

    /// Restricts `query` to `[from, to)` on `createdAt`, refusing an empty or reversed range.
    static func timeRange<M: Model>(
        _ query: QueryBuilder<M>, _ field: KeyPath<M, TimestampProperty<M, DefaultTimestampFormat>>, from: Date?, to: Date?
    ) throws -> QueryBuilder<M> {
        if let from, let to, from >= to {
            throw Problem.validation("from must be before to.", params: [.init(name: "from", reason: "must be before to")])
        }
        var query = query
        if let from { query = query.filter(field >= from) }
        if let to { query = query.filter(field < to) }
        return query
    }

    /// One page of `query`, newest first.
    static func page<M: Model, Item>(
        _ query: QueryBuilder<M>, _ field: KeyPath<M, TimestampProperty<M, DefaultTimestampFormat>>, page: Int?, perPage: Int?,
        _ transform: (M) -> Item
    ) async throws -> Page<Item> {
        let (page, perPage) = try PageQuery(page: page, perPage: perPage).validated()
        let total = try await query.count()
        let rows = try await query.sort(field, .descending).sort(\._$id)
            .range(((page - 1) * perPage)..<(page * perPage)).all()
        return Page(items: rows.map(transform), page: page, perPage: perPage, total: total)
    }
}

extension Problem {
    static let llmUnavailable = Problem(
        .conflict, type: "llm-unavailable", title: "LLM unavailable",
        detail: "This server has no LLM API key; switch the bot to the rules engine first.", reason: "llm_unavailable")
}
