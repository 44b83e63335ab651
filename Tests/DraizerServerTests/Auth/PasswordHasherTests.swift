import Foundation
import Logging
import Testing
import Vapor
@testable import DraizerServer

@Suite("Password hashing off the event loops")
struct PasswordHasherTests {
    @Test func aFloodBeyondTheQueueIsAnsweredBusyInsteadOfPilingUp() async throws {
        // The design's parameters (64 MiB): one hash takes long enough for the others to arrive meanwhile.
        let hasher = PasswordHasher(argon2: try Argon2id(), limits: .init(concurrency: 1, queueLimit: 1),
                                    logger: Logger(label: "test"))
        let outcomes = await withTaskGroup(of: Result<String, any Error>.self) { group in
            for index in 0..<6 {
                group.addTask {
                    do { return .success(try await hasher.hash("flood-password-\(index)")) } catch { return .failure(error) }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let hashed = outcomes.filter { if case .success = $0 { true } else { false } }.count
        let busy = outcomes.compactMap { outcome -> Problem? in
            if case .failure(let error) = outcome { return error as? Problem } else { return nil }
        }
        // One runs, one waits, the rest are turned away at once: memory stays bounded by one hash.
        #expect(hashed >= 2)
        #expect(busy.count + hashed == 6)
        #expect(!busy.isEmpty)
        for problem in busy {
            #expect(problem.status == .serviceUnavailable)
            #expect(problem.headers.first(name: "Retry-After") == "1")
        }
        #expect(await hasher.queueDepth == 0)
        try await hasher.shutdown()
    }

    @Test func verificationAgreesWithHashing() async throws {
        var parameters = Argon2id.Parameters()
        parameters.memoryKiB = 1024
        let hasher = PasswordHasher(argon2: try Argon2id(parameters: parameters), limits: .init(concurrency: 2, queueLimit: 8),
                                    logger: Logger(label: "test"))
        let hash = try await hasher.hash("correct-Horse-battery-9")
        #expect(try await hasher.verify("correct-Horse-battery-9", against: hash))
        #expect(try await !hasher.verify("wrong-Horse-battery-9", against: hash))
        #expect(try await !hasher.verify("correct-Horse-battery-9", against: "$argon2id$v=19$corrupt"))
        try await hasher.shutdown()
    }
}
