/// The one JSON shape the model must answer with, shown verbatim in the system prompt and enforced by
/// `AnswerParser`, so the two cannot drift apart.
public enum AnswerSchema {
    public static let action = "action"
    public static let confidence = "confidence"
    public static let reasoning = "reasoning"
    public static let amount = "amount_usd"
    public static let exitPlan = "exit_plan"
    public static let stopLoss = "stop_loss"
    public static let takeProfit = "take_profit"
    public static let invalidation = "invalidation"

    /// The answer's keys, in the order the schema lists them.
    public static let keys = [action, confidence, reasoning, amount, exitPlan]
    public static let exitPlanKeys = [stopLoss, takeProfit, invalidation]

    /// JSON Schema (draft 2020-12) of the answer.
    public static let jsonSchema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["action", "confidence", "reasoning", "amount_usd", "exit_plan"],
          "properties": {
            "action": {"enum": ["BUY", "SELL", "HOLD"]},
            "confidence": {"type": "integer", "minimum": 0, "maximum": 100},
            "reasoning": {"type": "string", "minLength": 1},
            "amount_usd": {"type": ["string", "null"], "pattern": "^[0-9]+(\\\\.[0-9]{1,8})?$"},
            "exit_plan": {
              "type": "object",
              "additionalProperties": false,
              "required": ["stop_loss", "take_profit", "invalidation"],
              "properties": {
                "stop_loss": {"type": ["string", "null"], "pattern": "^[0-9]+(\\\\.[0-9]{1,8})?$"},
                "take_profit": {"type": ["string", "null"], "pattern": "^[0-9]+(\\\\.[0-9]{1,8})?$"},
                "invalidation": {"type": "string"}
              }
            }
          }
        }
        """

    /// A valid BUY answer (for a price between 60 850 and 62 400), shown to the model as an example.
    public static let example = """
        {"action": "BUY", "confidence": 72, "reasoning": "EMA20 above EMA50 on 15m and 4h, RSI 58, MACD \
        histogram rising; the target is 1.9 % away, well above the 0.2 % round-trip fee.", "amount_usd": "250.00", \
        "exit_plan": {"stop_loss": "60850.00", "take_profit": "62400.00", "invalidation": "a 4h close below the EMA50"}}
        """
}
