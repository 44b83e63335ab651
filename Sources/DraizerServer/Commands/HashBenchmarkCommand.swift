import Foundation
import Vapor

/// `draizer hash-benchmark [--count N]`: the raw Argon2id rate of libargon2 on this machine, in process,
/// with the server's parameters and nothing else around it: what `make bench` compares logins against.
struct HashBenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "count", help: "hashes to compute (default 20)")
        var count: Int?
    }

    var help: String { "Measures raw Argon2id hashes per second with the configured parameters." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let argon2 = context.application.services.passwords.argon2
        let count = max(1, signature.count ?? 20)
        _ = try argon2.hash(password: "warm-up-password")
        let started = ContinuousClock.now
        for index in 0..<count { _ = try argon2.hash(password: "benchmark-password-\(index)") }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let parameters = argon2.parameters
        context.console.print(String(format: "argon2id m=%d KiB t=%d p=%d: %d hashes in %.2f s = %.2f hashes/s",
                                     Int(parameters.memoryKiB), Int(parameters.iterations), Int(parameters.parallelism),
                                     count, seconds, Double(count) / seconds))
    }
}
