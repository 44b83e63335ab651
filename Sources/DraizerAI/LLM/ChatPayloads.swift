/// The wire format of `POST /chat/completions` and `GET /models`, as DeepSeek documents it; fields only
/// one provider sends are optional, so an OpenAI-compatible answer decodes too.
struct ChatRequest: Encodable, Sendable {
    struct Message: Codable, Sendable, Equatable {
        let role: String
        let content: String
    }

    struct ThinkingOption: Encodable, Sendable {
        let type: String
    }

    struct ResponseFormat: Encodable, Sendable {
        let type: String
    }

    let model: String
    let messages: [Message]
    let thinking: ThinkingOption?
    let reasoningEffort: String?
    let responseFormat: ResponseFormat
    let temperature: Double?
    let maxTokens: Int
    let stream: Bool

    enum CodingKeys: String, CodingKey {
        case model, messages, thinking, temperature, stream
        case reasoningEffort = "reasoning_effort"
        case responseFormat = "response_format"
        case maxTokens = "max_tokens"
    }
}

struct ChatResponse: Decodable, Sendable {
    struct Choice: Decodable, Sendable {
        let message: Message?
        let finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }

    struct Message: Decodable, Sendable {
        let content: String?
        /// DeepSeek's chain of thought, in thinking mode.
        let reasoningContent: String?
        /// OpenAI's refusal text; DeepSeek signals a filtered answer with `finish_reason: "content_filter"`.
        let refusal: String?

        enum CodingKeys: String, CodingKey {
            case content, refusal
            case reasoningContent = "reasoning_content"
        }
    }

    struct Usage: Decodable, Sendable {
        struct PromptDetails: Decodable, Sendable {
            let cachedTokens: Int?
            enum CodingKeys: String, CodingKey { case cachedTokens = "cached_tokens" }
        }

        struct CompletionDetails: Decodable, Sendable {
            let reasoningTokens: Int?
            enum CodingKeys: String, CodingKey { case reasoningTokens = "reasoning_tokens" }
        }

        let promptTokens: Int
        let completionTokens: Int
        let promptTokensDetails: PromptDetails?
        let completionTokensDetails: CompletionDetails?
        let promptCacheHitTokens: Int?
        let promptCacheMissTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case promptTokensDetails = "prompt_tokens_details"
            case completionTokensDetails = "completion_tokens_details"
            case promptCacheHitTokens = "prompt_cache_hit_tokens"
            case promptCacheMissTokens = "prompt_cache_miss_tokens"
        }

        /// DeepSeek's hit/miss split when present; otherwise OpenAI's `cached_tokens`, the rest missing.
        var tokenUsage: TokenUsage {
            let hit = promptCacheHitTokens ?? promptTokensDetails?.cachedTokens ?? 0
            let miss = promptCacheMissTokens ?? max(promptTokens - hit, 0)
            return TokenUsage(
                promptTokens: promptTokens, completionTokens: completionTokens, cacheHitTokens: hit,
                cacheMissTokens: miss, reasoningTokens: completionTokensDetails?.reasoningTokens ?? 0)
        }
    }

    let model: String?
    let choices: [Choice]
    let usage: Usage?
}

/// `{"error": {"message": …, "type": …, "code": …}}`, the error body DeepSeek and OpenAI share.
struct APIErrorBody: Decodable, Sendable {
    struct Detail: Decodable, Sendable {
        let message: String?
        let type: String?
        let code: String?

        enum CodingKeys: String, CodingKey { case message, type, code }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try? container.decodeIfPresent(String.self, forKey: .message)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            // Some providers send a number here; a code that is not text is not worth failing over.
            code = try? container.decodeIfPresent(String.self, forKey: .code)
        }
    }

    let error: Detail
}

struct ModelList: Decodable, Sendable {
    struct Model: Decodable, Sendable {
        let id: String
    }

    let data: [Model]
}
