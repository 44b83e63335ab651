import Foundation

/// Replies shaped like the provider's real ones (the captures in the DeepSeek reference, §4 and §6).
public enum ChatReplies {
    /// A DeepSeek chat completion: UUID-like id, DeepSeek's cache fields next to OpenAI's `cached_tokens`,
    /// `reasoning_content` and `reasoning_tokens` when a chain of thought is given.
    public static func completion(
        content: String?, finishReason: String = "stop", reasoning: String? = nil, model: String = "deepseek-v4-flash",
        promptTokens: Int = 1_500, cacheHitTokens: Int = 1_280, completionTokens: Int = 90, reasoningTokens: Int? = nil,
        delay: Duration = .zero
    ) -> FakeLLMServer.Reply {
        var message: [String: Any] = ["role": "assistant", "content": orNull(content)]
        if let reasoning { message["reasoning_content"] = reasoning }
        var usage: [String: Any] = [
            "prompt_tokens": promptTokens, "completion_tokens": completionTokens,
            "total_tokens": promptTokens + completionTokens,
            "prompt_tokens_details": ["cached_tokens": cacheHitTokens],
            "prompt_cache_hit_tokens": cacheHitTokens, "prompt_cache_miss_tokens": promptTokens - cacheHitTokens,
        ]
        if let reasoningTokens { usage["completion_tokens_details"] = ["reasoning_tokens": reasoningTokens] }
        let body: [String: Any] = [
            "id": "f8b6e8dc-d500-4f08-a841-7476090e9f67", "object": "chat.completion", "created": 1_778_490_745,
            "model": model,
            "choices": [["index": 0, "message": message, "logprobs": NSNull(), "finish_reason": finishReason]],
            "usage": usage,
            "system_fingerprint": "fp_8b330d02d0_prod0820_fp8_kvcache_20260402",
        ]
        return FakeLLMServer.Reply(status: 200, body: json(body), delay: delay)
    }

    /// An OpenAI chat completion: `chatcmpl-` id, a `refusal` field, no DeepSeek cache fields.
    public static func openAICompletion(
        content: String?, refusal: String? = nil, promptTokens: Int = 1_500, cachedTokens: Int = 1_024,
        completionTokens: Int = 60
    ) -> FakeLLMServer.Reply {
        let body: [String: Any] = [
            "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1_741_569_952,
            "model": "gpt-4.1-2025-04-14",
            "choices": [[
                "index": 0,
                "message": [
                    "role": "assistant", "content": orNull(content), "refusal": orNull(refusal),
                    "annotations": [Any](),
                ],
                "logprobs": NSNull(), "finish_reason": "stop",
            ]],
            "usage": [
                "prompt_tokens": promptTokens, "completion_tokens": completionTokens,
                "total_tokens": promptTokens + completionTokens,
                "prompt_tokens_details": ["cached_tokens": cachedTokens, "audio_tokens": 0],
                "completion_tokens_details": [
                    "reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0,
                    "rejected_prediction_tokens": 0,
                ],
            ],
            "service_tier": "default",
        ]
        return FakeLLMServer.Reply(status: 200, body: json(body))
    }

    /// `{"error": {...}}` with the given status, as DeepSeek sends it.
    public static func error(_ status: Int, _ message: String, type: String = "invalid_request_error", code: String? = "invalid_request_error")
        -> FakeLLMServer.Reply
    {
        let body: [String: Any] = [
            "error": ["message": message, "type": type, "param": NSNull(), "code": orNull(code)]
        ]
        return FakeLLMServer.Reply(status: status, body: json(body))
    }

    public static func models(_ ids: [String]) -> FakeLLMServer.Reply {
        let body: [String: Any] = [
            "object": "list",
            "data": ids.map { ["id": $0, "object": "model", "owned_by": "deepseek"] },
        ]
        return FakeLLMServer.Reply(status: 200, body: json(body))
    }

    /// A valid BUY answer for a price of 50 000.
    public static let buyAnswer = """
        {"action": "BUY", "confidence": 72, "reasoning": "EMA20 51000 above EMA50 50500, RSI 58.", \
        "amount_usd": "250.50", "exit_plan": {"stop_loss": "49000.00", "take_profit": "52500.00", \
        "invalidation": "a 4h close below the EMA50"}}
        """

    public static let holdAnswer = """
        {"action": "HOLD", "confidence": 40, "reasoning": "No edge after fees.", "amount_usd": null, \
        "exit_plan": {"stop_loss": null, "take_profit": null, "invalidation": ""}}
        """

    /// The value, or JSON null.
    private static func orNull(_ value: String?) -> Any { value.map { $0 as Any } ?? NSNull() }

    private static func json(_ object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
