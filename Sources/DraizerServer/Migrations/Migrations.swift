import Fluent

/// Every migration, in order. Append-only: a released migration is never edited, only followed by another.
enum Migrations {
    static let all: [any Migration] = [
        // 001: the original design's tables.
        CreateUsers(),
        CreatePortfolios(),
        CreatePositions(),
        CreateTransactions(),
        CreateAIDecisions(),
        CreateMarketData(),
        CreateAuditLogs(),
        CreateSecurityEvents(),
        // 002: accounts and security.
        UpdateUsersAddAuthState(),
        CreateUserSessions(),
        CreateRefreshTokens(),
        CreateRecoveryCodes(),
        CreateOutboxMessages(),
        CreateRateLimitCounters(),
        // 003: trading.
        UpdateLedgerAddCostBasisAndCounters(),
        CreateEquitySnapshots(),
        // 004: exchange keys and venues.
        CreateExchangeCredentials(),
        // 005: the AI bot.
        CreateBots(),
        UpdateAIDecisionsAddCycle(),
        // 006: versioned ledgers and change notifications for the caches of the hot paths.
        UpdatePortfoliosAddVersion(),
        CreateChangeNotifications(),
        // 007: bookings announce their ledgers in one notification per statement.
        UpdateLedgerNotifications(),
    ]
}
