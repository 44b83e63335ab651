import Foundation
import Testing

/// Two real server processes on one PostgreSQL: the deployment of the operations issue, where each bot
/// cycle must run exactly once whichever instance gets to it first.
@Suite("Bots on several instances")
struct MultiInstanceTests {
    /// Sums `name=N` over the scheduler's "bot cycles" log lines.
    private func total(_ name: String, in log: String) -> Int {
        log.split(separator: "\n").filter { $0.contains("bot cycles") }.reduce(0) { sum, line in
            guard let range = line.range(of: "\(name)=") else { return sum }
            return sum + (Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0)
        }
    }

    @Test(.enabled(if: TestDatabase.isPostgres, "needs the PostgreSQL the test command starts"))
    func everyDueCycleRunsOnceAcrossTwoInstances() async throws {
        let environment = try TestDatabase.deploymentEnvironment().merging([
            "LOG_LEVEL": "info", "AI_SCHEDULER_POLL_SECONDS": "1", "AI_DECISION_INTERVAL_MINUTES": "60",
        ]) { $1 }
        // The first instance migrates the schema; the second starts on it.
        let first = try await ServerProcess(environment: environment, captureOutput: true)
        defer { first.stop() }
        let second = try await ServerProcess(environment: environment, captureOutput: true)
        defer { second.stop() }

        let bots = 24
        var tokens: [String] = []
        for index in 0..<bots {
            let server = index.isMultiple(of: 2) ? first : second
            let (status, body) = try await server.post("api/v1/auth/register", [
                "email": "user\(index)@example.com", "username": "user\(index)", "password": "correct-Horse-battery-9"])
            try #require(status == 201, "register: \(body)")
            tokens.append(try #require(body["access_token"] as? String))
        }
        for token in tokens {
            let (status, body) = try await first.post("api/v1/ai/bot/start", [:], token: token)
            try #require(status == 200, "start: \(body)")
        }
        // Both schedulers poll every second; give them time to pick every due bot up.
        var recorded = 0
        for _ in 0..<60 {
            recorded = 0
            for token in tokens {
                let (_, page) = try await second.get("api/v1/ai/decisions", token: token)
                recorded += page["total"] as? Int ?? 0
            }
            if recorded >= bots { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        try await Task.sleep(for: .seconds(2))
        for token in tokens {
            let (_, page) = try await first.get("api/v1/ai/decisions", token: token)
            #expect(page["total"] as? Int == 1, "each bot decides once per due cycle")
        }
        let logs = [first.log(), second.log()]
        #expect(logs.map { total("decided", in: $0) }.reduce(0, +) == bots, "no cycle ran twice")
        #expect(logs.map { total("duplicates", in: $0) }.reduce(0, +) == 0)

        // An instance stops (stopping again later is harmless) and a new one starts: nothing already run runs again, and what becomes due runs.
        first.stop()
        let restarted = try await ServerProcess(environment: environment, captureOutput: true)
        defer { restarted.stop() }
        let (stopped, _) = try await restarted.post("api/v1/ai/bot/stop", [:], token: tokens[0])
        let (started, _) = try await restarted.post("api/v1/ai/bot/start", [:], token: tokens[0])
        #expect(stopped == 200 && started == 200)
        var resumed = 0
        for _ in 0..<40 where resumed < 2 {
            try await Task.sleep(for: .milliseconds(250))
            resumed = (try await restarted.get("api/v1/ai/decisions", token: tokens[0]).1["total"] as? Int) ?? 0
        }
        #expect(resumed == 2, "the restarted bot's new cycle ran")
        try await Task.sleep(for: .seconds(2))
        for token in tokens.dropFirst() {
            let (_, page) = try await restarted.get("api/v1/ai/decisions", token: token)
            #expect(page["total"] as? Int == 1, "no cycle ran again after the restart")
        }
    }
}
