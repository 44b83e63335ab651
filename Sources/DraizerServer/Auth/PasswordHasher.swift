import Foundation
import NIOPosix
import Vapor

/// Argon2id off the event loops, with bounded concurrency and a bounded queue.
///
/// One hash takes ~64 MiB and, with p=4, up to four threads: running more hashes at once than the cores can
/// carry only multiplies memory. So at most `concurrency` hashes run (memory bound: concurrency × 64 MiB),
/// at most `queueLimit` wait, and beyond that the caller gets 503 with `Retry-After` instead of piling up.
/// The hashing threads run at a lower scheduling priority, so a login flood cannot starve the event loops
/// that serve every other request.
public actor PasswordHasher {
    public struct Limits: Sendable {
        public var concurrency: Int
        public var queueLimit: Int

        public init(concurrency: Int, queueLimit: Int) {
            self.concurrency = max(1, concurrency)
            self.queueLimit = max(0, queueLimit)
        }
    }

    public nonisolated let argon2: Argon2id
    public nonisolated let limits: Limits
    private let logger: Logger
    private let pool: NIOThreadPool
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Hashes currently waiting for a slot (reported by metrics and the benchmark).
    public var queueDepth: Int { waiting.count }

    public init(argon2: Argon2id, limits: Limits, logger: Logger) {
        self.argon2 = argon2
        self.limits = limits
        self.logger = logger
        self.pool = NIOThreadPool(numberOfThreads: limits.concurrency)
        self.pool.start()
    }

    public func hash(_ password: String) async throws -> String {
        let argon2 = self.argon2
        return try await withSlot { try argon2.hash(password: password) }
    }

    public func verify(_ password: String, against encoded: String) async throws -> Bool {
        let argon2 = self.argon2
        let outcome: Result<Bool, Argon2Error> = try await withSlot {
            do throws(Argon2Error) { return .success(try argon2.verify(password: password, encoded: encoded)) } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let matches):
            return matches
        case .failure(let error):
            // A corrupt stored hash or an allocation failure: never a successful login, but worth a log line.
            logger.error("password verification failed: \(error)")
            return false
        }
    }

    /// Spends the time of a real verification, so an unknown account answers as slowly as a wrong password.
    public func verifyDummy(_ password: String) async throws {
        let argon2 = self.argon2
        try await withSlot { argon2.verifyDummy(password: password) }
    }

    public func shutdown() async throws {
        try await pool.shutdownGracefully()
    }

    private func withSlot<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        if running < limits.concurrency {
            running += 1
        } else if waiting.count < limits.queueLimit {
            // The slot is handed over by `release()`, so `running` already counts us when we resume.
            await withCheckedContinuation { waiting.append($0) }
        } else {
            throw Problem(.serviceUnavailable, type: "busy", title: "Too many sign-ins at once",
                          detail: "The server is busy checking passwords; try again in a moment.",
                          headers: ["Retry-After": "1"])
        }
        defer { release() }
        return try await pool.runIfActive {
            Self.lowerThreadPriority()
            return try work()
        }
    }

    private func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Linux keeps a nice value per thread, and threads libargon2 starts inherit it.
    private static func lowerThreadPriority() {
        #if os(Linux)
        // who = 0 is the calling thread on Linux (the nice value is per thread there).
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }
}
