import AsyncHTTPClient
import DraizerAI
import Logging
import NIOConcurrencyHelpers

/// The decision engines this server offers: the offline rules engine always, the LLM engine when an API
/// key is configured. Whether the configured model exists is asked once at start and remembered, so the
/// bot settings can say so instead of every cycle failing the same way.
final class BotEngines: Sendable {
    let rules: RulesEngine
    let llm: LLMDecisionEngine?
    private let modelStatus = NIOLockedValueBox<ModelAvailability?>(nil)

    init(configuration: LLMConfiguration, httpClient: HTTPClient, logger: Logger) {
        rules = RulesEngine()
        llm = configuration.apiKey == nil ? nil
            : LLMDecisionEngine(configuration: configuration, httpClient: httpClient, logger: logger)
    }

    /// The engine a bot asked for, or nil when it asked for the LLM and none is configured.
    func engine(_ kind: EngineKind) -> (any DecisionEngine)? {
        switch kind {
        case .rules: rules
        case .llm: llm
        }
    }

    var model: String? { llm?.configuration.model }

    /// The answer of the last model check, nil before it ran (or without an LLM).
    var availability: ModelAvailability? { modelStatus.withLockedValue { $0 } }

    /// Asks the provider whether the configured model exists, and logs the answer where an operator sees it.
    func checkModel(logger: Logger) async {
        guard let llm else { return }
        let status = await llm.checkModel()
        modelStatus.withLockedValue { $0 = status }
        switch status {
        case .available(let model):
            logger.notice("LLM model available", metadata: ["model": .string(model)])
        case .missing(let model, let available):
            logger.critical(
                "LLM model '\(model)' does not exist at \(llm.configuration.baseURL): set DEEPSEEK_MODEL to one of \(available.joined(separator: ", ")). LLM decisions will be HOLD until it is fixed.")
        case .unreachable(let error):
            logger.error("could not check the LLM model: \(error)")
        }
    }
}
