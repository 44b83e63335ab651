import Foundation
import Testing
@testable import DraizerServer

@Suite struct Argon2idTests {
    /// Cheap settings for tests that are about behaviour, not cost (libargon2's minimum memory for p=1).
    static let cheap = Argon2id.Parameters(memoryKiB: 8, iterations: 1, parallelism: 1)

    @Test func defaultParametersAreTheOriginalDesigns() {
        let defaults = Argon2id.Parameters()
        #expect(defaults == Argon2id.Parameters(memoryKiB: 65_536, iterations: 3, parallelism: 4,
                                                saltLength: 16, hashLength: 32))
    }

    @Test func defaultHashIsAPHCStringWithTheDesignParameters() throws {
        let hasher = try Argon2id()
        let encoded = try hasher.hash(password: "correct horse battery staple")
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        #expect(encoded.hasPrefix("$argon2id$v=19$m=65536,t=3,p=4$"))
        #expect(fields.count == 6)
        #expect(fields[4].count == 22) // 16-byte salt, unpadded base64
        #expect(fields[5].count == 43) // 32-byte hash, unpadded base64
        #expect(try hasher.verify(password: "correct horse battery staple", encoded: encoded))
        #expect(!hasher.needsRehash(encoded: encoded))
    }

    @Test func correctPasswordVerifies() throws {
        let hasher = try Argon2id(parameters: Self.cheap)
        let encoded = try hasher.hash(password: "pässwörd 🔑")
        #expect(try hasher.verify(password: "pässwörd 🔑", encoded: encoded))
    }

    @Test func wrongPasswordDoesNotVerify() throws {
        let hasher = try Argon2id(parameters: Self.cheap)
        let encoded = try hasher.hash(password: "hunter2")
        #expect(try !hasher.verify(password: "hunter3", encoded: encoded))
        #expect(try !hasher.verify(password: "", encoded: encoded))
    }

    @Test func hashingTwiceUsesDifferentSalts() throws {
        let hasher = try Argon2id(parameters: Self.cheap)
        #expect(try hasher.hash(password: "same") != hasher.hash(password: "same"))
    }

    @Test func corruptStoredHashThrowsInsteadOfReportingAMismatch() throws {
        let hasher = try Argon2id(parameters: Self.cheap)
        #expect(throws: Argon2Error.self) { try hasher.verify(password: "x", encoded: "not a hash") }
        let argon2i = "$argon2i$v=19$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
        #expect(throws: Argon2Error.self) { try hasher.verify(password: "x", encoded: argon2i) }
    }

    @Test func invalidParametersFailWhenTheHasherIsMade() {
        // libargon2 needs at least 8 KiB per lane.
        #expect(throws: Argon2Error.self) {
            try Argon2id(parameters: .init(memoryKiB: 8, iterations: 1, parallelism: 4))
        }
    }

    @Test func hashesWithOtherSettingsNeedRehash() throws {
        let production = try Argon2id(parameters: Self.cheap)
        let stronger = try Argon2id(parameters: .init(memoryKiB: 16, iterations: 2, parallelism: 1))
        let encoded = try production.hash(password: "pw")
        #expect(!production.needsRehash(encoded: encoded))
        #expect(stronger.needsRehash(encoded: encoded))
        // Verification follows the stored settings, so the stronger hasher still accepts the old hash.
        #expect(try stronger.verify(password: "pw", encoded: encoded))
        #expect(production.needsRehash(encoded: "garbage"))
        #expect(production.needsRehash(encoded: encoded.replacingOccurrences(of: "v=19", with: "v=16")))
    }

    @Test func dummyHashUsesTheConfiguredParametersAndRejectsPasswords() throws {
        let hasher = try Argon2id(parameters: Self.cheap)
        #expect(hasher.dummyHash.hasPrefix("$argon2id$v=19$m=8,t=1,p=1$"))
        #expect(!hasher.needsRehash(encoded: hasher.dummyHash))
        #expect(try !hasher.verify(password: "", encoded: hasher.dummyHash))
        hasher.verifyDummy(password: "anything")
    }
}
