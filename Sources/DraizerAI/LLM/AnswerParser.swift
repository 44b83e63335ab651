import DraizerCore

/// Why a model's answer was refused. Either way the engine holds; nothing is ever salvaged from a bad
/// answer, least of all a number from the reasoning text.
public enum AnswerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a single JSON object.
    case malformed(String)
    /// A JSON object that breaks the schema or a range.
    case invalid(String)

    public var description: String {
        switch self {
        case .malformed(let detail), .invalid(let detail): detail
        }
    }

    var decisionError: DecisionError {
        switch self {
        case .malformed(let detail): .malformedAnswer(detail)
        case .invalid(let detail): .invalidAnswer(detail)
        }
    }
}

/// Turns a model's answer into a `Decision`, strictly.
///
/// The content must be exactly one JSON object (whitespace around it is fine; code fences and prose are
/// not) with exactly the keys of `AnswerSchema`, each once. `action` is one of BUY/SELL/HOLD in capitals;
/// `confidence` an integer literal in 0...100; amounts and prices decimal strings (or plain JSON number
/// literals, read digit for digit) with no sign, no exponent and at most eight decimals. The exit plan must
/// fit the action at the snapshot's price: a BUY needs a positive amount, a stop-loss below the price, a
/// take-profit above it and an invalidation condition; any prices given with SELL or HOLD must also
/// protect a long; a HOLD carries no amount.
public enum AnswerParser {
    public static func decision(from content: String, price: Price) -> Result<Decision, AnswerError> {
        do throws(AnswerError) {
            return .success(try parse(content, price: price))
        } catch {
            return .failure(error)
        }
    }

    private static func parse(_ content: String, price: Price) throws(AnswerError) -> Decision {
        let value: JSONValue
        do { value = try StrictJSONParser.parse(content) } catch {
            throw .malformed("not valid JSON: \(error)")
        }
        guard case .object(let members) = value else { throw .malformed("the answer is \(value.kind), not an object") }
        let fields = try exactFields(members, keys: AnswerSchema.keys, in: "the answer")

        guard case .string(let actionText) = fields[AnswerSchema.action]!,
              let action = DecisionAction(rawValue: actionText)
        else { throw .invalid("action must be \"BUY\", \"SELL\" or \"HOLD\"") }

        let confidence = try integer(fields[AnswerSchema.confidence]!, name: AnswerSchema.confidence)
        guard Decision.confidenceRange.contains(confidence) else {
            throw .invalid("confidence \(confidence) is outside 0...100")
        }

        guard case .string(let reasoning) = fields[AnswerSchema.reasoning]!,
              !reasoning.allSatisfy(\.isWhitespace)
        else { throw .invalid("reasoning must be a non-empty string") }

        var amount: Money?
        if let text = try decimal(fields[AnswerSchema.amount]!, name: AnswerSchema.amount) {
            do { amount = try Money(text) } catch { throw .invalid("amount_usd \(error)") }
        }

        guard case .object(let planMembers) = fields[AnswerSchema.exitPlan]! else {
            throw .invalid("exit_plan must be an object")
        }
        let plan = try exactFields(planMembers, keys: AnswerSchema.exitPlanKeys, in: "exit_plan")
        let stopLoss = try exitPrice(plan[AnswerSchema.stopLoss]!, name: AnswerSchema.stopLoss)
        let takeProfit = try exitPrice(plan[AnswerSchema.takeProfit]!, name: AnswerSchema.takeProfit)
        guard case .string(let invalidation) = plan[AnswerSchema.invalidation]! else {
            throw .invalid("invalidation must be a string")
        }

        switch action {
        case .buy:
            guard let amount, amount.isPositive else { throw .invalid("a BUY needs a positive amount_usd") }
            guard stopLoss != nil, takeProfit != nil else { throw .invalid("a BUY needs both stop_loss and take_profit") }
            guard !invalidation.allSatisfy(\.isWhitespace) else { throw .invalid("a BUY needs an invalidation condition") }
        case .sell:
            if let amount, !amount.isPositive { throw .invalid("a SELL amount_usd must be positive, or null to sell all") }
        case .hold:
            if let amount, !amount.isZero { throw .invalid("a HOLD must have amount_usd null") }
        }
        if let stopLoss, stopLoss >= price {
            throw .invalid("stop_loss \(stopLoss) must be below the current price \(price)")
        }
        if let takeProfit, takeProfit <= price {
            throw .invalid("take_profit \(takeProfit) must be above the current price \(price)")
        }

        let exitPlan: ExitPlan
        do { exitPlan = try ExitPlan(stopLoss: stopLoss, takeProfit: takeProfit, invalidation: invalidation) } catch {
            throw .invalid(error.description)
        }
        do {
            return try Decision(
                action: action, confidence: confidence, reasoning: reasoning,
                amount: action == .hold ? nil : amount, exitPlan: exitPlan)
        } catch {
            throw .invalid(error.description)
        }
    }

    /// The members by key, after checking there is each expected key exactly once and nothing else.
    private static func exactFields(
        _ members: [JSONValue.Member], keys: [String], in place: String
    ) throws(AnswerError) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        for member in members {
            guard keys.contains(member.key) else { throw .invalid("\(place) has an unexpected key \"\(member.key)\"") }
            guard fields.updateValue(member.value, forKey: member.key) == nil else {
                throw .invalid("\(place) repeats the key \"\(member.key)\"")
            }
        }
        if let missing = keys.first(where: { fields[$0] == nil }) {
            throw .invalid("\(place) is missing the key \"\(missing)\"")
        }
        return fields
    }

    /// A JSON integer literal (`72`; not `72.0`, `7.2e1` or `"72"`).
    private static func integer(_ value: JSONValue, name: String) throws(AnswerError) -> Int {
        guard case .number(let literal) = value else { throw .invalid("\(name) must be an integer, got \(value.kind)") }
        guard literal.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }), let number = Int(literal) else {
            throw .invalid("\(name) must be an integer, got \(literal)")
        }
        return number
    }

    /// The decimal text of a non-negative amount or price, or nil for JSON null.
    private static func decimal(_ value: JSONValue, name: String) throws(AnswerError) -> String? {
        let text: String
        switch value {
        case .null: return nil
        case .string(let s): text = s
        case .number(let literal): text = literal
        default: throw .invalid("\(name) must be a decimal string or null, got \(value.kind)")
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDecimal = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard isDecimal else {
            throw .invalid("\(name) must be a plain non-negative decimal such as \"250.00\", got \"\(text)\"")
        }
        return text
    }

    private static func exitPrice(_ value: JSONValue, name: String) throws(AnswerError) -> Price? {
        guard let text = try decimal(value, name: name) else { return nil }
        let price: Price
        do { price = try Price(text) } catch { throw .invalid("\(name) \(error)") }
        guard !price.isZero else { throw .invalid("\(name) must be above zero") }
        return price
    }
}
