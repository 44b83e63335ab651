import Foundation
import Testing
@testable import DraizerServer

/// Hashes must move both ways between this code and Python's argon2-cffi (the original design's library),
/// so existing password hashes keep working.
@Suite(.enabled(if: Python.canImport("argon2"), "needs python3 with argon2-cffi (pip install argon2-cffi)"))
struct Argon2idInteropTests {
    struct Exchange: Codable {
        let swiftHash: String
        let swiftPassword: String
        let pythonPassword: String
    }

    struct Answer: Codable {
        let swiftHashVerifies: Bool
        let wrongPasswordRejected: Bool
        let swiftHashNeedsRehash: Bool
        let pythonHash: String
    }

    static let script = """
    import json, sys
    from argon2 import PasswordHasher
    from argon2.exceptions import VerifyMismatchError
    c = json.loads(sys.argv[1])
    ph = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4, hash_len=32, salt_len=16)
    try:
        ph.verify(c["swiftHash"], c["swiftPassword"] + "x")
        wrong_rejected = False
    except VerifyMismatchError:
        wrong_rejected = True
    print(json.dumps({
        "swiftHashVerifies": ph.verify(c["swiftHash"], c["swiftPassword"]),
        "wrongPasswordRejected": wrong_rejected,
        "swiftHashNeedsRehash": ph.check_needs_rehash(c["swiftHash"]),
        "pythonHash": ph.hash(c["pythonPassword"]),
    }))
    """

    @Test func hashesVerifyInBothDirectionsWithArgon2Cffi() throws {
        let hasher = try Argon2id()
        let swiftPassword = "Swift wrote this: pässwörd 🔑"
        let pythonPassword = "Python wrote this: ünïcödé"
        let answer = try Python.json(
            Self.script,
            input: Exchange(swiftHash: try hasher.hash(password: swiftPassword),
                            swiftPassword: swiftPassword, pythonPassword: pythonPassword),
            as: Answer.self)

        #expect(answer.swiftHashVerifies)
        #expect(answer.wrongPasswordRejected)
        #expect(!answer.swiftHashNeedsRehash)
        #expect(answer.pythonHash.hasPrefix("$argon2id$v=19$m=65536,t=3,p=4$"))
        #expect(try hasher.verify(password: pythonPassword, encoded: answer.pythonHash))
        #expect(try !hasher.verify(password: swiftPassword, encoded: answer.pythonHash))
        #expect(!hasher.needsRehash(encoded: answer.pythonHash))
    }
}
